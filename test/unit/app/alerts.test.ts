// The alerts' state in the state directory: a delivery's outcome is written at once, not
// with the next tick's write (here ten minutes away), so a kill -9 right after a delivery
// leaves a state from which a restart sends nothing again. A local HTTP server stands in
// for the webhook receiver; the state is a real state directory on disk.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { readAlertsState } from '../../../src/alerts/index.js';
import { Alerts } from '../../../src/app/alerts.js';
import { parseConfig } from '../../../src/config/index.js';
import { DurableState, type Watched } from '../../../src/state/index.js';
import { readState } from '../../../src/state/read-state.js';
import { WindowStore } from '../../../src/window/store.js';
import { group, report } from '../alerts/fixtures.js';
import { captureLogger, storeOptions, tempDir } from '../state/fixtures.js';

const received: Record<string, unknown>[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    received.push(JSON.parse(body) as Record<string, unknown>);
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

const watchAll: Watched = { cluster: () => true, group: () => true, topic: () => true };

async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a delivered open is in the state file at once; a restart from it sends nothing', async () => {
  const dir = tempDir();
  const config = parseConfig(
    `clusters: [{name: local, brokers: ['127.0.0.1:9092']}]
state: {dir: '${dir}', persistIntervalMs: 10m}
notifiers: [{name: hook, type: webhook, url: '${url}', interval: 0}]
`,
    { env: {} },
  );
  const logger = captureLogger().logger;
  const durable = await DurableState.open({
    dir,
    persistIntervalMs: config.state.persistIntervalMs,
    logger,
    watched: watchAll,
    store: new WindowStore(storeOptions),
  });
  const store = new WindowStore(storeOptions);
  durable.track({ windows: () => store.exportState(), ticks: () => [] });
  const alerts = new Alerts(config, { logger, env: {} });
  alerts.restore(durable);
  durable.afterTick(); // the tick's write: the next one may come ten minutes later
  await until('the first write', () => durable.writeStats?.writes === 1);

  alerts.observe(report(1, [group('orders', 'ERR')]));
  await until('the open at the receiver', () => received.length === 1);
  assert.equal(received[0]?.kind, 'open');
  const onDisk = async () => {
    const read = await readState(dir, { logger });
    return read.kind === 'read' ? readAlertsState(read.state.modules.alerts) : undefined;
  };
  await until('the delivery in the state file', async () => {
    const state = await onDisk();
    const sent = state?.trackers.hook?.open[0]?.sent ?? [];
    return sent.length === 1 && sent[0]?.result === 'sent';
  });
  const written = await onDisk();
  assert.deepEqual(written?.queues, { hook: [] }, 'the open has left the queue on disk');
  // The file is renamed into place before the write is counted (the directory's sync).
  await until('the write counted', () => (durable.writeStats?.writes ?? 0) >= 2);
  assert.equal(durable.writeStats?.writes, 2, 'one write after the delivery, none other');

  // A restart from that file (as after a kill -9 now): the incident is open, nothing queued.
  const again = new Alerts(config, { logger, env: {} });
  again.restore({
    get: () => written,
    put: () => undefined,
    putNow: () => undefined,
  } as unknown as DurableState);
  again.observe(report(2, [group('orders', 'ERR')]));
  assert.equal(again.openCounts().get('hook'), 1);
  assert.deepEqual(again.notifiers[0]?.pending(), [], 'no second open queued');
  assert.equal(again.notifiers[0]?.health().queued, 0);

  await alerts.close(1000);
  await again.close(1000);
  await durable.close();
  assert.equal(received.length, 1, 'one open in all');
});

test('a restart that no longer samples a cluster closes its incidents as "unmonitored"', async () => {
  const configWith = (cluster: string) =>
    parseConfig(
      `clusters: [{name: ${cluster}, brokers: ['127.0.0.1:9092']}]
notifiers: [{name: hook, type: webhook, url: '${url}', interval: 0}]
`,
      { env: {} },
    );
  const logger = captureLogger().logger;
  const first = new Alerts(configWith('local'), { logger, env: {} });
  first.observe(report(1, [group('orders', 'ERR')]));
  await first.close(1000); // the open is delivered
  const state: unknown = JSON.parse(JSON.stringify(first.exportState()));
  const seen = received.length;
  assert.equal(received.at(-1)?.id, 'local/orders');

  // Restarted with cluster `local` gone from the configuration: no report of it will come.
  const again = new Alerts(configWith('other'), { logger, env: {} });
  again.restore({
    get: () => state,
    put: () => undefined,
    putNow: () => undefined,
  } as unknown as DurableState);
  assert.equal(again.openCounts().get('hook'), 0, 'nothing left open');
  await again.close(1000);
  assert.equal(received.length, seen + 1, 'one notification: the close');
  const close = received.at(-1);
  assert.equal(close?.kind, 'close');
  assert.equal(close?.id, 'local/orders');
  assert.equal(close?.closeReason, 'unmonitored');
  assert.deepEqual(
    again.incidents('local').closed.map((r) => r.incident.closeReason),
    ['unmonitored'],
  );
});
