// KILL -9 DURING AN OUTAGE: stops the stack's InfluxDB (scripts/stack stop|start), lets a
// child process holding an InfluxDB sink with a spool (default retry: a batch is retried
// for five minutes) take a report per tick for several seconds, then SIGKILLs it. A new
// sink on the same spool, with the server back, delivers what the spool kept. The points
// lost are counted exactly: at most those written in the last spool.flushIntervalMs
// before the kill (the spool's promise), never the backlog of the outage.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { defaultSchemaLines } from '../../../sinks/influxdb/schema-default.js';
import { uniqueName } from '../../helpers/names.js';
import { largeReport } from '../../helpers/reports.js';
import { repoRoot } from '../../helpers/stack.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { influxConfig } from '../../unit/sinks/helpers/sink-config.js';
import { createDatabase, dropDatabase, env, influxql, stack, tempDir } from './helpers.js';

const TICKS = 16;
const TICK_MS = 250;
/** The default spool.flushIntervalMs: the most a kill -9 during an outage may lose. */
const SPOOL_FLUSH_INTERVAL_MS = 1_000;
const t0 = Date.UTC(2026, 10, 27, 9, 0, 0);

interface Written {
  event: 'written';
  tick: number;
  points: number;
  at: number;
  queued: number;
  spooled: number;
}

describe('kill -9 during an InfluxDB outage (stops the server)', { timeout: 180_000 }, () => {
  const db = uniqueName('lw_kill9').replaceAll('-', '_');
  const spool = tempDir('lw-kill9-');
  after(async () => {
    await dropDatabase(db);
    rmSync(spool, { recursive: true, force: true });
  });

  test('the backlog survives in the spool: at most one flush interval of points is lost', async (t) => {
    await createDatabase(db);
    const written: Written[] = [];
    let killedAt = 0;
    stack('stop', 'influxdb');
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'test/integration/sinks/fixtures/crash-child.ts')],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...process.env,
            LW_INFLUX_URL: env.influxdbUrl,
            LW_DB: db,
            LW_SPOOL: spool,
            LW_TICKS: String(TICKS),
            LW_TICK_MS: String(TICK_MS),
            LW_T0: String(t0),
          },
        },
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        const event = JSON.parse(line) as Written | { event: 'done' };
        if (event.event === 'written') written.push(event);
        if (event.event === 'done') {
          killedAt = Date.now();
          child.kill('SIGKILL');
        }
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('exit', (_code, sig) => {
          clearTimeout(killer);
          resolve(sig);
        });
      });
      assert.equal(signal, 'SIGKILL');
    } finally {
      stack('start', 'influxdb');
    }
    assert.equal(written.length, TICKS, 'every tick was written before the kill');
    const last = written.at(-1)!;
    t.diagnostic(
      `at the kill: queued ${last.queued}, spooled ${last.spooled} (before the last write)`,
    );

    // The next start: a new sink on the same spool delivers what the killed one kept.
    const next = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db, spool: { dir: spool } }),
      {},
      captureLogger().logger,
    );
    const recovered = next.health().spooled;
    assert.deepEqual(await next.flush(60_000), { kind: 'ok' });
    await next.close(1000);

    // Every measurement the sink writes, with one of its fields to count points by.
    const measurements = new Map<string, { field: string; expected: number }>();
    for (let n = 0; n < TICKS; n++) {
      for (const line of defaultSchemaLines(largeReport('crash', t0 + n * 30_000, 10, 5))) {
        const [series = '', fields = ''] = line.split(' ');
        const name = series.split(',')[0]!;
        const m = measurements.get(name) ?? { field: fields.split('=')[0]!, expected: 0 };
        m.expected++;
        measurements.set(name, m);
      }
    }
    const expectedPoints = [...measurements.values()].reduce((sum, m) => sum + m.expected, 0);
    assert.equal(
      expectedPoints,
      written.reduce((sum, w) => sum + w.points, 0),
    );
    let lost = 0;
    for (const [name, m] of measurements) {
      const series = await influxql(`SELECT count("${m.field}") FROM "${name}"`, db);
      const stored = Number(series[0]?.values[0]?.[1] ?? 0);
      assert.ok(stored <= m.expected, `${name}: ${stored} stored, ${m.expected} written`);
      lost += m.expected - stored;
    }
    // Points written within one flush interval before the kill may still be in memory.
    const mayLose = written
      .filter((w) => w.at > killedAt - SPOOL_FLUSH_INTERVAL_MS)
      .reduce((sum, w) => sum + w.points, 0);
    t.diagnostic(
      `written ${expectedPoints} points in ${TICKS} ticks; the new start found ${recovered} in the spool; lost ${lost} (at most ${mayLose} allowed)`,
    );
    assert.ok(lost <= mayLose, `${lost} points lost; at most ${mayLose} may be`);
  });
});
