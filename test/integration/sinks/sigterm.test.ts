// SIGTERM during a busy tick: a child process holding a burst of points is told to stop
// while it is sending; whatever it accepted is delivered or in the spool (nothing dropped),
// the process ends by itself, and the next start delivers the spool: InfluxDB then holds
// every point, once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { defaultSchemaRows } from './expected.js';
import { uniqueName } from '../../helpers/names.js';
import { largeReport } from '../../helpers/reports.js';
import { repoRoot } from '../../helpers/stack.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { influxConfig } from '../../unit/sinks/helpers/sink-config.js';
import { createDatabase, dropDatabase, env, influxql, tempDir } from './helpers.js';

const REPORTS = 40;
const t0 = Date.UTC(2026, 10, 26, 11, 0, 0);

interface ChildEvent {
  event: 'written' | 'closed';
  accepted: number;
  outcome?: { kind: string; error?: string };
  health?: { delivered: number; spooled: number; dropped: number; queued: number };
}

describe('SIGTERM during a busy tick', { timeout: 180_000 }, () => {
  const db = uniqueName('lw_sigterm').replaceAll('-', '_');
  const spool = tempDir('lw-sigterm-');
  after(async () => {
    await dropDatabase(db);
    rmSync(spool, { recursive: true, force: true });
  });

  test('everything accepted is delivered or spooled; the next start delivers the spool', async (t) => {
    await createDatabase(db);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test/integration/sinks/fixtures/sigterm-child.ts')],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          LW_INFLUX_URL: env.influxdbUrl,
          LW_DB: db,
          LW_SPOOL: spool,
          LW_REPORTS: String(REPORTS),
          LW_DEADLINE_MS: '150',
          LW_T0: String(t0),
        },
      },
    );
    const events: ChildEvent[] = [];
    let signalledAt = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as ChildEvent;
      events.push(event);
      if (event.event === 'written') {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    const exitCode = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve(code);
      });
    });
    assert.equal(exitCode, 0, 'the child ended by itself after closing its sink');
    const closed = events.find((e) => e.event === 'closed');
    assert.ok(closed?.health, JSON.stringify(events));
    const { delivered, spooled, dropped, queued } = closed.health;
    const accepted = closed.accepted;
    t.diagnostic(
      `accepted ${accepted}: delivered ${delivered}, spooled ${spooled}, dropped ${dropped}`,
    );
    assert.ok(Date.now() - signalledAt < 10_000);
    assert.equal(dropped, 0);
    assert.equal(queued, 0);
    // A request cut short by the deadline may have been stored and spooled both: at least.
    assert.ok(delivered + spooled >= accepted, JSON.stringify(closed));
    assert.ok(
      spooled > 0,
      `the deadline was short enough to leave work: ${JSON.stringify(closed)}`,
    );

    // The next start: a new sink on the same spool delivers what the last one kept.
    const next = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db, spool: { dir: spool } }),
      {},
      captureLogger().logger,
    );
    assert.equal(next.health().spooled, spooled);
    assert.deepEqual(await next.flush(60_000), { kind: 'ok' });
    await next.close(1000);

    let expectedGroups = 0;
    let expectedPartitions = 0;
    let expectedOffsets = 0;
    let expectedPoints = 0;
    for (let i = 0; i < REPORTS; i++) {
      const rows = defaultSchemaRows(largeReport('sigterm', t0 + i * 30_000, 100, 20));
      expectedGroups += rows.lagwatch_group!.length;
      expectedPartitions += rows.lagwatch_partition!.length;
      expectedOffsets += rows.lagwatch_topic_partition!.length;
      expectedPoints += Object.values(rows).flat().length;
    }
    assert.equal(expectedPoints, accepted);
    const count = async (measurement: string, field: string): Promise<unknown> =>
      (await influxql(`SELECT count("${field}") FROM "${measurement}"`, db))[0]?.values[0]?.[1];
    assert.equal(await count('lagwatch_group', 'status_code'), expectedGroups);
    assert.equal(await count('lagwatch_partition', 'status_code'), expectedPartitions);
    assert.equal(await count('lagwatch_topic_partition', 'log_end_offset'), expectedOffsets);
  });
});
