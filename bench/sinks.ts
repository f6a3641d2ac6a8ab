// Sink throughput on this machine, with the stack up (scripts/stack up): points per second
// to InfluxDB 1.x (API v1) and to VictoriaMetrics (API v2), documents per second to
// Elasticsearch, each through the real sink (encoding, batching, delivery) with the
// default batch settings; and the disk spool's write and replay rates. Goals: >= 50,000
// points/s and >= 20,000 docs/s. Prints figures; asserts nothing.
// Run: npm run bench -- sinks
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { pino } from 'pino';
import { sinkSchema } from '../sinks/index.js';
import type { EvaluationReport } from '../src/contract/report.js';
import { Spool } from '../sinks/delivery/spool.js';
import { reportBulkItems } from '../sinks/elasticsearch/bulk-item.js';
import { ElasticsearchSink } from '../sinks/elasticsearch/elasticsearch-sink.js';
import { InfluxDbSink } from '../sinks/influxdb/influxdb-sink.js';
import { defaultSchemaLines } from '../sinks/influxdb/schema-default.js';
import type { Sink } from '../src/contract/sink.js';
import { uniqueName } from '../test/helpers/names.js';
import { largeReport } from '../test/helpers/reports.js';
import { env } from '../test/integration/sinks/helpers.js';

const logger = pino({ level: 'warn' });
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
// 200 groups x 25 partitions: 5,200 points (groups, partitions) + 500 topic-partitions each.
const REPORTS = 40;
const reports: EvaluationReport[] = Array.from({ length: REPORTS }, (_, i) =>
  largeReport('bench', T0 + i * 30_000, 200, 25),
);

/** Room for the whole burst: this measures delivery, not the queue's bound. */
const queue = { maxItems: 1_000_000 };

const rate = (n: number, ms: number): string =>
  `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function influxql(q: string): Promise<void> {
  await fetch(`${env.influxdbUrl}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
}

/** Writes every report to the sink and waits until all is delivered; returns ms. */
async function deliverAll(sink: Sink): Promise<number> {
  const started = performance.now();
  for (const report of reports) sink.write(report);
  const outcome = await sink.flush(600_000);
  const elapsed = performance.now() - started;
  if (outcome.kind !== 'ok') throw new Error(`${sink.name}: ${JSON.stringify(outcome)}`);
  const health = sink.health();
  if (health.rejected + health.dropped > 0)
    throw new Error(`${sink.name}: ${JSON.stringify(health)}`);
  return elapsed;
}

function encodeRate(): void {
  let lines = 0;
  let started = performance.now();
  for (const report of reports) lines += defaultSchemaLines(report).length;
  console.log(`  encode, line protocol:    ${rate(lines, performance.now() - started)} points`);
  let docs = 0;
  started = performance.now();
  for (const report of reports) docs += reportBulkItems(report, 'daily', 'bench').length;
  console.log(`  encode, bulk documents:   ${rate(docs, performance.now() - started)} documents`);
}

async function influxV1(): Promise<void> {
  const db = uniqueName('lw_bench').replaceAll('-', '_');
  await influxql(`CREATE DATABASE "${db}"`);
  try {
    const config = sinkSchema.parse({
      type: 'influxdb',
      api: 'v1',
      url: env.influxdbUrl,
      database: db,
      queue,
    });
    if (config.type !== 'influxdb') throw new Error('unreachable');
    const sink = new InfluxDbSink(config, {}, logger);
    const ms = await deliverAll(sink);
    const points = sink.health().delivered;
    console.log(
      `  InfluxDB ${env.influxdbVersion} (API v1): ${points.toLocaleString('en-US')} points in ` +
        `${(ms / 1000).toFixed(2)} s = ${rate(points, ms)} points`,
    );
    await sink.close(1000);
  } finally {
    await influxql(`DROP DATABASE "${db}"`);
  }
}

async function influxV2(): Promise<void> {
  const config = sinkSchema.parse({
    type: 'influxdb',
    api: 'v2',
    url: env.victoriametricsUrl,
    org: 'bench',
    bucket: 'bench',
    tokenEnv: 'UNUSED',
    queue,
  });
  if (config.type !== 'influxdb') throw new Error('unreachable');
  const sink = new InfluxDbSink(config, { token: 'unused' }, logger);
  const ms = await deliverAll(sink);
  const points = sink.health().delivered;
  console.log(
    `  VictoriaMetrics ${env.victoriametricsVersion} (API v2): ${points.toLocaleString('en-US')} points in ` +
      `${(ms / 1000).toFixed(2)} s = ${rate(points, ms)} points`,
  );
  await sink.close(1000);
}

async function elasticsearch(): Promise<void> {
  const prefix = uniqueName('lw-bench');
  const client = new Client({ node: env.elasticsearchUrl });
  try {
    const config = sinkSchema.parse({
      type: 'elasticsearch',
      nodes: [env.elasticsearchUrl],
      indexPrefix: prefix,
      setupOnStart: true,
      queue,
    });
    if (config.type !== 'elasticsearch') throw new Error('unreachable');
    const sink = new ElasticsearchSink(config, {}, logger);
    const started = await sink.start(30_000);
    if (started.kind !== 'ok') throw new Error(JSON.stringify(started));
    const ms = await deliverAll(sink);
    const docs = sink.health().delivered;
    console.log(
      `  Elasticsearch ${env.elasticsearchVersion}: ${docs.toLocaleString('en-US')} documents in ` +
        `${(ms / 1000).toFixed(2)} s = ${rate(docs, ms)} documents`,
    );
    await sink.close(1000);
  } finally {
    await client.indices.delete({ index: `${prefix}-*`, allow_no_indices: true });
    await client.indices.deleteIndexTemplate({ name: prefix });
    await client.close();
  }
}

function spool(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-spool-'));
  try {
    const items = reports.flatMap((r) => defaultSchemaLines(r));
    const bytes = items.reduce((n, i) => n + Buffer.byteLength(i) + 1, 0);
    const s = new Spool({ dir, maxBytes: 1e9 });
    let started = performance.now();
    for (let i = 0; i < items.length; i += 5000) s.append(items.slice(i, i + 5000));
    let ms = performance.now() - started;
    console.log(
      `  spool write:  ${items.length.toLocaleString('en-US')} items (${mb(bytes)}) in ${ms.toFixed(0)} ms = ` +
        `${rate(items.length, ms)} items, ${mb((bytes / ms) * 1000)}/s`,
    );
    s.close();
    started = performance.now();
    const reopened = new Spool({ dir, maxBytes: 1e9 });
    const openMs = performance.now() - started;
    started = performance.now();
    let read = 0;
    for (let r = reopened.read(5000, 1_000_000); r !== null; r = reopened.read(5000, 1_000_000)) {
      read += r.items.length;
      reopened.ack(r);
    }
    ms = performance.now() - started;
    console.log(
      `  spool replay: ${read.toLocaleString('en-US')} items in ${ms.toFixed(0)} ms = ` +
        `${rate(read, ms)} items, ${mb((bytes / ms) * 1000)}/s (reopening and counting: ${openMs.toFixed(0)} ms)`,
    );
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `sinks: ${REPORTS} reports of 200 groups x 25 partitions, written at once; default batches ` +
    '(5,000 items, 1 MB), two requests in flight per sink',
);
encodeRate();
await influxV1();
await influxV2();
await elasticsearch();
spool();
