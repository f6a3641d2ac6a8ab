// The InfluxDB API v2 write path (@influxdata/influxdb-client, /api/v2/write) against
// VictoriaMetrics, which names a series <measurement>_<field>, keeps tags as labels and
// keeps numbers only: every numeric field of every point reads back as the report says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { influxConfig } from '../../unit/sinks/helpers/sink-config.js';
import { defaultSchemaRows, mergeRows, telegrafBurrowRows } from './expected.js';
import { env, until, vmExport } from './helpers.js';
import type { ExportLine } from './helpers.js';

/** Which columns of the expected rows are tags, per schema. */
const TAGS = {
  default: new Set(['cluster', 'group', 'group_type', 'topic', 'partition']),
  'telegraf-burrow': new Set(['cluster', 'group', 'topic', 'partition', 'owner']),
};

/** series key -> (timestamp -> value), for every numeric field of the expected rows. */
function expectedSamples(
  rows: Record<string, Record<string, unknown>[]>,
  tags: ReadonlySet<string>,
): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const [measurement, list] of Object.entries(rows)) {
    for (const row of list) {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(row))
        if (tags.has(k) && typeof v === 'string' && v !== '') labels[k] = v;
      for (const [field, value] of Object.entries(row)) {
        if (tags.has(field) || field === 'time' || typeof value !== 'number') continue;
        const key = seriesKey(`${measurement}_${field}`, labels);
        let samples = out.get(key);
        if (samples === undefined) {
          samples = new Map<number, number>();
          out.set(key, samples);
        }
        samples.set(row.time as number, value);
      }
    }
  }
  return out;
}

function seriesKey(name: string, labels: Record<string, string>): string {
  return JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

function actualSamples(lines: ExportLine[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const line of lines) {
    const { __name__: name, ...labels } = line.metric;
    const samples = new Map<number, number>();
    line.timestamps.forEach((t, i) => samples.set(t, line.values[i]!));
    out.set(seriesKey(name!, labels), samples);
  }
  return out;
}

async function readBack(cluster: string, expected: Map<string, Map<number, number>>) {
  const stringFields = /_(status|state|owner|client_id|reason|reason_text|max_lag_topic)$/;
  let actual = new Map<string, Map<number, number>>();
  await until('VictoriaMetrics has every series', async () => {
    const lines = await vmExport(`{cluster="${cluster}"}`);
    actual = actualSamples(lines.filter((l) => !stringFields.test(l.metric.__name__ ?? '')));
    return actual.size >= expected.size;
  });
  return actual;
}

async function writeAndReadBack(
  schema: 'default' | 'telegraf-burrow',
  rowsOf: (r: EvaluationReport) => Record<string, Record<string, unknown>[]>,
) {
  const cluster = uniqueName('vm');
  const sink = new InfluxDbSink(
    influxConfig({
      api: 'v2',
      url: env.victoriametricsUrl,
      org: 'lagwatch',
      bucket: 'lag',
      tokenEnv: 'UNUSED',
      schema,
    }),
    { token: 'victoriametrics-ignores-it' },
    captureLogger().logger,
  );
  assert.deepEqual(await sink.start(5000), { kind: 'ok' });
  const now = Date.now() - 120_000;
  const reports = [0, 1, 2].map((tick) => variedReport(cluster, now + tick * 30_000, tick));
  for (const report of reports) sink.write(report);
  assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });
  await sink.close(1000);
  const expected = expectedSamples(mergeRows(reports.map(rowsOf)), TAGS[schema]);
  const actual = await readBack(cluster, expected);
  assert.deepEqual(actual, expected);
}

describe('InfluxDB sink, API v2 (VictoriaMetrics as the receiver)', { timeout: 120_000 }, () => {
  test('default schema: every numeric field of every point', async () => {
    await writeAndReadBack('default', defaultSchemaRows);
  });

  test('telegraf-burrow schema: every numeric field of every point', async () => {
    await writeAndReadBack('telegraf-burrow', telegrafBurrowRows);
  });
});
