// The Grafana dashboards over Elasticsearch against real data. Consumer groups in every
// shape run on the stack's two Kafka clusters, and a third cluster points at a closed port;
// lagwatch's real sampler and evaluator tick over them and the real Elasticsearch sink writes
// the reports. Then every variable's terms query and every panel target, sent as the
// `_msearch` Grafana's Elasticsearch data source builds, runs on the real Elasticsearch and
// returns the buckets its panel needs, with the numbers of the latest reports.
import assert from 'node:assert/strict';
import { setTimeout as wait } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import type { EvaluationReport, GroupStatus } from '../../../src/contract/report.js';
import { createSinkFanout } from '../../../sinks/create-sinks.js';
import type { SinkFanout } from '../../../sinks/fanout.js';
import { uniqueName } from '../../helpers/names.js';
import { testService, type TestService } from '../../helpers/service.js';
import type { Row } from '../../unit/dashboards/es-response.js';
import { loadEsDashboards } from '../../unit/dashboards/grafana-es-dashboards.js';
import type { EsDashboardFile } from '../../unit/dashboards/grafana-es-dashboards.js';
import { esClient, removePrefix } from '../sinks/es-helpers.js';
import { closedPort, env } from '../sinks/helpers.js';
import { resolveEsVariables, runEsPanelTargets } from './es-run.js';
import type { EsRunContext, EsTargetRun, Selection } from './es-run.js';
import { createLagShapes, type LagShapes } from './lag-shapes.js';

const prefix = uniqueName('esdash');
const esPrefix = `${prefix}-es`;
const TICKS = 3;
// Three ticks make three samples: enough for WARN and STALL once the rules ask for three
// (lagwatch's default asks for five; src/status/RULES.md).
const JUDGED_FROM_THREE_SAMPLES = 'evaluator:\n  minimumSamples: 3\n';
const DOWN = 'down';
const STATUS_CODE = { NOTFOUND: 0, OK: 1, WARN: 2, ERR: 3, STOP: 4, STALL: 5, REWIND: 6 };

const sinksYaml = [
  'sinks:',
  '  - type: elasticsearch',
  '    name: es',
  `    nodes: [${env.elasticsearchUrl}]`,
  `    indexPrefix: ${esPrefix}`,
  '    setupOnStart: true',
  '',
].join('\n');

function dashboardByUid(uid: string): EsDashboardFile {
  const found = loadEsDashboards().find((f) => f.dashboard.uid === uid);
  assert.ok(found, `dashboard ${uid}`);
  return found;
}
const overview = dashboardByUid('lagwatch-es-overview');
const groupDashboard = dashboardByUid('lagwatch-es-group');

function panelRows(runs: readonly EsTargetRun[], title: string, refId = 'A'): readonly Row[] {
  const run = runs.find((r) => r.panel.title === title && r.target.refId === refId);
  assert.ok(run, `a panel "${title}" query ${refId}`);
  return run.rows;
}

describe('Grafana dashboards over Elasticsearch on real lag data', { timeout: 240_000 }, () => {
  let shapes: LagShapes | undefined;
  let harness: TestService | undefined;
  let down: LagwatchService | undefined;
  let reports: EvaluationReport[] = [];
  let run: EsRunContext;

  before(async () => {
    const startedAt = Date.now();
    shapes = await createLagShapes(prefix);
    harness = testService(prefix, sinksYaml + JUDGED_FROM_THREE_SAMPLES, (report) =>
      sinks.write(report),
    );
    const sinks: SinkFanout = createSinkFanout(harness.config.sinks, {
      logger: createLogger('silent', 2),
    });
    // A cluster whose only broker address is a closed port: every tick fails to sample it.
    const port = await closedPort();
    down = new LagwatchService({
      config: parseConfig(
        `clusters:\n  - name: ${DOWN}\n    brokers: [127.0.0.1:${port}]\n` +
          '    connectionTimeoutMs: 300\n    requestTimeoutMs: 1000\n' +
          'tickTimeoutMs: 4000\nsinks: []\n',
        { env: {} },
      ),
      logger: createLogger('silent', 2),
      onReport: (report) => {
        reports.push(report);
        sinks.write(report);
      },
    });
    const started = await sinks.start(10_000);
    assert.ok(
      started.every(({ outcome }) => outcome.kind === 'ok'),
      JSON.stringify(started),
    );
    const downTicks = (async () => {
      for (let i = 0; i < 2; i++) await down.tickAll();
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
    reports = [...reports, ...harness.recorded.map((r) => r.report)];
    const client = esClient();
    await client.indices.refresh({ index: `${esPrefix}-*` });
    await client.close();
    run = {
      index: `${esPrefix}*`,
      fromMs: startedAt - 60_000,
      toMs: Date.now() + 5_000,
      intervalMs: 30_000,
      picks: { cluster: 'a', group: shapes.groups.ok },
    };
  });

  after(async () => {
    await down?.stop();
    await harness?.stop();
    await shapes?.cleanup();
    const client = esClient();
    await removePrefix(client, esPrefix);
    await client.close();
  });

  const lastReport = (cluster: string): EvaluationReport =>
    reports.filter((r) => r.cluster === cluster).at(-1)!;
  const lastGroup = (cluster: string, group: string): GroupStatus => {
    const found = lastReport(cluster).groups.find((g) => g.group === group);
    assert.ok(found, `${cluster}/${group} in the last report`);
    return found;
  };

  test('the ticks hold every status the dashboards colour, and an unreachable cluster', () => {
    const g = shapes!.groups;
    assert.equal(lastGroup('a', g.ok).status, 'OK');
    assert.equal(lastGroup('a', g.warn).status, 'WARN');
    assert.equal(lastGroup('a', g.stopped).status, 'ERR');
    assert.ok(lastGroup('a', g.stopped).partitions.some((p) => p.status === 'STOP'));
    assert.deepEqual(
      new Set(lastGroup('a', g.stalled).partitions.map((p) => p.status)),
      new Set(['STALL']),
    );
    assert.equal(lastGroup('b', g.okOnB).status, 'OK');
    const downReports = reports.filter((r) => r.cluster === DOWN);
    assert.equal(downReports.length, 2);
    assert.ok(downReports.every((r) => !r.available && r.groups.length === 0 && r.fault));
  });

  for (const file of [overview, groupDashboard]) {
    test(`${file.path}: every variable offers values; every panel query returns buckets with values`, async () => {
      const variables = await resolveEsVariables(file, run);
      for (const v of variables) assert.ok(v.offered.length > 0, `$${v.name} offers values`);
      const values: Selection = Object.fromEntries(variables.map((v) => [v.name, v.selected]));
      const runs = await runEsPanelTargets(file, run, values);
      assert.ok(runs.length > 0);
      for (const r of runs) {
        assert.ok(r.rows.length > 0, `${r.where}: no buckets`);
        for (const name of Object.keys(r.rows[0]!.values)) {
          assert.ok(
            r.rows.some((row) => row.values[name] !== null),
            `${r.where}: ${name} is null in every bucket`,
          );
        }
      }
      // Every other group of the drill-down too: each query is valid for it.
      for (const other of variables.find((v) => v.name === 'group')?.offered ?? []) {
        await runEsPanelTargets(file, run, { ...values, group: other });
      }
    });
  }

  test('variables: clusters from the cluster documents (the unreachable one too), groups and topics by terms', async () => {
    const [cluster] = await resolveEsVariables(overview, run);
    assert.deepEqual(cluster?.offered, ['a', 'b', DOWN]);
    const [, group, topic] = await resolveEsVariables(groupDashboard, run);
    const g = shapes!.groups;
    assert.deepEqual(group?.offered, [g.lost, g.ok, g.stalled, g.stopped, g.warn].sort());
    assert.deepEqual(topic?.offered, [`${prefix}-t`]);
  });

  test('Overview: the latest evaluation of each group, its numbers and its colours', async () => {
    const runs = await runEsPanelTargets(overview, run, { cluster: ['a', 'b', DOWN] });
    const table = panelRows(runs, 'Consumer groups, latest evaluation');
    const g = shapes!.groups;
    const groups = [g.ok, g.warn, g.stopped, g.stalled, g.lost].map((n) => ['a', n] as const);
    assert.equal(table.length, groups.length + 1, 'one row per cluster and group');
    for (const [cluster, name] of [...groups, ['b', g.okOnB] as const]) {
      const want = lastGroup(cluster, name);
      const row = table.find(
        (r) =>
          r.labels['lagwatch.cluster'] === cluster && r.labels['kafka.consumergroup.id'] === name,
      );
      assert.ok(row, `${cluster}/${name} has a row`);
      assert.equal(row.labels['@timestamp'], new Date(lastReport(cluster).takenAt).toISOString());
      assert.equal(row.values['max lagwatch.status_code'], STATUS_CODE[want.status], name);
      assert.equal(row.values['max lagwatch.lag.total'], want.totallag, name);
      assert.equal(row.labels['lagwatch.state'], want.state ?? '-', name);
      assert.equal(row.labels['lagwatch.lag.max_topic'], want.maxlag?.topic ?? '-', name);
    }

    // Status history is the worst status in each interval (the highest code). At 30 s all
    // three ticks share one bucket; at 100 ms each tick has its own, so every status shows.
    const history = panelRows(runs, 'Group status history');
    const worst = (cluster: string, group: string, fromMs: number, toMs: number): number =>
      Math.max(
        ...reports
          .filter((r) => r.cluster === cluster && r.takenAt >= fromMs && r.takenAt < toMs)
          .flatMap((r) => r.groups.filter((x) => x.group === group))
          .map((x) => STATUS_CODE[x.status]),
      );
    const check = (rows: readonly Row[], stepMs: number): void => {
      for (const r of rows) {
        const at = Number(r.labels['@timestamp']);
        const [c, n] = [
          String(r.labels['lagwatch.cluster']),
          String(r.labels['kafka.consumergroup.id']),
        ];
        assert.equal(
          r.values['max lagwatch.status_code'],
          worst(c, n, at, at + stepMs),
          `${n} at ${at}`,
        );
      }
    };
    check(history, run.intervalMs);
    const fine = await runEsPanelTargets(
      overview,
      { ...run, intervalMs: 100 },
      { cluster: ['a', 'b', DOWN] },
    );
    const perTick = panelRows(fine, 'Group status history');
    check(perTick, 100);
    const codes = new Set(perTick.map((r) => r.values['max lagwatch.status_code']));
    for (const status of ['OK', 'WARN', 'ERR'] as const)
      assert.ok(codes.has(STATUS_CODE[status]), `${status} in the status history`);

    const lost = panelRows(runs, 'Messages lost to retention');
    assert.deepEqual(
      lost.map((r) => [r.labels['kafka.consumergroup.id'], r.values['max lagwatch.messages_lost']]),
      lost.map(() => [g.lost, 4]),
    );
    assert.ok(lost.length > 0);

    const top = panelRows(runs, 'Top 10 groups by total lag (last 5 minutes)');
    const highest = Math.max(...[...groups].map(([c, n]) => lastGroup(c, n).totallag));
    assert.equal(top[0]?.values['max lagwatch.lag.total'], highest);
  });

  test('Overview health: the unreachable cluster shows as unreachable, the others as sampled', async () => {
    const runs = await runEsPanelTargets(overview, run, { cluster: ['a', 'b', DOWN] });
    const sampled = panelRows(runs, 'Cluster sampled');
    const byCluster = (c: string) =>
      sampled
        .filter((r) => r.labels['lagwatch.cluster'] === c)
        .map((r) => r.values['min lagwatch.available']);
    assert.ok(byCluster(DOWN).length > 0, 'the unreachable cluster has points');
    assert.ok(
      byCluster(DOWN).every((v) => v === 0),
      'unreachable (0) in every interval',
    );
    for (const c of ['a', 'b']) {
      assert.ok(byCluster(c).length > 0 && byCluster(c).every((v) => v === 1), `${c} sampled`);
    }
    const judged = panelRows(runs, 'Groups and partitions judged');
    const downJudged = judged.filter((r) => r.labels['lagwatch.cluster'] === DOWN);
    assert.ok(downJudged.some((r) => r.values['max lagwatch.group_count'] === 0));
    const ticks = panelRows(runs, 'Tick duration');
    assert.ok(
      ticks.some(
        (r) =>
          r.labels['lagwatch.cluster'] === DOWN &&
          r.values['max lagwatch.tick_duration_ms'] !== null,
      ),
    );
  });

  test('Group: the drill-down shows each partition with its status, offsets, owner and reason', async () => {
    const g = shapes!.groups;
    const selection = { cluster: 'a', group: g.stalled, topic: [`${prefix}-t`] };
    const runs = await runEsPanelTargets(groupDashboard, run, selection);
    const want = lastGroup('a', g.stalled);
    const table = panelRows(runs, 'Partitions, latest evaluation');
    assert.equal(table.length, want.partitions.length);
    for (const p of want.partitions) {
      const row = table.find((r) => r.labels['kafka.partition.id'] === p.partition);
      assert.ok(row, `partition ${p.partition}`);
      assert.equal(row.values['max lagwatch.status_code'], STATUS_CODE[p.status]);
      assert.equal(row.values['max kafka.consumergroup.consumer_lag'], p.currentLag);
      assert.equal(row.values['max kafka.consumergroup.offset'], p.end?.offset);
      assert.equal(row.labels['kafka.consumergroup.client.host'], p.owner ?? '-');
      assert.equal(row.labels['kafka.consumergroup.client.id'], p.clientId ?? '-');
      assert.equal(row.labels['lagwatch.reason'], p.reason);
    }
    const status = panelRows(runs, 'Group status', 'A');
    assert.equal(status.at(-1)?.values['max lagwatch.status_code'], STATUS_CODE.ERR);
    // Each partition's bucket holds the worst status its ticks gave it: STALL once the
    // window is full, OK before. The ticks may straddle a bucket edge, so each bucket is
    // compared with the reports inside it, and the last one of each partition is STALL.
    const partitions = panelRows(runs, 'Status history', 'B');
    const worstOf = (partition: number, fromMs: number): number =>
      Math.max(
        ...reports
          .filter(
            (r) => r.cluster === 'a' && r.takenAt >= fromMs && r.takenAt < fromMs + run.intervalMs,
          )
          .flatMap((r) => r.groups.filter((x) => x.group === g.stalled))
          .flatMap((x) => x.partitions.filter((p) => p.partition === partition))
          .map((p) => STATUS_CODE[p.status]),
      );
    assert.ok(partitions.length > 0);
    for (const r of partitions) {
      const [partition, at] = [
        Number(r.labels['kafka.partition.id']),
        Number(r.labels['@timestamp']),
      ];
      assert.equal(
        r.values['max lagwatch.status_code'],
        worstOf(partition, at),
        `${partition} at ${at}`,
      );
    }
    for (const p of want.partitions) {
      const last = partitions.filter((r) => r.labels['kafka.partition.id'] === p.partition).at(-1);
      assert.equal(last?.values['max lagwatch.status_code'], STATUS_CODE.STALL, `${p.partition}`);
    }
    const owners = panelRows(runs, 'Partition owners');
    assert.deepEqual(
      new Set(owners.map((r) => r.labels['kafka.partition.id'])),
      new Set(want.partitions.map((p) => p.partition)),
    );
  });
});
