// /metrics' first rendering before the API listens (src/api/first-rendering.ts): the API
// on a real socket listens only once the read model it starts with is rendered, and the
// first scrape is answered from that rendering; the wait is bounded, and a failed
// rendering does not keep the API from listening.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderBeforeListening } from '../../../src/api/first-rendering.js';
import { startApi } from '../../../src/api/server.js';
import { captureLogger } from '../sinks/helpers/logger.js';
import { apiOptionsOf, fixture, testConfig } from './fixtures.js';

describe("/metrics' first rendering before listening", () => {
  test('the API listens once the read model it starts with is rendered, and the first scrape reads that rendering', async () => {
    const { logger, lines } = captureLogger('info');
    const f = fixture({ config: testConfig(`{ listen: '127.0.0.1:0' }`) });
    const dataVersion = f.latest.dataVersion;
    assert.ok(dataVersion > 0, 'the fixture ticked: there is something to render');
    const api = await startApi(apiOptionsOf(f, { logger }));
    try {
      const messages = lines().map((l) => l.msg);
      const rendered = messages.indexOf('metrics rendered before listening');
      assert.ok(rendered >= 0, `no rendering logged before listening: ${JSON.stringify(messages)}`);
      assert.ok(
        rendered < messages.indexOf('api listening'),
        `rendered after listening: ${JSON.stringify(messages)}`,
      );
      const renderedLine = lines()[rendered]!;
      assert.equal(renderedLine.component, 'metrics');
      assert.equal(typeof renderedLine.ms, 'number');

      const text = await (await fetch(`${api.url}/metrics`)).text();
      // The read model did not change since: the scrape is answered from the rendering made
      // before listening, and none other was made.
      assert.equal(f.latest.dataVersion, dataVersion);
      assert.match(text, /^lagwatch_metrics_renderings_total 1$/m);
      assert.match(text, /^burrow_kafka_consumer_partition_lag\{cluster="a",/m);
    } finally {
      await api.close();
    }
  });

  test('a rendering slower than the wait: the start goes on after it, and says so', async () => {
    const { logger, lines } = captureLogger('info');
    const started = performance.now();
    const outcome = await renderBeforeListening(
      { settled: () => new Promise<void>(() => undefined) },
      logger,
      30,
    );
    assert.equal(outcome.kind, 'still-rendering');
    assert.ok(performance.now() - started >= 25, 'it waited for the wait');
    assert.deepEqual(
      lines().map((l) => [l.level, l.msg]),
      [[40, 'metrics still rendering; listening anyway']],
    );
  });

  test('a rendering that fails: logged with its error, and the start goes on', async () => {
    const { logger, lines } = captureLogger('info');
    const outcome = await renderBeforeListening(
      { settled: () => Promise.reject(new Error('label cache broke')) },
      logger,
      5_000,
    );
    assert.equal(outcome.kind, 'failed');
    assert.equal(lines().length, 1);
    assert.equal(lines()[0]!.msg, 'metrics rendering failed at start');
    assert.equal((lines()[0]!.err as { message: string }).message, 'label cache broke');
  });

  test('a rendering that ends in time: its time is logged, and no timer is left behind', async () => {
    const { logger, lines } = captureLogger('info');
    const timers = (): number =>
      (process as unknown as { getActiveResourcesInfo(): string[] })
        .getActiveResourcesInfo()
        .filter((r) => r === 'Timeout').length;
    const before = timers();
    const outcome = await renderBeforeListening(
      { settled: () => new Promise<void>((resolve) => setTimeout(resolve, 20)) },
      logger,
      60_000,
    );
    assert.equal(outcome.kind, 'rendered');
    assert.ok(outcome.ms >= 15);
    assert.deepEqual(
      lines().map((l) => [l.level, l.msg, l.ms]),
      [[30, 'metrics rendered before listening', outcome.ms]],
    );
    // The 60 s timer of the wait, left running, would hold a CLI's process open.
    assert.equal(timers(), before);
  });
});
