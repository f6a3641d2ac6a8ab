// The dashboards against real data. Consumer groups in every shape run on the stack's two
// Kafka clusters; lagwatch's real sampler and evaluator tick over them and the sinks built
// from the config write to InfluxDB 1.x twice (default and telegraf-burrow schema) and to
// Elasticsearch; a third cluster points at a closed port, so every tick of it fails. Then:
// every Grafana panel query, variables substituted as Grafana does, returns series from the
// real InfluxDB, and in both schemas the unreachable cluster is offered and shown as
// unreachable; every field a Kibana data view or visualisation uses is in the real mapping
// with the type the use needs, each visualisation's query finds documents, and Kibana's
// cluster visualisations show the unreachable cluster.
// Over 300 lines on purpose: every test reads the one set of real ticks the `before` hook
// writes (about 20 s of Kafka and sinks), which a split into files would repeat.
import assert from 'node:assert/strict';
import { setTimeout as wait } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../src/log.js';
import type { LagwatchService } from '../../../src/pipeline/service.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createSinkFanout } from '../../../sinks/create-sinks.js';
import type { SinkFanout } from '../../../sinks/fanout.js';
import { uniqueName } from '../../helpers/names.js';
import { testService, type TestService } from '../../helpers/service.js';
import type { InfluxSchema } from '../../unit/dashboards/grafana-dashboards.js';
import { loadDashboards, panelQueries } from '../../unit/dashboards/grafana-dashboards.js';
import { interpolate } from '../../unit/dashboards/influxql-interpolate.js';
import {
  datasetOf,
  fieldUses,
  flattenMapping,
  lensState,
  loadSavedObjects,
  typeServes,
} from '../../unit/dashboards/kibana-objects.js';
import { esClient, removePrefix } from '../sinks/es-helpers.js';
import { createDatabase, dropDatabase, env } from '../sinks/helpers.js';
import { clusterColumn, panelSeries, resolveVariables, runPanelQueries } from './grafana-run.js';
import type { RunContext } from './grafana-run.js';
import { influxqlOnce } from './influxql-once.js';
import { kqlFilters } from './kql-filters.js';
import { createLagShapes, type LagShapes } from './lag-shapes.js';
import { latestByTerm } from './es-latest.js';
import { unreachableClusterService } from './unreachable-cluster.js';

const prefix = uniqueName('dash');
const db: Record<InfluxSchema, string> = {
  default: `${prefix}_default`.replaceAll('-', '_'),
  'telegraf-burrow': `${prefix}_burrow`.replaceAll('-', '_'),
};
const esPrefix = `${prefix}-es`;
const TICKS = 3;
// Three ticks make three samples: enough for WARN and STALL once the rules ask for three
// (lagwatch's default asks for five; src/status/RULES.md).
const JUDGED_FROM_THREE_SAMPLES = 'evaluator:\n  minimumSamples: 3\n';
const DOWN = 'down';
const DOWN_TICKS = 2;

function sinksYaml(): string {
  return [
    'sinks:',
    '  - type: influxdb',
    '    name: influx-default',
    '    api: v1',
    `    url: ${env.influxdbUrl}`,
    `    database: ${db.default}`,
    '  - type: influxdb',
    '    name: influx-burrow',
    '    api: v1',
    '    schema: telegraf-burrow',
    `    url: ${env.influxdbUrl}`,
    `    database: ${db['telegraf-burrow']}`,
    '  - type: elasticsearch',
    '    name: es',
    `    nodes: [${env.elasticsearchUrl}]`,
    `    indexPrefix: ${esPrefix}`,
    '    setupOnStart: true',
    '',
  ].join('\n');
}

describe('dashboards on real lag data', { timeout: 240_000 }, () => {
  let shapes: LagShapes | undefined;
  let harness: TestService | undefined;
  let down: LagwatchService | undefined;
  let reports: EvaluationReport[] = [];
  const downReports: EvaluationReport[] = [];
  let startedAt = 0;

  before(async () => {
    startedAt = Date.now();
    shapes = await createLagShapes(prefix);
    await createDatabase(db.default);
    await createDatabase(db['telegraf-burrow']);
    // The service hands each report to the sinks, built from the service's own config.
    harness = testService(prefix, sinksYaml() + JUDGED_FROM_THREE_SAMPLES, (report) =>
      sinks.write(report),
    );
    const sinks: SinkFanout = createSinkFanout(harness.config.sinks, {
      logger: createLogger('silent', 2),
    });
    down = await unreachableClusterService(DOWN, (report) => {
      downReports.push(report);
      sinks.write(report);
    });
    const started = await sinks.start(10_000);
    assert.ok(
      started.every(({ outcome }) => outcome.kind === 'ok'),
      JSON.stringify(started),
    );
    const downTicks = (async () => {
      for (let i = 0; i < DOWN_TICKS; i++) await down.tickAll();
    })();
    for (let i = 0; i < TICKS; i++) {
      if (i > 0) await shapes.advance();
      await harness.service.tickAll();
      await wait(300);
    }
    await downTicks;
    const closed = await sinks.close(20_000);
    assert.ok(
      closed.every(({ outcome }) => outcome.kind === 'ok'),
      JSON.stringify(closed),
    );
    reports = harness.recorded.map((r) => r.report);
  });

  after(async () => {
    await down?.stop();
    await harness?.stop();
    await shapes?.cleanup();
    await dropDatabase(db.default);
    await dropDatabase(db['telegraf-burrow']);
    const client = esClient();
    await removePrefix(client, esPrefix);
    await client.close();
  });

  test('the ticks hold every status a dashboard colours, and messages lost', () => {
    assert.equal(reports.length, 2 * TICKS);
    assert.ok(
      reports.every((r) => r.available),
      'both clusters sampled every tick',
    );
    const last = (cluster: string) => reports.filter((r) => r.cluster === cluster).at(-1)!;
    const groups = new Map(last('a').groups.map((g) => [g.group, g]));
    const g = shapes!.groups;
    assert.equal(groups.get(g.ok)?.status, 'OK');
    assert.equal(groups.get(g.warn)?.status, 'WARN');
    assert.equal(groups.get(g.stopped)?.status, 'ERR');
    assert.equal(groups.get(g.stalled)?.status, 'ERR');
    assert.deepEqual(
      new Set(groups.get(g.stalled)?.partitions.map((p) => p.status)),
      new Set(['STALL']),
    );
    assert.ok(groups.get(g.stopped)?.partitions.some((p) => p.status === 'STOP'));
    assert.equal(groups.get(g.lost)?.partitions[0]?.messagesLost, 4);
    assert.equal(last('b').groups.find((x) => x.group === g.okOnB)?.status, 'OK');
    assert.equal(downReports.length, DOWN_TICKS);
    assert.ok(
      downReports.every((r) => !r.available && r.groups.length === 0 && r.fault !== undefined),
      'the closed-port cluster is never sampled',
    );
  });

  for (const file of loadDashboards()) {
    test(`Grafana ${file.path}: every panel query returns series from InfluxDB (${file.schema} schema)`, async () => {
      const run: RunContext = {
        db: db[file.schema],
        fromMs: startedAt - 60_000,
        toMs: Date.now() + 5_000,
        interval: '30s',
        picks: { cluster: 'a', group: shapes!.groups.ok },
      };
      const variables = await resolveVariables(file, run);
      for (const v of variables) {
        assert.ok(v.offered.length > 0, `variable $${v.name} offers values`);
        for (const s of v.selected) assert.ok(v.offered.includes(s), `$${v.name}: ${s} offered`);
      }
      const values = Object.fromEntries(variables.map((v) => [v.name, v.selected]));
      const runs = await runPanelQueries(file, run, values);
      assert.ok(runs.length > 0);
      for (const r of runs) {
        // Series, and values in them: a field nobody writes gives no series, or only nulls.
        const cells = r.series.flatMap((s) => s.values.flatMap((row) => row.slice(1)));
        assert.ok(r.series.length > 0, `${r.query.where} returned no series:\n${r.sent}`);
        assert.ok(
          cells.some((v) => v !== null),
          `${r.query.where} returned only nulls:\n${r.sent}`,
        );
      }

      // Every other group of the drill-down too: each query is valid for it (some, such as
      // lag in seconds of a group that never caught up, may rightly have nothing to show).
      const group = variables.find((v) => v.name === 'group');
      for (const other of group?.offered ?? []) {
        await runPanelQueries(file, run, { ...values, group: [other] });
      }
    });
  }

  for (const file of loadDashboards().filter((f) => f.path.endsWith('overview.json'))) {
    test(`Grafana ${file.path}: an unreachable cluster is offered and shown unreachable (${file.schema} schema)`, async () => {
      const run: RunContext = {
        db: db[file.schema],
        fromMs: startedAt - 60_000,
        toMs: Date.now() + 5_000,
        interval: '30s',
        picks: {},
      };
      const variables = await resolveVariables(file, run);
      const cluster = variables.find((v) => v.name === 'cluster');
      assert.deepEqual(cluster?.offered, ['a', 'b', DOWN]);
      assert.deepEqual(cluster.selected, ['a', 'b', DOWN], 'All selects it');
      const runs = await runPanelQueries(file, run, { cluster: cluster.selected });

      const sampled = panelSeries(runs, 'Cluster sampled');
      const downSampled = clusterColumn(sampled, DOWN, 'min');
      assert.ok(downSampled.length > 0, 'Cluster sampled has a row for the unreachable cluster');
      assert.ok(
        downSampled.every((v) => v === 0),
        `unreachable: ${JSON.stringify(downSampled)}`,
      );
      assert.ok(clusterColumn(sampled, 'a', 'min').every((v) => v === 1));

      const ticks = clusterColumn(panelSeries(runs, 'Tick duration'), DOWN, 'max');
      assert.ok(
        ticks.some((v) => typeof v === 'number' && v > 0),
        `tick duration: ${JSON.stringify(ticks)}`,
      );
      const judged = clusterColumn(
        panelSeries(runs, 'Groups and partitions judged'),
        DOWN,
        'groups',
      );
      assert.ok(judged.length > 0 && judged.every((v) => v === null || v === 0));
      assert.ok(judged.includes(0), 'judged 0 groups');

      const table = panelSeries(runs, 'Clusters, latest tick');
      const fault = downReports.at(-1)!.fault!.code;
      assert.deepEqual(clusterColumn(table, DOWN, 'available'), [0]);
      assert.deepEqual(clusterColumn(table, DOWN, 'fault_code'), [fault]);
      assert.deepEqual(clusterColumn(table, DOWN, 'groups'), [0]);
      assert.deepEqual(clusterColumn(table, 'a', 'available'), [1]);
      assert.deepEqual(clusterColumn(table, 'a', 'fault_code'), [null]);
    });
  }

  for (const file of loadDashboards().filter((f) => f.path.endsWith('group.json'))) {
    test(`Grafana ${file.path}: the group's cluster is offered and shown reached or unreachable (${file.schema} schema)`, async () => {
      const run: RunContext = {
        db: db[file.schema],
        fromMs: startedAt - 60_000,
        toMs: Date.now() + 5_000,
        interval: '30s',
        picks: { cluster: 'a', group: shapes!.groups.ok },
      };
      const variables = await resolveVariables(file, run);
      assert.deepEqual(variables.find((v) => v.name === 'cluster')?.offered, ['a', 'b', DOWN]);
      // The Cluster stat for each cluster one may pick (the unreachable one has no groups,
      // so only this panel has something to show for it).
      const stat = panelQueries(file).find((q) => q.where.includes('panel "Cluster" query A'));
      assert.ok(stat, 'a panel "Cluster"');
      const shown = async (cluster: string): Promise<unknown[]> => {
        const sent = interpolate(stat.query, { ...run, variables: { cluster: [cluster] } });
        const series = await influxqlOnce(run.db, sent);
        return series.flatMap((s) => s.values.map((row) => row[s.columns.indexOf('cluster')]));
      };
      assert.deepEqual(await shown(DOWN), [0], 'unreachable');
      assert.deepEqual(await shown('a'), [1], 'sampled');
    });
  }

  test('Kibana: every field a data view or visualisation uses is in the real mapping, typed for its use', async () => {
    const client = esClient();
    try {
      const mappings = await client.indices.getMapping({ index: `${esPrefix}-*` });
      const indices = Object.values(mappings);
      assert.ok(indices.length > 0, 'the sink created its index');
      for (const index of indices) {
        const fields = flattenMapping(index.mappings);
        for (const use of fieldUses(loadSavedObjects())) {
          const type = fields.get(use.field);
          assert.ok(
            typeServes(type, use.kind),
            `${use.where}: ${use.field} is ${type}, used as ${use.kind}`,
          );
        }
      }
    } finally {
      await client.close();
    }
  });

  test('Kibana: the cluster visualisations show the unreachable cluster as unreachable, with its fault', async () => {
    const client = esClient();
    try {
      await client.indices.refresh({ index: esPrefix });
      const table = loadSavedObjects().find((o) => o.id === 'lagwatch-clusters-latest-tick');
      assert.ok(table, 'the clusters table');
      // What the table's columns compute: per cluster, the fields of its latest document.
      type Latest = { lagwatch: { available: number; fault_code?: string; group_count: number } };
      const byCluster = await latestByTerm(
        client,
        esPrefix,
        kqlFilters(lensState(table).query.query),
        'lagwatch.cluster',
        ['lagwatch.available', 'lagwatch.fault_code', 'lagwatch.group_count'],
      );
      const latest = new Map(
        [...byCluster].map(([cluster, doc]) => [cluster, (doc as Latest).lagwatch]),
      );
      assert.deepEqual([...latest.keys()].sort(), ['a', 'b', DOWN]);
      assert.deepEqual(latest.get(DOWN), {
        available: 0,
        fault_code: downReports.at(-1)!.fault!.code,
        group_count: 0,
      });
      assert.equal(latest.get('a')?.available, 1);
      assert.equal(latest.get('a')?.fault_code, undefined);
    } finally {
      await client.close();
    }
  });

  test("Kibana: each visualisation's query finds documents holding every field it reads", async () => {
    const client = esClient();
    try {
      await client.indices.refresh({ index: esPrefix });
      const count = async (filter: object[]): Promise<number> =>
        (await client.count({ index: esPrefix, query: { bool: { filter } } })).count;
      for (const o of loadSavedObjects().filter((x) => x.type === 'lens')) {
        const query = lensState(o).query.query;
        assert.ok(datasetOf(query), `${o.id} reads one dataset`);
        assert.ok((await count(kqlFilters(query))) > 0, `${o.id}: ${query}`);
        for (const use of fieldUses([o])) {
          const filter = [...kqlFilters(query), { exists: { field: use.field } }];
          assert.ok(
            (await count(filter)) > 0,
            `${use.where}: no document of ${query} has ${use.field}`,
          );
        }
      }
    } finally {
      await client.close();
    }
  });
});
