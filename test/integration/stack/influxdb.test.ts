// InfluxDB 1.x of the stack is real: line protocol through /write (API v1), read back
// with InfluxQL through /query.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';

const env = stackEnv();

interface QueryResponse {
  results: {
    statement_id: number;
    error?: string;
    series?: {
      name: string;
      columns: string[];
      values: unknown[][];
      tags?: Record<string, string>;
    }[];
  }[];
}

async function influxql(q: string, db?: string): Promise<QueryResponse> {
  const params = new URLSearchParams({ q, epoch: 'ms' });
  if (db) params.set('db', db);
  const res = await fetch(`${env.influxdbUrl}/query`, { method: 'POST', body: params });
  assert.equal(res.status, 200, `InfluxQL ${q}: HTTP ${res.status}`);
  return (await res.json()) as QueryResponse;
}

describe('influxdb 1.x', { timeout: 30_000 }, () => {
  const db = uniqueName('lagwatch_smoke').replaceAll('-', '_');

  before(async () => {
    const created = await influxql(`CREATE DATABASE "${db}"`);
    assert.equal(created.results[0]?.error, undefined);
  });
  after(async () => {
    await influxql(`DROP DATABASE "${db}"`);
  });

  test('answers /ping with its version', async () => {
    const res = await fetch(`${env.influxdbUrl}/ping`);
    assert.equal(res.status, 204);
    assert.match(res.headers.get('x-influxdb-version') ?? '', /^1\./);
  });

  test('/write takes line protocol and InfluxQL reads it back with types intact', async () => {
    const t0 = Date.UTC(2026, 10, 26, 9, 0, 0);
    const lines = [
      `lagwatch_group,cluster=a,group=billing status="OK",totallag=0i,complete=1 ${t0}`,
      `lagwatch_group,cluster=a,group=billing status="WARN",totallag=120i,complete=0.5 ${t0 + 30_000}`,
      `lagwatch_group,cluster=b,group=billing status="ERR",totallag=9000i,complete=1 ${t0 + 30_000}`,
    ];
    const res = await fetch(`${env.influxdbUrl}/write?db=${db}&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    assert.equal(res.status, 204, await res.text());

    const out = await influxql(
      `SELECT totallag, status, complete FROM lagwatch_group WHERE cluster = 'a' ORDER BY time ASC`,
      db,
    );
    const series = out.results[0]?.series?.[0];
    assert.deepEqual(series?.columns, ['time', 'totallag', 'status', 'complete']);
    assert.deepEqual(series?.values, [
      [t0, 0, 'OK', 1],
      [t0 + 30_000, 120, 'WARN', 0.5],
    ]);

    const sum = await influxql(`SELECT sum(totallag) FROM lagwatch_group GROUP BY cluster`, db);
    const byCluster: Record<string, unknown> = {};
    for (const series of sum.results[0]?.series ?? []) {
      byCluster[series.tags?.cluster ?? '?'] = series.values[0]?.[1];
    }
    assert.deepEqual(byCluster, { a: 120, b: 9000 });
  });

  test('a field type conflict is refused with 400 and names the field', async () => {
    const res = await fetch(`${env.influxdbUrl}/write?db=${db}&precision=ms`, {
      method: 'POST',
      body: `lagwatch_group,cluster=a,group=billing totallag="many" ${Date.UTC(2026, 10, 26, 10)}`,
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /totallag/);
  });

  test('has no v2 write API (it came with 1.8), which is why VictoriaMetrics is in the stack', async () => {
    const res = await fetch(`${env.influxdbUrl}/api/v2/write?bucket=${db}&org=x`, {
      method: 'POST',
      body: 'm v=1i',
    });
    assert.equal(res.status, 404);
  });
});
