// The whole pipeline on the real stack: ticks on real Kafka clusters, every report through
// the sinks built from the config, then every point and document read back from InfluxDB
// 1.x (InfluxQL), VictoriaMetrics (the v2 write path) and Elasticsearch, equal to the
// reports that produced them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../src/log.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createSinkFanout } from '../../../sinks/create-sinks.js';
import type { SinkFanout } from '../../../sinks/fanout.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { testService, type TestService } from '../../helpers/service.js';
import { allDocuments, esClient, removePrefix } from '../sinks/es-helpers.js';
import {
  defaultSchemaRows,
  expectedDocuments,
  keyOfSource,
  mergeRows,
  normalizeRows,
} from '../sinks/expected.js';
import { createDatabase, dropDatabase, env, influxRows, vmExport } from '../sinks/helpers.js';

const prefix = uniqueName('e2e');
const db = prefix.replaceAll('-', '_');
const esPrefix = `${prefix}-es`;
const measurementPrefix = `${db}_v2`;

describe('Kafka ticks through every sink', { timeout: 180_000 }, () => {
  const kafka = kafkaFor('a');
  const admin = kafka.admin();
  const topic = `${prefix}-t`;
  let harness: TestService;
  let sinks!: SinkFanout;
  let reports: EvaluationReport[] = [];

  before(async () => {
    await admin.connect();
    await topicWithCounts(kafka, admin, topic, [20, 5, 9]);
    await (await groupAt(kafka, topic, `${prefix}-stopped`, [12, 5, 0])).leave();
    await createDatabase(db);
    const yaml = [
      'sinks:',
      '  - type: influxdb',
      '    name: influx-v1',
      '    api: v1',
      `    url: ${env.influxdbUrl}`,
      `    database: ${db}`,
      '  - type: influxdb',
      '    name: victoria-v2',
      '    api: v2',
      `    url: ${env.victoriametricsUrl}`,
      '    org: lagwatch',
      `    bucket: ${measurementPrefix}`,
      '    tokenEnv: LAGWATCH_TEST_VM_TOKEN',
      '  - type: elasticsearch',
      '    name: es',
      `    nodes: [${env.elasticsearchUrl}]`,
      `    indexPrefix: ${esPrefix}`,
      '    setupOnStart: true',
    ].join('\n');
    process.env.LAGWATCH_TEST_VM_TOKEN = 'unused-by-victoriametrics';
    harness = testService(prefix, `${yaml}\n`, (report) => sinks.write(report));
    sinks = createSinkFanout(harness.config.sinks, { logger: createLogger('silent', 2) });
    const started = await sinks.start(10_000);
    assert.ok(
      started.every(({ outcome }) => outcome.kind === 'ok'),
      JSON.stringify(started),
    );
    for (let i = 0; i < 3; i++) {
      await harness.service.tickAll();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const flushed = await sinks.close(20_000);
    assert.ok(
      flushed.every(({ outcome }) => outcome.kind === 'ok'),
      JSON.stringify(flushed),
    );
    reports = harness.recorded.map((r) => r.report).filter((r) => r.available);
  });

  after(async () => {
    await harness.stop();
    await dropDatabase(db);
    await removePrefix(esClient(), esPrefix);
    await admin.deleteGroups([`${prefix}-stopped`]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('the reports come from real ticks of both clusters', () => {
    assert.equal(reports.length, 6);
    const group = reports
      .find((r) => r.cluster === 'a')
      ?.groups.find((g) => g.group === `${prefix}-stopped`);
    assert.equal(group?.totallag, 8);
    assert.equal(group?.status, 'ERR');
  });

  test('InfluxDB 1.x holds every point of every report, field for field', async () => {
    const expected = mergeRows(reports.map(defaultSchemaRows));
    for (const [measurement, rows] of Object.entries(expected)) {
      const actual = await influxRows(db, measurement);
      const columns = [...new Set([...Object.keys(actual[0] ?? {}), ...rows.flatMap(Object.keys)])];
      assert.equal(actual.length, rows.length, `${measurement}: points read back`);
      assert.deepEqual(normalizeRows(actual, columns), normalizeRows(rows, columns), measurement);
    }
  });

  test('VictoriaMetrics got the same lag through the v2 write API', async () => {
    // VictoriaMetrics makes what it ingests searchable within a few seconds.
    let mine: Awaited<ReturnType<typeof vmExport>> = [];
    for (let i = 0; i < 100; i++) {
      const series = await vmExport('{__name__="lagwatch_partition_lag"}');
      mine = series.filter((s) => s.metric.group === `${prefix}-stopped`);
      if (mine.reduce((n, s) => n + s.values.length, 0) >= 6) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const expected = reports
      .flatMap((r) =>
        r.groups
          .filter((g) => g.group === `${prefix}-stopped`)
          .flatMap((g) => g.partitions.map((p) => [r.takenAt, p.partition, p.currentLag])),
      )
      .sort();
    const actual = mine
      .flatMap((s) => s.timestamps.map((t, i) => [t, Number(s.metric.partition), s.values[i]]))
      .sort();
    assert.deepEqual(actual, expected);
  });

  test('Elasticsearch holds every document of every report, equal to it', async () => {
    const expected = new Map(reports.flatMap((r) => [...expectedDocuments(r)]));
    const hits = await allDocuments(esClient(), esPrefix);
    assert.equal(hits.length, expected.size);
    for (const hit of hits) {
      const key = keyOfSource(hit.source);
      assert.deepEqual(hit.source, expected.get(key), key);
    }
  });
});
