// Poll mode and commit-stream mode side by side on the real stack: one Kafka cluster seen
// as two lagwatch clusters (`poll`: offsets: poll, `commits`: offsets: commits), the same
// scripted consumers judged by both in one run, ticks fired by the test about every 0.7 s.
// - healthy: commits 2 behind the log end at every step: OK from its first full window,
//   never WARN or ERR, in both modes;
// - slow: falls 4 further behind every step: WARN in both;
// - stopper: a member that stops committing (it stays in the group): STOP in commit mode,
//   ERR in both;
// - rewinder: commits far back and stays there: REWIND in both;
// - deleted: a group deleted with kafka's DeleteGroups: NOTFOUND in the commits cluster's
//   next answer without a tick, and in the poll cluster's after the next tick;
// - a group of Kafka 4's consumer protocol (KIP-848, Kafka's console consumer) deleted:
//   NOTFOUND at once in the commits cluster too; every record Kafka 4.1 wrote was read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { pino } from 'pino';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import { parseConfig } from '../../../src/config/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { ScriptedMember } from '../../../src/demo/scripted-member.js';
import { createLogger } from '../../../src/log.js';
import { StoreGroupDeletes } from '../../../src/pipeline/group-deletes.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { exactProducer, kafkaFor } from '../../helpers/kafka.js';
import { consoleConsumer } from '../../helpers/kafka-console-consumer.js';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';

const prefix = uniqueName('cstream');
const WARMUP = 6; // steps before the stopper stops (the window of 5 is full by then)
const STEPS = 14;
const REWIND_AT = 12; // the fall stays inside the last window of 5
const PER_STEP = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2);

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let service: LagwatchService;
let latest: LatestState;
let api: RunningApi;
const members: ScriptedMember[] = [];
const reports: EvaluationReport[] = [];
const topicOf = (role: string) => `${prefix}-${role}`;
const groupOf = (role: string) => `${prefix}-${role}-g`;

before(async () => {
  kafka = kafkaFor('a');
  admin = kafka.admin();
  producer = exactProducer(kafka);
  await admin.connect();
  await producer.connect();
  const roles = ['healthy', 'slow', 'stopper', 'rewinder', 'deleted'];
  await admin.createTopics({
    topics: roles.map((r) => ({ topic: topicOf(r), numPartitions: 1 })),
    waitForLeaders: true,
  });
  const brokers = stackEnv().kafkaClusters.a!.brokers.join(', ');
  const cluster = (name: string, extra: string) =>
    `  - name: ${name}\n    brokers: [${brokers}]\n    groups: { allow: ['^${prefix}'] }\n` +
    `    topics: { allow: ['^${prefix}'] }\n${extra}`;
  const config = parseConfig(
    'clusters:\n' +
      cluster('poll', '') +
      cluster('commits', '    offsets: commits\n    commitMinDistanceMs: 100\n') +
      'sinks: []\nwindow: { intervals: 5 }\nevaluator: { minimumSamples: 3 }\n' +
      "api: { listen: '127.0.0.1:0' }\n",
    { env: {} },
  );
  let view: LatestState | null = null;
  service = new LagwatchService({
    config,
    logger: log,
    onReport: (report) => {
      reports.push(report);
      view?.record(report);
    },
  });
  latest = view = new LatestState({
    clusters: ['poll', 'commits'],
    store: service.store,
    evaluator: service.evaluator,
    wholeClusters: service.commitStreams.map((stream) => stream.cluster),
  });
  const readModel = latest;
  service.onGroupDeleted((c, g) => readModel.groupChanged(c, g, null)); // as the app wires it
  api = await startApi({
    latest,
    deletes: new StoreGroupDeletes({ store: service.store, latest }),
    config,
    ticks: service.ticks,
    sinkHealth: () => [],
    logger: pino({ level: 'silent' }),
    admin: new AdminGuard(null),
  });
  for (const role of ['healthy', 'slow', 'stopper', 'rewinder']) {
    members.push(new ScriptedMember(kafka, groupOf(role), topicOf(role)));
  }
  await Promise.all(members.map((m) => m.join()));
  // The slow consumer starts 20 behind: its lag never touches 0.
  await producer.send({
    topic: topicOf('slow'),
    messages: Array.from({ length: 20 }, (_, i) => ({ value: `${i}` })),
  });
  // The group to delete: offsets committed from outside any membership, no member.
  await producer.send({ topic: topicOf('deleted'), messages: [{ value: 'x' }, { value: 'y' }] });
  await admin.setOffsets({
    groupId: groupOf('deleted'),
    topic: topicOf('deleted'),
    partitions: [{ partition: 0, offset: '2' }],
  });
  for (const stream of service.commitStreams) stream.start();
  await Promise.all(service.commitStreams.map((s) => s.source.caughtUp));
  assert.equal(service.commitStreams[0]?.source.state, 'live', 'the offsets topic was replayed');
});

after(async () => {
  await Promise.all(members.map((m) => m.leave().catch(() => undefined)));
  await api?.close();
  await service?.stop();
  await producer?.disconnect();
  await admin?.disconnect();
});

async function status(cluster: string, group: string): Promise<string> {
  const r = await fetch(`${api.url}/v3/kafka/${cluster}/consumer/${group}/status`);
  const body = (await r.json()) as { status?: { status?: string } };
  return body.status?.status ?? `HTTP ${r.status}`;
}

/** The group's status in every report of a cluster, oldest first, with its partition's. */
function history(cluster: string, role: string) {
  return reports
    .filter((r) => r.cluster === cluster && r.available)
    .map((r) => r.groups.find((g) => g.group === groupOf(role)))
    .filter((g) => g !== undefined)
    .map((g) => ({
      group: g.status,
      partition: g.partitions[0]?.status,
      complete: g.partitions[0]?.complete,
    }));
}

test(
  'the same consumers judged from polled offsets and from the commit stream',
  { timeout: 180_000 },
  async () => {
    const [healthy, slow, stopper, rewinder] = members as [
      ScriptedMember,
      ScriptedMember,
      ScriptedMember,
      ScriptedMember,
    ];
    for (let step = 1; step <= STEPS; step++) {
      await Promise.all(
        ['healthy', 'slow', 'stopper', 'rewinder'].map((role) =>
          producer.send({
            topic: topicOf(role),
            messages: Array.from({ length: PER_STEP }, (_, i) => ({ value: `${step}:${i}` })),
          }),
        ),
      );
      const end = step * PER_STEP;
      await healthy.commit(new Map([[0, end - 2]]));
      await slow.commit(new Map([[0, step * 6]]));
      if (step <= WARMUP) await stopper.commit(new Map([[0, end - 2]]));
      await rewinder.commit(new Map([[0, step < REWIND_AT ? end - 2 : 5]]));
      await sleep(400); // the commit stream reads the commits (a fetch waits at most 0.5 s)

      if (step === WARMUP) {
        assert.equal(await status('commits', groupOf('deleted')), 'OK');
        assert.equal(await status('poll', groupOf('deleted')), 'OK');
        await admin.deleteGroups([groupOf('deleted')]);
        // No tick in between: the commit stream's tombstone alone takes the group away.
        const deadline = Date.now() + 5_000;
        while (latest.cluster('commits')?.groups.has(groupOf('deleted')) && Date.now() < deadline)
          await sleep(50);
        assert.equal(await status('commits', groupOf('deleted')), 'NOTFOUND');
        assert.equal(
          await status('poll', groupOf('deleted')),
          'OK',
          'poll mode: until its next tick',
        );
      }
      await service.tickAll();
      if (step === WARMUP) {
        assert.equal(await status('poll', groupOf('deleted')), 'NOTFOUND', 'poll: the next tick');
        assert.equal(await status('commits', groupOf('deleted')), 'NOTFOUND');
      }
      await sleep(300);
    }

    const summary = Object.fromEntries(
      ['poll', 'commits'].flatMap((c) =>
        ['healthy', 'slow', 'stopper', 'rewinder'].map((role) => [
          `${c}/${role}`,
          history(c, role)
            .map((h) => `${h.partition}`)
            .join(' '),
        ]),
      ),
    );
    const context = JSON.stringify(summary, null, 1);

    for (const cluster of ['poll', 'commits']) {
      const h = history(cluster, 'healthy');
      assert.ok(h.length >= STEPS - 1, `${cluster}: the healthy group was judged every tick`);
      assert.ok(!h.some((x) => x.group === 'WARN'), `${cluster}: healthy never WARN\n${context}`);
      // Not ERR at its first tick either, when the commit stream has given it one sample
      // (RULES.md, departure 3).
      assert.ok(!h.some((x) => x.group === 'ERR'), `${cluster}: healthy never ERR\n${context}`);
      const firstFull = h.findIndex((x) => x.complete === 1);
      assert.ok(firstFull >= 0, `${cluster}: the healthy window filled\n${context}`);
      assert.ok(
        h.slice(firstFull).every((x) => x.group === 'OK'),
        `${cluster}: healthy OK from its first full window\n${context}`,
      );

      assert.equal(history(cluster, 'slow').at(-1)?.group, 'WARN', `${cluster}: slow\n${context}`);
      assert.equal(
        history(cluster, 'stopper').at(-1)?.group,
        'ERR',
        `${cluster}: stopper\n${context}`,
      );
      const rewound = history(cluster, 'rewinder').at(-1);
      assert.deepEqual(
        [rewound?.group, rewound?.partition],
        ['ERR', 'REWIND'],
        `${cluster}\n${context}`,
      );
    }
    assert.equal(history('commits', 'stopper').at(-1)?.partition, 'STOP', context);
  },
);

test(
  'a consumer-protocol group (KIP-848) deleted: NOTFOUND at once from the commit stream',
  { timeout: 180_000 },
  async () => {
    const topic = `${prefix}-modern`;
    const group = `${prefix}-modern-g`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({
      topic,
      messages: Array.from({ length: 5 }, (_, i) => ({ value: `${i}` })),
    });
    const consumer = consoleConsumer('a', topic, group, { clientId: `${prefix}-modern` });
    try {
      const deadline = Date.now() + 90_000;
      const committed = async () =>
        (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions[0]?.offset;
      while ((await committed()) !== '5' && Date.now() < deadline) await sleep(500);
      assert.equal(await committed(), '5', 'the console consumer committed');
    } finally {
      await consumer.stop(); // leaves the group: it can be deleted
    }
    await sleep(600);
    await service.tickAll();
    assert.notEqual(await status('commits', group), 'NOTFOUND');
    assert.ok(
      reports.some((r) => r.cluster === 'commits' && r.groups.some((g) => g.group === group)),
      'the commits cluster judged the group',
    );
    await admin.deleteGroups([group]);
    const deadline = Date.now() + 5_000;
    while (latest.cluster('commits')?.groups.has(group) && Date.now() < deadline) await sleep(50);
    assert.equal(await status('commits', group), 'NOTFOUND', 'without a tick');
    assert.notEqual(await status('poll', group), 'NOTFOUND', 'poll mode waits for its next tick');
    const counts = service.commitStreams[0]!.source.counts;
    assert.equal(
      counts.unreadable,
      0,
      `every record Kafka wrote was read: ${JSON.stringify(counts)}`,
    );
    assert.ok(counts.skipped > 0, 'consumer-protocol records were met (and skipped)');
  },
);
