// OUTAGE TEST: stops and restarts the stack's Elasticsearch (scripts/stack stop|start,
// data and port kept; the restart takes about ten seconds). Elasticsearch is away for
// several ticks; every document of those ticks arrives, exactly once: with the sink
// running through the outage, and with a lagwatch restart in the middle of it (the spool
// outlives the sink object). The node is started again in `finally`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { elasticsearchConfig, fastRetry } from '../../unit/sinks/helpers/sink-config.js';
import { allDocuments, esClient, removePrefix } from './es-helpers.js';
import { expectedDocuments, keyOfSource } from './expected.js';
import { env, stack, tempDir, until } from './helpers.js';

const t0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const tick = (n: number): EvaluationReport => variedReport('prod', t0 + n * 30_000, n);

describe('Elasticsearch outage (stops the node)', { timeout: 240_000 }, () => {
  const client = esClient();
  const prefixes = [uniqueName('lw-outage-a'), uniqueName('lw-outage-b')];
  const spools = [tempDir('lw-spool-a-'), tempDir('lw-spool-b-')];
  after(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.close();
    for (const dir of spools) rmSync(dir, { recursive: true, force: true });
  });

  test('every document of the ticks during the outage arrives once, also across a restart of the sink', async () => {
    const make = (i: number) =>
      new ElasticsearchSink(
        elasticsearchConfig({
          name: `es-${i}`,
          nodes: [env.elasticsearchUrl],
          indexPrefix: prefixes[i],
          setupOnStart: true,
          batch: { flushIntervalMs: 50 },
          retry: fastRetry,
          // The steady sink keeps its backlog in memory through this short outage (the
          // path without a spool flush); the restarted one moves it to the spool after 1 s.
          spool: { dir: spools[i], flushIntervalMs: i === 0 ? 60_000 : 1_000 },
        }),
        {},
        captureLogger().logger,
      );
    const steady = make(0);
    let restarted = make(1);
    assert.deepEqual(await steady.start(10_000), { kind: 'ok' });
    assert.deepEqual(await restarted.start(10_000), { kind: 'ok' });
    const writeBoth = (report: EvaluationReport): void => {
      steady.write(report);
      restarted.write(report);
    };

    writeBoth(tick(0));
    assert.deepEqual(await steady.flush(10_000), { kind: 'ok' });
    assert.deepEqual(await restarted.flush(10_000), { kind: 'ok' });

    stack('stop', 'elasticsearch');
    try {
      for (let n = 1; n <= 3; n++) {
        writeBoth(tick(n));
        await wait(300);
      }
      await until(
        'the sink notices the outage',
        () => steady.health().state === 'retrying',
        10_000,
      );
      assert.ok(steady.health().queued > 0);

      const closed = await restarted.close(500);
      assert.equal(closed.kind, 'retryable');
      restarted = make(1);
      assert.ok(restarted.health().spooled > 0);
      for (let n = 4; n <= 5; n++) {
        writeBoth(tick(n));
        await wait(300);
      }
    } finally {
      stack('start', 'elasticsearch');
    }

    assert.deepEqual(await steady.flush(60_000), { kind: 'ok' });
    assert.deepEqual(await restarted.flush(60_000), { kind: 'ok' });
    const expected = new Map([0, 1, 2, 3, 4, 5].flatMap((n) => [...expectedDocuments(tick(n))]));
    for (const prefix of prefixes) {
      const hits = await allDocuments(client, prefix);
      assert.equal(hits.length, expected.size, prefix);
      assert.equal(new Set(hits.map((h) => keyOfSource(h.source))).size, expected.size);
      for (const hit of hits) assert.deepEqual(hit.source, expected.get(keyOfSource(hit.source)));
    }
    for (const sink of [steady, restarted]) {
      const health = sink.health();
      assert.equal(health.dropped, 0);
      assert.equal(health.rejected, 0);
      assert.equal(health.spooled, 0);
      assert.deepEqual(await sink.close(1000), { kind: 'ok' });
    }
  });
});
