// Alerts on the real stack: lagwatch ticking every second over Kafka cluster a, with a
// webhook notifier (a local receiver) and an alertmanager notifier (the stack's
// Alertmanager). A stopped group (lag, no members: STOP, so ERR) opens an incident at both
// within two ticks; a healthy group never does; a restart mid-incident sends no second
// open; while the receiver is down the group heals and another is deleted, and when it
// comes back both closes arrive, after their opens, with "healed" and "deleted"; the
// Alertmanager alert is active, then resolved.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildApp, type App } from '../../../src/app/app.js';
import { parseConfig } from '../../../src/config/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createLogger } from '../../../src/log.js';
import { MemorySink, SinkFanout } from '../../../sinks/index.js';
import { alertmanagerAlerts, alertStack, webhookReceiver } from '../../helpers/alert-receivers.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';
import { waitFor } from '../../helpers/stack-control.js';

const TICK_MS = 1000;
const stateDir = mkdtempSync(join(tmpdir(), 'lagwatch-alerts-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

type Body = Record<string, unknown>;
const bodiesOf = (bodies: Body[], group: string) => bodies.filter((b) => b.group === group);

test(
  'incidents open, survive a restart, and close at a webhook and in Alertmanager',
  { timeout: 120_000 },
  async () => {
    const { alertmanagerUrl } = alertStack();
    const receiver = await webhookReceiver();
    const prefix = uniqueName('alerts');
    const topic = `${prefix}-orders`;
    const [stopped, healthy, doomed] = ['stopped', 'healthy', 'doomed'].map(
      (g) => `${prefix}-${g}`,
    ) as [string, string, string];

    const kafka = kafkaFor('a');
    const admin = kafka.admin();
    await admin.connect();
    const committer = new OffsetCommitter(kafka);
    // The running app, stopped in `finally` too: one left running after a failed assertion
    // (its schedule, API and keep-alive connections to the receiver) kept this file's
    // process, and CI with it, from ever ending.
    let running: App | null = null;
    try {
      await topicWithCounts(kafka, admin, topic, [10, 10]);
      await committer.commit(stopped, topic, [2, 2]);
      await committer.commit(doomed, topic, [5, 5]);
      await committer.commit(healthy, topic, [10, 10]);

      const yaml = `clusters:
  - name: a
    brokers: [${stackEnv().kafkaClusters.a!.brokers.join(', ')}]
    groups: { allow: ['^${prefix}'] }
schedule: '* * * * * *'
api: { listen: '127.0.0.1:0' }
state: { dir: '${stateDir}' }
notifiers:
  - { name: hook, type: webhook, url: '${receiver.url}', threshold: ERR, interval: 0, retryInitialDelayMs: 200, retryMaxDelayMs: 1000 }
  - name: am
    type: alertmanager
    url: '${alertmanagerUrl}'
    threshold: ERR
    interval: 2s
    labels: { test: '${prefix}' }
`;
      const config = parseConfig(yaml, { env: {} });
      const reports: EvaluationReport[] = [];
      let apiUrl = '';
      const start = async (): Promise<App> => {
        const sink = new MemorySink('memory');
        const built = buildApp(config, {
          logger: createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2),
          env: {},
          sinksFor: (_c, logger) => new SinkFanout([sink], logger),
        });
        assert.equal(built.kind, 'built');
        const app = (built as { app: App }).app;
        const started = await app.start();
        assert.equal(started.kind, 'started', JSON.stringify(started));
        apiUrl = (started as { apiUrl: string }).apiUrl;
        const timer = setInterval(() => reports.push(...sink.reports.splice(0)), 50);
        const stop = app.stop.bind(app);
        (app as { stop: App['stop'] }).stop = async () => {
          clearInterval(timer);
          reports.push(...sink.reports.splice(0));
          return stop();
        };
        return app;
      };

      // 1. The stopped and the doomed group open, at once; the healthy one never.
      let app = (running = await start());
      await waitFor(
        'opens of the stopped and the doomed group at the webhook',
        () =>
          [stopped, doomed].every((g) =>
            bodiesOf(receiver.received, g).some((b) => b.kind === 'open'),
          ),
        30_000,
      );
      const firstErr = reports.find((r) =>
        r.groups.some((g) => g.group === stopped && g.status === 'ERR'),
      );
      assert.ok(firstErr, 'a report judged the stopped group ERR');
      const open = bodiesOf(receiver.received, stopped).find((b) => b.kind === 'open')!;
      assert.ok(
        Date.parse(String(open.at)) - firstErr.takenAt <= 2 * TICK_MS,
        'open within two ticks of ERR',
      );
      assert.equal(open.status, 'ERR');
      assert.equal((open.worst as { status: string }).status, 'STOP');
      assert.equal(open.totalLag, 16);

      let alerts: Awaited<ReturnType<typeof alertmanagerAlerts>> = [];
      for (
        let i = 0;
        i < 50 && !(alerts.length === 1 && alerts[0]?.status.state === 'active');
        i++
      ) {
        alerts = await alertmanagerAlerts(alertmanagerUrl, { group: stopped, test: prefix });
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(alerts.length, 1, JSON.stringify(alerts));
      assert.equal(alerts[0]?.status.state, 'active');
      assert.equal(alerts[0]?.labels.alertname, 'KafkaConsumerGroupLag');
      assert.equal(alerts[0]?.labels.cluster, 'a');
      assert.equal(alerts[0]?.labels.severity, 'critical');
      assert.match(alerts[0]?.annotations.description ?? '', /STOP/);

      // The incidents API: both notifiers' incidents, with what was sent.
      const answer = (await (await fetch(`${apiUrl}/v3/kafka/a/incidents`)).json()) as {
        error: boolean;
        incidents: {
          open: { id: string; notifier: string; sent: { kind: string; result: string }[] }[];
        };
      };
      assert.equal(answer.error, false);
      const hookOpen = answer.incidents.open.find(
        (x) => x.notifier === 'hook' && x.id === `a/${stopped}`,
      );
      assert.deepEqual(
        hookOpen?.sent.map((x) => `${x.kind} ${x.result}`),
        ['open sent'],
        'what was sent where',
      );
      assert.ok(answer.incidents.open.some((x) => x.notifier === 'am' && x.id === `a/${stopped}`));

      // 2. A restart mid-incident: no second open.
      await new Promise((r) => setTimeout(r, 2 * TICK_MS));
      assert.ok(!bodiesOf(receiver.received, healthy).length, 'the healthy group never opens');
      await app.stop();
      running = null;
      const before = receiver.received.length;
      app = running = await start();
      await new Promise((r) => setTimeout(r, 3 * TICK_MS));
      assert.deepEqual(
        receiver.received.slice(before),
        [],
        'nothing new after the restart: the incidents were open',
      );
      assert.equal(
        app.alerts.incidents('a').open.filter((r) => r.incident.notifier === 'hook').length,
        2,
        'both incidents restored open',
      );

      // 3. The receiver goes down; the stopped group heals, the doomed one is deleted.
      receiver.down = true;
      await committer.commit(stopped, topic, [10, 10]);
      await admin.deleteGroups([doomed]);
      await waitFor(
        'both incidents closed by lagwatch',
        () =>
          app.alerts.incidents('a').closed.filter((r) => r.incident.notifier === 'hook').length ===
          2,
        20_000,
      );
      await waitFor('retries while the receiver is down', () => receiver.refused >= 2, 10_000);
      receiver.down = false;
      await waitFor(
        'both closes delivered once the receiver is back',
        () =>
          [stopped, doomed].every((g) =>
            bodiesOf(receiver.received, g).some((b) => b.kind === 'close'),
          ),
        20_000,
      );
      for (const [group, reason] of [
        [stopped, 'healed'],
        [doomed, 'deleted'],
      ] as const) {
        const kinds = bodiesOf(receiver.received, group).map(
          (b) => `${String(b.kind)}#${String(b.seq)}`,
        );
        assert.deepEqual(
          kinds,
          ['open#1', 'close#2'],
          `${group}: in order, none lost, no duplicate`,
        );
        assert.equal(bodiesOf(receiver.received, group).at(-1)?.closeReason, reason);
      }
      const health = app.alerts.notifierHealth().find((h) => h.notifier === 'hook');
      assert.ok(
        health && health.retries >= 2 && health.dropped === 0 && health.failed === 0,
        JSON.stringify(health),
      );

      // 4. Alertmanager: the alert resolved (gone from the active list).
      let resolved = false;
      for (let i = 0; i < 50 && !resolved; i++) {
        const now = await alertmanagerAlerts(alertmanagerUrl, { group: stopped, test: prefix });
        resolved = now.every(
          (a) => a.status.state !== 'active' || Date.parse(a.endsAt) <= Date.now(),
        );
        if (!resolved) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(resolved, 'the alert is resolved in Alertmanager');
      assert.ok(!bodiesOf(receiver.received, healthy).length, 'the healthy group never opened');
      await app.stop();
      running = null;
    } finally {
      await running?.stop().catch(() => undefined);
      await admin.deleteGroups([stopped, healthy]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await committer.disconnect();
    }
  },
);
