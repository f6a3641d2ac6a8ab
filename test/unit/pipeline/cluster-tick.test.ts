// One cluster's tick against the client double: sample -> window store -> evaluator ->
// report listener; a listener that throws, and an evaluator (store) that fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultCode } from '../../../src/contract/errors.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { ClusterTick, type ReportListener } from '../../../src/pipeline/cluster-tick.js';
import { evaluatorFor } from '../../../src/pipeline/evaluator-options.js';
import { WindowStore } from '../../../src/window/store.js';
import type { SnapshotRecording } from '../../../src/window/snapshot-recording.js';
import { namesOf } from '../../../src/status/index.js';
import type { EvaluatedGroup } from '../../../src/status/evaluated-group.js';
import { silent, smallCluster, twoClusterConfig, type FakeClusterClient } from './helpers.js';

const config = twoClusterConfig();

function tickOf(
  client: FakeClusterClient,
  onReport: ReportListener,
  store = new WindowStore({ intervals: 10, expireGroupAfterMs: 60_000, endOffsetHistory: 10 }),
  deadlineMs = 5000,
  keepGroupLags?: boolean,
): { tick: ClusterTick; store: WindowStore } {
  let clock = 1_000_000;
  const tick = new ClusterTick({
    client,
    sampler: {
      cluster: 'a',
      groups: { allow: [], deny: [] },
      topics: { allow: [], deny: [] },
      concurrency: 2,
      deadlineMs,
      logger: silent,
      now: () => (clock += 60_000),
    },
    store,
    evaluator: evaluatorFor(config),
    onReport,
    logger: silent,
    ...(keepGroupLags !== undefined && { keepGroupLags }),
  });
  return { tick, store };
}

describe('ClusterTick', () => {
  test('samples, records in the window store, judges, and hands the report on', async () => {
    const heard: [EvaluationReport, ClusterSnapshot][] = [];
    const { tick, store } = tickOf(smallCluster(), (r, s) => heard.push([r, s]));
    const first = await tick.fire();
    const second = await tick.fire();
    assert.equal(heard.length, 2);
    const [report, snapshot] = heard[1]!;
    assert.equal(report, second);
    assert.notEqual(first, second);
    // The second judged with the first's names (the tick keeps them, not the report).
    assert.equal(namesOf(second!.groups[0]!), namesOf(first!.groups[0]!));
    assert.notEqual(namesOf(second!.groups[0]!), null);
    assert.equal(report.available, true);
    assert.equal(report.takenAt, snapshot.takenAt);
    assert.equal(report.maxLag, 10);
    // The store kept both ticks' samples; the report judged that window.
    const window = store.window('a', 'billing');
    assert.equal(window?.partitions.find((p) => p.partition === 0)?.samples.length, 2);
    assert.deepEqual(
      report.groups.map((g) => [g.group, g.partitions.length]),
      [['billing', 2]],
    );
    assert.equal(tick.counters.ticks, 2);
    assert.equal(tick.counters.failed, 0);
  });

  test("a tick judges with the previous tick's report: unchanged names are shared", async () => {
    const { tick } = tickOf(smallCluster(), () => undefined);
    await tick.fire();
    const second = await tick.fire();
    const third = await tick.fire();
    const names = (report: EvaluationReport | null): readonly string[] =>
      (report!.groups[0] as EvaluatedGroup).names;
    assert.deepEqual(names(third), names(second), 'the same topics, owners and reasons');
    assert.equal(names(third), names(second), 'one array for both');
  });

  test("a tick that keeps no group lags (the service's) records and judges the same", async () => {
    // Several groups, one of them faulty: its offsets cannot be fetched.
    const cluster = (): FakeClusterClient => {
      const client = smallCluster();
      client.topicsByName.audit = { ends: [40] };
      client.groups.audit = {
        state: 'Stable',
        members: [{ id: 'm2', host: '/10.0.0.6', clientId: 'a-1', assignment: { audit: [0] } }],
        committed: { audit: [15] },
      };
      client.groups.archive = { state: 'Empty', committed: { orders: [100, 20] } };
      client.groups.broken = { state: 'Empty', committed: { orders: [1, 1] } };
      client.failOffsetsFor.add('broken');
      return client;
    };
    const kept: [EvaluationReport, ClusterSnapshot][] = [];
    const letGo: [EvaluationReport, ClusterSnapshot][] = [];
    const keeping = tickOf(cluster(), (r, s) => kept.push([r, s]));
    const notKeeping = tickOf(cluster(), (r, s) => letGo.push([r, s]), undefined, 5000, false);
    for (let i = 0; i < 3; i++) {
      await keeping.tick.fire();
      await notKeeping.tick.fire();
    }
    const [keptReport, keptSnapshot] = kept[2]!;
    const [report, snapshot] = letGo[2]!;
    assert.deepEqual(
      keptSnapshot.groups.map((g) => g.group),
      ['archive', 'audit', 'billing', 'broken'],
    );
    assert.deepEqual(snapshot.groups, []);
    assert.equal(snapshot.maxLag, keptSnapshot.maxLag);
    assert.equal(report.maxLag, 30); // archive, orders 1: 50 - 20
    assert.equal(JSON.stringify(report), JSON.stringify(keptReport));
    assert.deepEqual(notKeeping.store.windows('a'), keeping.store.windows('a'));
    assert.equal(notKeeping.tick.counters.groupFaults, 3);
    assert.equal(keeping.tick.counters.groupFaults, 3);
  });

  test('a tick that keeps no lags reuses the partitions’ logs: each tick still sees its own offsets', async () => {
    const clients = [smallCluster(), smallCluster()];
    const keeping = tickOf(clients[0]!, () => undefined);
    const letGo: EvaluationReport[] = [];
    const notKeeping = tickOf(clients[1]!, (r) => letGo.push(r), undefined, 5000, false);
    const ends = [
      [100, 50],
      [130, 50],
      [130, 80, 5], // a partition added
      [140, 85], // and gone again
      [160, 90],
    ];
    for (const end of ends) {
      for (const client of clients) client.topicsByName = { orders: { ends: end } };
      await keeping.tick.fire();
      await notKeeping.tick.fire();
    }
    assert.deepEqual(notKeeping.store.windows('a'), keeping.store.windows('a'));
    const lags = letGo.at(-1)!.groups[0]!.partitions.map((p) => p.end?.lag);
    assert.deepEqual(lags, [70, 40], 'billing commits 90 and 50: the last tick’s ends 160 and 90');
  });

  test('a listener that throws does not break the tick or the next one', async () => {
    let calls = 0;
    const { tick } = tickOf(smallCluster(), () => {
      calls++;
      throw new Error('listener bug');
    });
    const report = await tick.fire();
    assert.equal(report?.available, true);
    assert.equal(tick.running, null);
    assert.equal((await tick.fire())?.available, true);
    assert.equal(calls, 2);
    assert.equal(tick.counters.failed, 0);
  });

  test('an evaluation failure is reported as EVALUATION_FAILED, and counted', async () => {
    class BrokenStore extends WindowStore {
      override startRecording(): SnapshotRecording | null {
        throw new Error('store bug');
      }
    }
    const heard: EvaluationReport[] = [];
    const { tick } = tickOf(
      smallCluster(),
      (r) => heard.push(r),
      new BrokenStore({ intervals: 10, expireGroupAfterMs: 60_000, endOffsetHistory: 10 }),
    );
    const report = await tick.fire();
    assert.equal(report?.available, false);
    assert.equal(report?.fault?.code, FaultCode.EVALUATION_FAILED);
    assert.match(report?.fault?.message ?? '', /store bug/);
    assert.deepEqual(report?.groups, []);
    assert.deepEqual(heard, [report]);
    assert.equal(tick.counters.failed, 1);
  });

  test('an unreachable cluster is an unavailable report, counted as failed', async () => {
    const client = smallCluster();
    client.failConnect = new Error('ECONNREFUSED');
    const { tick } = tickOf(client, () => undefined);
    const report = await tick.fire();
    assert.equal(report?.available, false);
    assert.equal(report?.fault?.code, FaultCode.CLUSTER_UNAVAILABLE);
    assert.equal(tick.counters.failed, 1);
  });

  test('a tick fired while one runs is skipped and counted, never overlapped', async () => {
    const client = smallCluster();
    client.hold();
    const { tick } = tickOf(client, () => undefined);
    const running = tick.fire();
    assert.ok(running);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(tick.fire(), null);
    assert.equal(tick.fire(), null);
    assert.equal(tick.counters.skipped, 2);
    assert.equal(tick.running, running);
    client.open();
    await running;
    assert.equal(client.listings, 1);
    assert.equal(tick.counters.ticks, 1);
    assert.equal(tick.running, null);
  });

  test("abort() ends the running tick's sampling through its own signal; the next tick is whole", async () => {
    const client = smallCluster();
    const { tick } = tickOf(client, () => undefined);
    assert.equal(tick.abort(), false, 'no tick runs');
    client.hold();
    const running = tick.fire();
    assert.ok(running);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(tick.abort(), true);
    const cancelled = await running; // ends while the client still holds it
    assert.equal(cancelled.available, false);
    assert.deepEqual(cancelled.fault, {
      code: FaultCode.DEADLINE_EXCEEDED,
      message: 'sampling was cancelled',
    });
    assert.equal(tick.counters.failed, 1);
    assert.equal(tick.running, null);
    client.open();
    const next = await tick.fire();
    assert.equal(next?.available, true);
    assert.ok((next?.groups.length ?? 0) > 0);
    assert.equal(tick.abort(), false, 'the finished tick is not aborted again');
  });

  test('a tick that hits its deadline: no request of it is sent afterwards, nothing of it is recorded', async () => {
    const client = smallCluster();
    client.committedDelayMs = 150; // OffsetFetch answers after the 40 ms deadline
    const heard: EvaluationReport[] = [];
    const { tick, store } = tickOf(client, (r) => heard.push(r), undefined, 40);
    const report = await tick.fire();
    assert.equal(report?.available, false);
    assert.equal(report?.fault?.code, FaultCode.DEADLINE_EXCEEDED);
    assert.equal(tick.running, null, 'the tick is over at its deadline');
    const sentByTheTick = client.calls.map((c) => c.api);
    assert.ok(sentByTheTick.includes('OffsetFetch'));
    // Past the late answer: whatever the tick still had to do would happen now.
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(
      client.calls.map((c) => c.api),
      sentByTheTick,
      'no request of the tick after its deadline',
    );
    assert.deepEqual(
      client.calls.filter((c) => c.afterAbort),
      [],
    );
    assert.ok(client.calls.every((c) => c.api === 'Connect' || c.hadSignal));
    assert.equal(store.stats().groups, 0, 'nothing of the tick was recorded');
    assert.deepEqual(heard, [report], 'one report, the unavailable one');
  });

  test('a deadline that falls between batches: the batches still queued are never sent', async () => {
    const client = smallCluster();
    const committed = client.groups.billing!.committed;
    for (const name of ['g1', 'g2', 'g3', 'g4', 'g5'])
      client.groups[name] = { state: 'Empty', committed };
    client.committedDelayMs = 30; // one OffsetFetch per group, one at a time: 180 ms in all
    const store = new WindowStore({
      intervals: 10,
      expireGroupAfterMs: 60_000,
      endOffsetHistory: 10,
    });
    const heard: EvaluationReport[] = [];
    const tick = new ClusterTick({
      client,
      sampler: {
        cluster: 'a',
        groups: { allow: [], deny: [] },
        topics: { allow: [], deny: [] },
        concurrency: 1,
        groupsPerRequest: 1,
        deadlineMs: 70,
        logger: silent,
      },
      store,
      evaluator: evaluatorFor(config),
      onReport: (r) => heard.push(r),
      logger: silent,
    });
    const report = await tick.fire();
    assert.equal(report?.fault?.code, FaultCode.DEADLINE_EXCEEDED);
    const sent = client.calls.map((c) => c.api);
    const fetches = sent.filter((api) => api === 'OffsetFetch').length;
    // Batches start 30 ms apart at the earliest; the deadline (70 ms) falls before the 4th.
    assert.ok(fetches >= 1 && fetches <= 3, `${fetches} OffsetFetch batches of 6 were sent`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // past every late answer
    assert.deepEqual(
      client.calls.map((c) => c.api),
      sent,
      'no request of the tick after its deadline',
    );
    assert.ok(!sent.includes('ListOffsets'), 'the step after the group requests never started');
    assert.deepEqual(
      client.calls.filter((c) => c.afterAbort),
      [],
    );
    assert.equal(store.stats().groups, 0, 'nothing of the tick was recorded');
    assert.deepEqual(heard, [report]);
  });
});
