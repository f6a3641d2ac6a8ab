// One tick on the real stack: every row lagwatch samples equals Kafka's own
// kafka-consumer-groups --describe row and the arithmetic of produced minus consumed,
// for groups in distinct shapes on both clusters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin } from 'kafkajs';
import type { GroupLag } from '../../../src/contract/snapshot.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { describeGroup } from '../../helpers/kafka-groups.js';
import { uniqueName } from '../../helpers/names.js';
import { testService, type Recorded } from '../../helpers/service.js';

const prefix = uniqueName('sampler');
const t = {
  a1: { topic: `${prefix}-a1`, produced: [10, 20, 30] },
  a2: { topic: `${prefix}-a2`, produced: [5, 15] },
  b1: { topic: `${prefix}-b1`, produced: [8, 3] },
};
const groups = {
  // Live: one member owns all three partitions; commits 4 and 20, never commits p2.
  live: { cluster: 'a', group: `${prefix}-live`, topic: t.a1, commits: [4, 20, 0] },
  // Stopped: committed, then left: no members (Empty).
  stopped: { cluster: 'a', group: `${prefix}-stopped`, topic: t.a2, commits: [5, 7] },
  // On the second cluster.
  remote: { cluster: 'b', group: `${prefix}-remote`, topic: t.b1, commits: [8, 1] },
};

describe('sampler on the real stack', { timeout: 180_000 }, () => {
  const kafkaA = kafkaFor('a');
  const kafkaB = kafkaFor('b');
  const adminA: Admin = kafkaA.admin();
  const adminB: Admin = kafkaB.admin();
  const leaveLive: (() => Promise<void>)[] = [];
  const harness = testService(prefix);
  let reports: Recorded[] = [];

  before(async () => {
    await Promise.all([adminA.connect(), adminB.connect()]);
    await topicWithCounts(kafkaA, adminA, t.a1.topic, t.a1.produced);
    await topicWithCounts(kafkaA, adminA, t.a2.topic, t.a2.produced);
    await topicWithCounts(kafkaB, adminB, t.b1.topic, t.b1.produced);
    const live = await groupAt(kafkaA, t.a1.topic, groups.live.group, groups.live.commits);
    leaveLive.push(live.leave);
    await (await groupAt(kafkaA, t.a2.topic, groups.stopped.group, groups.stopped.commits)).leave();
    await (await groupAt(kafkaB, t.b1.topic, groups.remote.group, groups.remote.commits)).leave();
    await harness.service.tickAll();
    reports = harness.recorded;
  });

  after(async () => {
    await Promise.all(leaveLive.map((leave) => leave()));
    await harness.stop();
    await adminA
      .deleteGroups(
        Object.values(groups)
          .filter((g) => g.cluster === 'a')
          .map((g) => g.group),
      )
      .catch(() => undefined);
    await adminB.deleteGroups([groups.remote.group]).catch(() => undefined);
    await adminA.deleteTopics({ topics: [t.a1.topic, t.a2.topic] }).catch(() => undefined);
    await adminB.deleteTopics({ topics: [t.b1.topic] }).catch(() => undefined);
    await Promise.all([adminA.disconnect(), adminB.disconnect()]);
  });

  const sampled = (cluster: string, group: string): GroupLag => {
    const snapshot = reports.find((r) => r.snapshot.cluster === cluster)?.snapshot;
    assert.ok(
      snapshot?.available,
      `cluster ${cluster} was not sampled: ${JSON.stringify(snapshot?.fault)}`,
    );
    const found = snapshot.groups.find((g) => g.group === group);
    assert.ok(found, `group ${group} not sampled on ${cluster}`);
    return found;
  };

  for (const [shape, g] of Object.entries(groups)) {
    test(`${shape} group: every row equals kafka-consumer-groups --describe and the arithmetic`, async () => {
      const mine = sampled(g.cluster, g.group);
      const theirs = await describeGroup(g.cluster, g.group);
      assert.ok(theirs.length > 0, 'kafka-consumer-groups printed no row');
      assert.deepEqual(
        mine.partitions.map((p) => [p.topic, p.partition]),
        theirs.map((r) => [r.topic, r.partition]),
        'the same partitions',
      );
      for (const [i, row] of theirs.entries()) {
        const p = mine.partitions[i]!;
        const where = `${row.topic}/${row.partition}`;
        assert.equal(p.committedOffset, row.currentOffset, `${where} CURRENT-OFFSET`);
        assert.equal(p.logEndOffset, row.logEndOffset, `${where} LOG-END-OFFSET`);
        assert.equal(p.lag, row.lag, `${where} LAG`);
        assert.equal(p.consumerId, row.consumerId, `${where} CONSUMER-ID`);
        assert.equal(p.host, row.host, `${where} HOST`);
        assert.equal(p.clientId, row.clientId, `${where} CLIENT-ID`);
        // The arithmetic, from what the test produced and committed.
        const produced = g.topic.produced[p.partition]!;
        const committed = g.commits[p.partition]!;
        assert.equal(p.logEndOffset, produced, `${where} produced`);
        assert.equal(p.logStartOffset, 0);
        assert.equal(p.committedOffset, committed === 0 ? null : committed, `${where} committed`);
        assert.equal(p.lag, committed === 0 ? null : produced - committed, `${where} lag`);
        assert.equal(p.messagesLost, 0);
      }
      const knownLags = g.commits.flatMap((c, i) => (c === 0 ? [] : [g.topic.produced[i]! - c]));
      assert.equal(
        mine.totalLag,
        knownLags.reduce((x, y) => x + y, 0),
      );
      assert.equal(
        mine.maxLag?.lag ?? null,
        knownLags.length === 0 ? null : Math.max(...knownLags),
      );
    });
  }

  test('group shapes: members and state as Kafka reports them', () => {
    const live = sampled('a', groups.live.group);
    assert.equal(live.state, 'Stable');
    assert.equal(live.members, 1);
    const never = live.partitions.find((p) => p.partition === 2)!;
    assert.equal(never.committedOffset, null, 'assigned but never committed is not zero');
    assert.ok(never.consumerId, 'and it has its owner');
    assert.equal(sampled('a', groups.stopped.group).state, 'Empty');
    assert.equal(sampled('a', groups.stopped.group).members, 0);
  });

  test("each cluster reports only its own groups, and records-lag-max is the cluster's max", () => {
    const a = reports.find((r) => r.snapshot.cluster === 'a')!.snapshot;
    const b = reports.find((r) => r.snapshot.cluster === 'b')!.snapshot;
    assert.deepEqual(
      a.groups.map((g) => g.group),
      [groups.live.group, groups.stopped.group].sort(),
    );
    assert.deepEqual(
      b.groups.map((g) => g.group),
      [groups.remote.group],
    );
    assert.equal(a.maxLag, 8); // stopped p1: 15 - 7 (live p0 is 10 - 4)
    assert.equal(b.maxLag, 2); // remote p1: 3 - 1
  });

  test('the evaluation: a group with no members and lag is STOP at once, so ERR', () => {
    const report = reports.find((r) => r.report.cluster === 'a')!.report;
    const stopped = report.groups.find((g) => g.group === groups.stopped.group)!;
    assert.equal(stopped.status, 'ERR');
    const byPartition = new Map(stopped.partitions.map((p) => [p.partition, p]));
    assert.equal(byPartition.get(0)?.status, 'OK'); // lag 0
    assert.equal(byPartition.get(1)?.status, 'STOP'); // lag 8, nobody consuming
    assert.equal(byPartition.get(1)?.reason, 'GROUP_EMPTY');
    assert.equal(stopped.totallag, 8);
    const live = report.groups.find((g) => g.group === groups.live.group)!;
    assert.equal(live.partitionCount, 3);
    assert.equal(
      live.partitions.find((p) => p.partition === 2)?.end,
      null,
      'never committed: no sample',
    );
  });
});
