// OUTAGE TEST: stops and restarts the stack's InfluxDB (scripts/stack stop|start, data and
// port kept). InfluxDB is away for several ticks; every point of those ticks arrives,
// exactly once: with the sink running through the outage, and with a lagwatch restart in
// the middle of it (the spool outlives the sink object). The server is started again in
// `finally`, before the file ends.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { fastRetry, influxConfig } from '../../unit/sinks/helpers/sink-config.js';
import { defaultSchemaRows, mergeRows, normalizeRows } from './expected.js';
import { createDatabase, dropDatabase, env, influxRows, stack, tempDir } from './helpers.js';

const t0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const tick = (n: number): EvaluationReport => variedReport('prod', t0 + n * 30_000, n);

describe('InfluxDB outage (stops the server)', { timeout: 180_000 }, () => {
  const dbs = [uniqueName('lw_outage_a'), uniqueName('lw_outage_b')].map((d) =>
    d.replaceAll('-', '_'),
  );
  const spools = [tempDir('lw-spool-a-'), tempDir('lw-spool-b-')];
  after(async () => {
    for (const db of dbs) await dropDatabase(db);
    for (const dir of spools) rmSync(dir, { recursive: true, force: true });
  });

  test('every point of the ticks during the outage arrives once, also across a restart of the sink', async () => {
    for (const db of dbs) await createDatabase(db);
    const make = (i: number) =>
      new InfluxDbSink(
        influxConfig({
          name: `influx-${i}`,
          api: 'v1',
          url: env.influxdbUrl,
          database: dbs[i],
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
    const writeBoth = (report: EvaluationReport): void => {
      steady.write(report);
      restarted.write(report);
    };

    writeBoth(tick(0));
    assert.deepEqual(await steady.flush(10_000), { kind: 'ok' });
    assert.deepEqual(await restarted.flush(10_000), { kind: 'ok' });

    stack('stop', 'influxdb');
    try {
      for (let n = 1; n <= 3; n++) {
        writeBoth(tick(n));
        await wait(300);
      }
      const during = steady.health();
      assert.equal(during.state, 'retrying', JSON.stringify(during));
      assert.ok(during.queued > 0);
      assert.ok(during.retries > 0);

      // lagwatch restarts in the middle of the outage: what it holds goes to the spool ...
      const closed = await restarted.close(500);
      assert.equal(closed.kind, 'retryable');
      assert.ok(closed.kind === 'retryable');
      assert.match(closed.error, /items kept in the spool for the next start/);
      // ... and the next lagwatch finds it there.
      restarted = make(1);
      assert.ok(restarted.health().spooled > 0);
      for (let n = 4; n <= 5; n++) {
        writeBoth(tick(n));
        await wait(300);
      }
    } finally {
      stack('start', 'influxdb');
    }

    assert.deepEqual(await steady.flush(30_000), { kind: 'ok' });
    assert.deepEqual(await restarted.flush(30_000), { kind: 'ok' });
    const expected = mergeRows([0, 1, 2, 3, 4, 5].map((n) => defaultSchemaRows(tick(n))));
    for (const db of dbs) {
      for (const [measurement, rows] of Object.entries(expected)) {
        const actual = await influxRows(db, measurement);
        const columns = [
          ...new Set([...Object.keys(actual[0] ?? {}), ...rows.flatMap(Object.keys)]),
        ];
        assert.equal(actual.length, rows.length, `${db} ${measurement}`);
        assert.deepEqual(normalizeRows(actual, columns), normalizeRows(rows, columns));
      }
    }
    for (const sink of [steady, restarted]) {
      const health = sink.health();
      assert.equal(health.dropped, 0);
      assert.equal(health.rejected, 0);
      assert.equal(health.spooled, 0);
      assert.equal(health.state, 'ok');
      assert.deepEqual(await sink.close(1000), { kind: 'ok' });
    }
  });
});
