// InfluxDB 1.x through API v1 (/write), read back with InfluxQL: every point of every
// report, every field equal to the report's value; the telegraf-burrow schema; a field
// type conflict rejecting one point while the rest lands; clear errors at start.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { buildReport, variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { fastRetry, influxConfig } from '../../unit/sinks/helpers/sink-config.js';
import { defaultSchemaRows, mergeRows, normalizeRows, telegrafBurrowRows } from './expected.js';
import { closedPort, createDatabase, dropDatabase, env, influxRows, influxql } from './helpers.js';

const t0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const ticks = (cluster: string): EvaluationReport[] =>
  [0, 1, 2].map((tick) => variedReport(cluster, t0 + tick * 30_000, tick));

async function assertHolds(
  db: string,
  expected: Record<string, Record<string, unknown>[]>,
): Promise<void> {
  for (const [measurement, rows] of Object.entries(expected)) {
    const actual = await influxRows(db, measurement);
    const columns = [...new Set([...Object.keys(actual[0] ?? {}), ...rows.flatMap(Object.keys)])];
    assert.equal(actual.length, rows.length, `${measurement}: points read back`);
    assert.deepEqual(normalizeRows(actual, columns), normalizeRows(rows, columns), measurement);
  }
}

describe('InfluxDB 1.x sink, API v1', { timeout: 120_000 }, () => {
  const dbs: string[] = [];
  const newDb = async (): Promise<string> => {
    const db = uniqueName('lw_it').replaceAll('-', '_');
    dbs.push(db);
    await createDatabase(db);
    return db;
  };
  before(() => influxql('SHOW DATABASES'));
  after(async () => {
    for (const db of dbs) await dropDatabase(db);
  });

  test("default schema: every point of three ticks reads back with the report's values", async () => {
    const db = await newDb();
    const sink = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db }),
      {},
      captureLogger().logger,
    );
    assert.deepEqual(await sink.start(5000), { kind: 'ok' });
    const reports = ticks('prod-eu');
    for (const report of reports) sink.write(report);
    assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });
    await assertHolds(db, mergeRows(reports.map(defaultSchemaRows)));
    const health = sink.health();
    assert.equal(health.rejected + health.dropped, 0);
    assert.equal(
      health.delivered,
      reports.reduce((n, r) => n + Object.values(defaultSchemaRows(r)).flat().length, 0),
    );
    await sink.close(1000);
  });

  test('telegraf-burrow schema: burrow_group, burrow_partition, burrow_topic as Telegraf writes them', async () => {
    const db = await newDb();
    const sink = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db, schema: 'telegraf-burrow' }),
      {},
      captureLogger().logger,
    );
    const reports = ticks('prod-eu');
    for (const report of reports) sink.write(report);
    assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });
    await assertHolds(db, mergeRows(reports.map(telegrafBurrowRows)));
    // Field types as Telegraf's: everything an integer but status.
    const keys = await influxql('SHOW FIELD KEYS', db);
    for (const series of keys) {
      for (const [field, type] of series.values as [string, string][]) {
        assert.equal(type, field === 'status' ? 'string' : 'integer', `${series.name}.${field}`);
      }
    }
    await sink.close(1000);
  });

  test('writing the same report again changes nothing (points are keyed by series and time)', async () => {
    const db = await newDb();
    const sink = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db }),
      {},
      captureLogger().logger,
    );
    const report = variedReport('a', t0);
    sink.write(report);
    sink.write(report);
    await sink.flush(10_000);
    await assertHolds(db, defaultSchemaRows(report));
    await sink.close(1000);
  });

  test('a field type conflict rejects that point only (counted, logged); the rest lands', async () => {
    const db = await newDb();
    // `members` already exists as a string in this shard: lagwatch's integer cannot go in.
    const seeded = await fetch(`${env.influxdbUrl}/write?db=${db}&precision=ms`, {
      method: 'POST',
      body: `lagwatch_group,cluster=seed,group=seed members="many" ${t0 - 1000}`,
    });
    assert.equal(seeded.status, 204);
    const report = buildReport('a', t0, [
      {
        group: 'with-members',
        members: 3,
        partitions: [{ topic: 't', partition: 0, committed: [1, 2, 3] }],
      },
      ...['x', 'y', 'z'].map((g) => ({
        group: g,
        members: null,
        partitions: [0, 1].map((partition) => ({ topic: 't', partition, committed: [5, 6, 7] })),
      })),
    ]);
    const log = captureLogger();
    const sink = new InfluxDbSink(
      influxConfig({ api: 'v1', url: env.influxdbUrl, database: db, retry: fastRetry }),
      {},
      log.logger,
    );
    sink.write(report);
    await sink.flush(10_000);
    const health = sink.health();
    assert.equal(health.rejected, 1);
    assert.equal(health.dropped, 0);
    const expected = defaultSchemaRows(report);
    expected.lagwatch_group = expected.lagwatch_group!.filter((r) => r.group !== 'with-members');
    expected.lagwatch_group.push({
      time: t0 - 1000,
      cluster: 'seed',
      group: 'seed',
      members: 'many',
    });
    await assertHolds(db, expected);
    const rejected = log.lines().filter((l) => l.msg === 'item rejected by the server');
    assert.equal(rejected.length, 1);
    assert.match(String(rejected[0]?.item), /^lagwatch_group,cluster=a,group=with-members /);
    assert.match(String(rejected[0]?.reason), /field type conflict/);
    await sink.close(1000);
  });

  test('start names the sink and the cause: a missing database, a server that is not there', async () => {
    const missing = new InfluxDbSink(
      influxConfig({
        name: 'tsdb',
        api: 'v1',
        url: env.influxdbUrl,
        database: 'no_such_db_lagwatch',
      }),
      {},
      captureLogger().logger,
    );
    const outcome = await missing.start(5000);
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(outcome.error, /^sink tsdb: database "no_such_db_lagwatch" not found/);
    await missing.close(10);

    const port = await closedPort();
    const nowhere = new InfluxDbSink(
      influxConfig({ name: 'tsdb', api: 'v1', url: `http://127.0.0.1:${port}`, database: 'x' }),
      {},
      captureLogger().logger,
    );
    const unreachable = await nowhere.start(5000);
    assert.equal(unreachable.kind, 'retryable');
    assert.ok(unreachable.kind === 'retryable');
    assert.equal(unreachable.code, ErrorCode.SINK_UNREACHABLE);
    assert.equal(
      unreachable.error,
      `sink tsdb: http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    await nowhere.close(10);
  });
});
