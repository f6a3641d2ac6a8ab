// The InfluxDB v2 write path is real: @influxdata/influxdb-client writes through
// /api/v2/write to VictoriaMetrics, and the point is read back from its export API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InfluxDB, Point } from '@influxdata/influxdb-client';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';

const env = stackEnv();

interface ExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/**
 * Every series VictoriaMetrics holds for a metric name, from /api/v1/export (NDJSON). The
 * time range is explicit and ends now, so a poll never reuses an earlier poll's answer
 * from VictoriaMetrics' tag-filter cache.
 */
async function exportSeries(name: string): Promise<ExportLine[]> {
  const params = new URLSearchParams({
    'match[]': `{__name__="${name}"}`,
    start: String(Math.floor(Date.now() / 1000) - 600),
    end: String(Date.now() / 1000 + 60),
  });
  const res = await fetch(`${env.victoriametricsUrl}/api/v1/export?${params.toString()}`);
  assert.equal(res.status, 200);
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportLine);
}

describe('victoriametrics as an InfluxDB v2 write receiver', { timeout: 60_000 }, () => {
  test('@influxdata/influxdb-client writes a point through /api/v2/write and it reads back', async () => {
    const measurement = uniqueName('lagwatch_smoke').replaceAll('-', '_');
    const client = new InfluxDB({
      url: env.victoriametricsUrl,
      token: 'unused-by-victoriametrics',
    });
    const writeApi = client.getWriteApi('lagwatch-org', 'lagwatch-bucket', 'ms', {
      maxRetries: 0,
    });
    const at = Date.now() - 1000;
    writeApi.writePoint(
      new Point(measurement)
        .tag('cluster', 'a')
        .tag('group', 'billing')
        .intField('totallag', 4321)
        .floatField('complete', 0.5)
        .timestamp(at),
    );
    await writeApi.close(); // flushes; rejects if the server refused the batch

    // VictoriaMetrics names a series <measurement>_<field> and keeps tags as labels. A new
    // series becomes searchable only once its index entries are registered: usually 1-6 s,
    // but one CI run (2026-11-30) saw none within 10 s on a quiet machine, so allow 30 s.
    let series: ExportLine[] = [];
    for (let i = 0; i < 150 && series.length === 0; i++) {
      series = await exportSeries(`${measurement}_totallag`);
      if (series.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(series.length, 1, `no series ${measurement}_totallag after 30 s`);
    const [only] = series;
    assert.equal(only?.metric.cluster, 'a');
    assert.equal(only?.metric.group, 'billing');
    assert.deepEqual(only?.values, [4321]);
    assert.deepEqual(only?.timestamps, [at]);

    const complete = await exportSeries(`${measurement}_complete`);
    assert.deepEqual(complete[0]?.values, [0.5]);
  });
});
