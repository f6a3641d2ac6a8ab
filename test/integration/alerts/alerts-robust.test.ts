// Alerts under trouble, on the real stack (Kafka cluster a, local webhook receivers):
// 1. a group that flaps across the threshold at every tick never opens an incident with
//    `for: 3 ticks`, while `for: 0` opens and closes it at each flip;
// 2. `lagwatch run` SIGKILLed right after its open was delivered and started again on the
//    same state directory sends no second open, and the close when the group heals;
// 3. a receiver whose server is gone (connection refused) while a group opens, one heals
//    and one is deleted gets every open and close, in order, once it listens again; /metrics
//    counts the retries.
// A group that only stores offsets (no members, state Empty) is ERR at once while it has
// lag (src/status/RULES.md, rule 0) and OK without (rule 3): what a tick sees is what was
// committed before it, whatever the window holds. Tests 1 and 3 tick when they say so
// (app.tickAll; the schedule is once a year), so each tick sees exactly one commit.
// Over 300 lines: three scenarios that share one topic kit, one app starter and the
// metrics reader; split, each file would repeat them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { readAlertsState } from '../../../src/alerts/index.js';
import { buildApp, type App } from '../../../src/app/app.js';
import { parseConfig } from '../../../src/config/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createLogger } from '../../../src/log.js';
import { readState } from '../../../src/state/read-state.js';
import { MemorySink, SinkFanout } from '../../../sinks/index.js';
import { stoppableReceiver, webhookReceiver } from '../../helpers/alert-receivers.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { kafkaFor, produce } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { repoRoot, stackEnv } from '../../helpers/stack.js';
import { waitFor } from '../../helpers/stack-control.js';

type Body = Record<string, unknown>;
/** The webhook bodies of one notifier's incident of one group, as "kind#seq". */
const kindsOf = (bodies: readonly Body[], group: string, notifier = 'hook'): string[] =>
  bodies
    .filter((b) => b.group === group && b.notifier === notifier)
    .map((b) => `${String(b.kind)}#${String(b.seq)}`);

/** Once a year: the tests tick with app.tickAll(), one commit before each tick. */
const BY_HAND = "'0 0 0 1 1 *'";
const END_OFFSET = 10;
const LAGGING = [2]; // 8 behind, no members: STOP, so ERR
const CAUGHT_UP = [END_OFFSET];

const tmp = mkdtempSync(join(tmpdir(), 'lagwatch-alerts-robust-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Kit {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly committer: OffsetCommitter;
  readonly prefix: string;
  readonly topic: string;
  readonly brokers: string;
}

/** A topic of one partition with END_OFFSET messages; everything is removed afterwards. */
async function kit(name: string, groups: () => string[]): Promise<Kit> {
  const kafka = kafkaFor('a');
  const admin = kafka.admin();
  const committer = new OffsetCommitter(kafka);
  const prefix = uniqueName(name);
  const topic = `${prefix}-orders`;
  after(async () => {
    await admin.deleteGroups(groups()).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await committer.disconnect();
  });
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  // A loaded KRaft broker may answer the new topic's metadata "unknown" for a moment
  // (kafkajs' waitForLeaders then throws): wait until its offsets can be read.
  await retry(`the new topic ${topic}`, () => admin.fetchTopicOffsets(topic));
  await produce(kafka, topic, [END_OFFSET]);
  const brokers = stackEnv().kafkaClusters.a!.brokers.join(', ');
  return { kafka, admin, committer, prefix, topic, brokers };
}

async function retry<T>(what: string, attempt: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** lagwatch in this process, its reports kept by a MemorySink. */
async function startApp(yaml: string): Promise<{ app: App; apiUrl: string | null }> {
  const config = parseConfig(yaml, { env: {} });
  const sink = new MemorySink('memory');
  const built = buildApp(config, {
    logger: createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2),
    env: {},
    sinksFor: (_c, logger) => new SinkFanout([sink], logger),
  });
  assert.equal(built.kind, 'built', JSON.stringify(built));
  const app = (built as { app: App }).app;
  const started = await app.start();
  assert.equal(started.kind, 'started', JSON.stringify(started));
  after(() => app.stop());
  return { app, apiUrl: (started as { apiUrl: string | null }).apiUrl };
}

/** One metric's value from Prometheus' text format; undefined when absent. */
function metric(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test(
  'with for: 3 ticks a group flapping at every tick never opens; with for: 0 it does',
  { timeout: 90_000 },
  async () => {
    const receiver = await webhookReceiver();
    let groups: string[] = [];
    const k = await kit('flap', () => groups);
    const flapping = `${k.prefix}-flapping`;
    const steady = `${k.prefix}-steady`;
    groups = [flapping, steady];
    await k.committer.commit(flapping, k.topic, CAUGHT_UP);
    await k.committer.commit(steady, k.topic, LAGGING);
    const hook = (name: string, hold: string) =>
      `  - { name: ${name}, type: webhook, url: '${receiver.url}', threshold: ERR, for: ${hold}, interval: 0 }\n`;
    const { app } = await startApp(
      `clusters:
  - name: a
    brokers: [${k.brokers}]
    groups: { allow: ['^${k.prefix}'] }
schedule: ${BY_HAND}
api: { enabled: false }
notifiers:
${hook('held', "'3 ticks'")}${hook('eager', '0')}`,
    );

    // Tick 0 (start's own tick): flapping caught up. Then one flip before each tick.
    const reports: EvaluationReport[] = [...(await app.tickAll())];
    for (let tick = 1; tick <= 8; tick++) {
      await k.committer.commit(flapping, k.topic, tick % 2 === 1 ? LAGGING : CAUGHT_UP);
      reports.push(...(await app.tickAll()));
    }
    const statusOf = (group: string) =>
      reports.map((r) => r.groups.find((g) => g.group === group)?.status);
    assert.equal(reports.length, 9, 'one report a tick');
    assert.deepEqual(
      statusOf(flapping),
      ['OK', 'ERR', 'OK', 'ERR', 'OK', 'ERR', 'OK', 'ERR', 'OK'],
      'the group really flapped across the threshold at every tick',
    );
    assert.deepEqual(statusOf(steady), Array(9).fill('ERR'));

    await waitFor(
      "eager's four opens and closes of the flapping group, the steady group's opens",
      () =>
        kindsOf(receiver.received, flapping, 'eager').length === 8 &&
        kindsOf(receiver.received, steady, 'eager').length === 1 &&
        kindsOf(receiver.received, steady, 'held').length === 1,
      30_000,
    );
    // for: 0 opens at each ERR tick (1, 3, 5, 7) and closes at each OK one.
    assert.deepEqual(kindsOf(receiver.received, flapping, 'eager'), [
      'open#1',
      'close#2',
      'open#1',
      'close#2',
      'open#1',
      'close#2',
      'open#1',
      'close#2',
    ]);
    const eagerOpens = receiver.received.filter(
      (b) => b.group === flapping && b.notifier === 'eager' && b.kind === 'open',
    );
    assert.deepEqual(
      eagerOpens.map((b) => Date.parse(String(b.at))),
      [1, 3, 5, 7].map((tick) => reports[tick]!.takenAt),
      'each open at the tick that judged the group ERR',
    );
    // for: 3 ticks: the steady group opens at its third ERR tick; the flapping one never.
    assert.deepEqual(kindsOf(receiver.received, flapping, 'held'), []);
    assert.deepEqual(kindsOf(receiver.received, steady, 'held'), ['open#1']);
    const heldOpen = receiver.received.find((b) => b.group === steady && b.notifier === 'held');
    assert.equal(Date.parse(String(heldOpen?.at)), reports[2]!.takenAt);
    const heldHealth = app.alerts.notifierHealth().find((h) => h.notifier === 'held');
    assert.equal(heldHealth?.queued, 0, 'held has nothing more to send');
    assert.equal(heldHealth?.sent, 1);
    const heldIncidents = app.alerts.incidents('a');
    assert.deepEqual(
      heldIncidents.open.filter((r) => r.incident.notifier === 'held').map((r) => r.incident.id),
      [`a/${steady}`],
    );
    assert.equal(
      heldIncidents.closed.filter((r) => r.incident.notifier === 'held').length,
      0,
      'held never had an incident of the flapping group',
    );
  },
);

test(
  'lagwatch run SIGKILLed right after its open was delivered sends no second open after a restart',
  { timeout: 120_000 },
  async (t) => {
    const cli = join(repoRoot, 'dist/src/cli.js');
    assert.ok(existsSync(cli), `${cli} is missing: build it with \`npm run build\``);
    const receiver = await stoppableReceiver();
    let groups: string[] = [];
    const k = await kit('kill9', () => groups);
    const stopped = `${k.prefix}-stopped`;
    groups = [stopped];
    await k.committer.commit(stopped, k.topic, LAGGING);
    const dir = mkdtempSync(join(tmp, 'kill9-'));
    const stateDir = join(dir, 'state');
    const configFile = join(dir, 'lagwatch.yaml');
    // persistIntervalMs 10m: after the first tick's write, the only writes are the
    // delivery outcomes' own; no later tick's write can cover for them.
    writeFileSync(
      configFile,
      `clusters:
  - name: a
    brokers: [${k.brokers}]
    groups: { allow: ['^${k.prefix}'] }
schedule: '* * * * * *'
sinks: []
api: { listen: '127.0.0.1:0' }
state: { dir: '${stateDir}', persistIntervalMs: 10m }
notifiers:
  - { name: hook, type: webhook, url: '${receiver.url}', threshold: ERR, interval: 0, retryInitialDelayMs: 200, retryMaxDelayMs: 1000 }
`,
    );
    const run = () => {
      const child = spawn(process.execPath, [cli, 'run', '--config', configFile], {
        cwd: repoRoot,
        env: { ...process.env, LAGWATCH_LOG_LEVEL: 'info' },
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('close', (code, signal) => resolve({ code, signal })),
      );
      after(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      return { child, output: () => output, exited };
    };

    const first = run();
    await waitFor('the open at the receiver', () => receiver.received.length >= 1, 60_000);
    assert.deepEqual(kindsOf(receiver.received, stopped), ['open#1']);
    // The earliest moment the delivery is on disk: then kill -9, no later write waited for.
    const deliveredOnDisk = async (): Promise<boolean> => {
      const read = await readState(stateDir, { logger: createLogger('silent', 2) });
      if (read.kind !== 'read') return false;
      const alerts = readAlertsState(read.state.modules.alerts);
      const record = alerts?.trackers.hook?.open.find((r) => r.incident.id === `a/${stopped}`);
      return record?.sent[0]?.result === 'sent' && alerts?.queues.hook?.length === 0;
    };
    const deadline = Date.now() + 10_000;
    while (!(await deliveredOnDisk())) {
      assert.ok(Date.now() < deadline, 'the delivered open reached the state file within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.child.kill('SIGKILL');
    const killedAfterMs = Date.now() - receiver.receivedAt[0]!;
    assert.equal((await first.exited).signal, 'SIGKILL');
    t.diagnostic(`killed ${killedAfterMs} ms after the receiver took the open (loaded machine)`);

    const second = run();
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(second.output())?.[1];
        if (url) {
          clearInterval(timer);
          resolve(url);
        } else if (second.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`the second lagwatch exited: ${second.output()}`));
        }
      }, 100);
    });
    // Several ticks of the still-stopped group after the restart.
    let ticks = 0;
    for (const deadlineAt = Date.now() + 60_000; ticks < 3;) {
      assert.ok(Date.now() < deadlineAt, 'three ticks after the restart within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
      const text = await (await fetch(`${apiUrl}/metrics`)).text();
      ticks = metric(text, 'lagwatch_ticks_total', 'cluster="a"') ?? 0;
    }
    assert.match(second.output(), /incidents restored/);
    assert.deepEqual(kindsOf(receiver.received, stopped), ['open#1'], 'no second open');

    await k.committer.commit(stopped, k.topic, CAUGHT_UP);
    await waitFor(
      'the close at the receiver',
      () => kindsOf(receiver.received, stopped).length >= 2,
      30_000,
    );
    second.child.kill('SIGTERM');
    assert.equal((await second.exited).code, 0, second.output());
    assert.deepEqual(kindsOf(receiver.received, stopped), ['open#1', 'close#2']);
    assert.equal(receiver.received.at(-1)?.closeReason, 'healed');
  },
);

test(
  'a receiver gone (connection refused) gets every open and close, in order, once it listens again',
  { timeout: 90_000 },
  async () => {
    const receiver = await stoppableReceiver();
    let groups: string[] = [];
    const k = await kit('gone', () => groups);
    const [healing, doomed, late] = ['healing', 'doomed', 'late'].map(
      (g) => `${k.prefix}-${g}`,
    ) as [string, string, string];
    groups = [healing, doomed, late];
    await k.committer.commit(healing, k.topic, LAGGING);
    await k.committer.commit(doomed, k.topic, LAGGING);
    await k.committer.commit(late, k.topic, CAUGHT_UP);
    const { app, apiUrl } = await startApp(
      `clusters:
  - name: a
    brokers: [${k.brokers}]
    groups: { allow: ['^${k.prefix}'] }
schedule: ${BY_HAND}
api: { listen: '127.0.0.1:0' }
notifiers:
  - { name: hook, type: webhook, url: '${receiver.url}', threshold: ERR, interval: 0, retryInitialDelayMs: 200, retryMaxDelayMs: 1000 }
`,
    );
    const metrics = async () => (await fetch(`${apiUrl!}/metrics`)).text();
    const labels = 'notifier="hook"';
    await app.tickAll();
    await waitFor(
      'the opens of the healing and the doomed group',
      () =>
        kindsOf(receiver.received, healing).length + kindsOf(receiver.received, doomed).length ===
        2,
      30_000,
    );

    // The receiver goes away; meanwhile one group opens, one heals, one is deleted.
    await receiver.stop();
    await k.committer.commit(late, k.topic, LAGGING);
    await k.committer.commit(healing, k.topic, CAUGHT_UP);
    await k.admin.deleteGroups([doomed]);
    await app.tickAll();
    const hookIncidents = () => {
      const all = app.alerts.incidents('a');
      const ids = (records: typeof all.open) =>
        records.filter((r) => r.incident.notifier === 'hook').map((r) => r.incident.id);
      return { open: ids(all.open), closed: ids(all.closed).sort() };
    };
    assert.deepEqual(hookIncidents(), {
      open: [`a/${late}`],
      closed: [`a/${doomed}`, `a/${healing}`],
    });
    const health = () => app.alerts.notifierHealth().find((h) => h.notifier === 'hook')!;
    await waitFor('three refused sends', () => health().retries >= 3, 30_000);
    await app.tickAll(); // a tick while it is gone adds nothing: nothing changed
    const during = await metrics();
    assert.equal(metric(during, 'lagwatch_notifier_queue_notifications', labels), 3);
    assert.ok((metric(during, 'lagwatch_notification_retries_total', labels) ?? 0) >= 3, during);
    assert.equal(metric(during, 'lagwatch_notifications_sent_total', labels), 2);
    assert.match(health().lastError ?? '', /ECONNREFUSED/, 'refused, not answered');
    assert.equal(receiver.received.length, 2, 'nothing reached the receiver while it was gone');

    // Back on the same port: everything waiting is delivered.
    await receiver.start();
    await waitFor(
      'the open and both closes made while the receiver was gone',
      () => receiver.received.length === 5,
      30_000,
    );
    await k.committer.commit(late, k.topic, CAUGHT_UP);
    await app.tickAll();
    await waitFor('the late group closes too', () => receiver.received.length === 6, 30_000);

    for (const [group, reason] of [
      [healing, 'healed'],
      [doomed, 'deleted'],
      [late, 'healed'],
    ] as const) {
      assert.deepEqual(
        kindsOf(receiver.received, group),
        ['open#1', 'close#2'],
        `${group}: in order, none lost, none twice`,
      );
      const close = receiver.received.find((b) => b.group === group && b.kind === 'close');
      assert.equal(close?.closeReason, reason);
    }
    const end = await metrics();
    assert.equal(metric(end, 'lagwatch_notifications_sent_total', labels), 6);
    assert.equal(metric(end, 'lagwatch_notifications_dropped_total', labels), 0);
    assert.equal(metric(end, 'lagwatch_notifications_failed_total', labels), 0);
    assert.equal(metric(end, 'lagwatch_notifier_queue_notifications', labels), 0);
    assert.ok((metric(end, 'lagwatch_notification_retries_total', labels) ?? 0) >= 3);
  },
);
