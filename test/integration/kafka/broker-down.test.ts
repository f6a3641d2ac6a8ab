// One broker of the three-broker cluster stopped (issue 18, step 6): the partitions it
// led (replication factor 1, so they stay leaderless) get a per-partition fault 'leader
// not available'; every other partition of the same groups, and other groups, is judged
// with the lag kafka-consumer-groups --describe gives; the cluster stays available.
// After the broker is started again, every partition is judged again.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { createLogger } from '../../../src/log.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { parseDescribe, type GroupDescribeRow } from '../../helpers/kafka-groups.js';
import { multiBrokerKafka, produce } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { multiBrokerKafkaEnv, repoRoot } from '../../helpers/stack.js';

const run = promisify(execFile);
const multi = multiBrokerKafkaEnv();
const prefix = uniqueName('down');
/** Partition p of `spread` lives on node p + 1 only; `safe` never touches node 3. */
const spread = `${prefix}-spread`;
const safe = `${prefix}-safe`;
const STOPPED_NODE = 3;
const spreadCounts = [5, 6, 7];
const safeCounts = [4, 9];
const groups = [`${prefix}-g0`, `${prefix}-g1`, `${prefix}-g2`];

const stack = (...args: string[]) =>
  run('bash', [join(repoRoot, 'scripts/stack'), ...args], { timeout: 180_000 });

async function tick(): Promise<ClusterSnapshot> {
  const snapshots: ClusterSnapshot[] = [];
  const service = new LagwatchService({
    config: parseConfig(
      `clusters:\n  - name: multi\n    brokers: [${multi.brokers.join(', ')}]\n` +
        `    groups: { allow: ['^${prefix}'] }\nsinks: []\n`,
      { env: {} },
    ),
    logger: createLogger('silent', 2),
    onReport: (_report, snapshot) => snapshots.push(snapshot),
  });
  try {
    await service.tickAll();
    await service.tickAll(); // the second tick, with coordinators found
  } finally {
    await service.stop();
  }
  const last = snapshots.at(-1);
  assert.ok(last, 'no snapshot');
  return last;
}

type Row = { group: string; topic: string; partition: number; lag: number | null };
const key = (r: { group: string; topic: string; partition: number }) =>
  `${r.group}/${r.topic}/${r.partition}`;

function rowsOf(snapshot: ClusterSnapshot): Map<string, Row & { fault: string | null }> {
  const rows = new Map<string, Row & { fault: string | null }>();
  for (const g of snapshot.groups) {
    if (!g.group.startsWith(prefix)) continue;
    for (const p of g.partitions) {
      const row = { group: g.group, topic: p.topic, partition: p.partition, lag: p.lag };
      rows.set(key(row), { ...row, fault: p.fault?.message ?? null });
    }
  }
  return rows;
}

async function reference(): Promise<GroupDescribeRow[]> {
  const { stdout } = await stack('kafka-groups', 'multi', '--describe', '--all-groups');
  return parseDescribe(stdout).filter((r) => r.group.startsWith(prefix));
}

describe('one broker of the three-broker cluster stopped', { timeout: 600_000 }, () => {
  const kafka = multiBrokerKafka();
  const admin = kafka.admin();
  const committer = new OffsetCommitter(kafka);
  let before_: GroupDescribeRow[] = [];

  before(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic: spread,
          replicaAssignment: spreadCounts.map((_, p) => ({ partition: p, replicas: [p + 1] })),
        },
        {
          topic: safe,
          replicaAssignment: safeCounts.map((_, p) => ({ partition: p, replicas: [p + 1] })),
        },
      ],
      waitForLeaders: true,
    });
    await produce(kafka, spread, spreadCounts);
    await produce(kafka, safe, safeCounts);
    // g0 and g1 read both topics (one spread partition goes leaderless); g2 only `safe`.
    await committer.commit(groups[0]!, spread, [1, 2, 3]);
    await committer.commit(groups[0]!, safe, [1, 1]);
    await committer.commit(groups[1]!, spread, [0, 6, 2]);
    await committer.commit(groups[1]!, safe, [4, 0]);
    await committer.commit(groups[2]!, safe, [2, 3]);
    await committer.disconnect();
    before_ = await reference();
    assert.equal(before_.length, 2 * (spreadCounts.length + safeCounts.length) + safeCounts.length);
  });
  after(async () => {
    await stack('start', `kafka-multi-${STOPPED_NODE}`).catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics: [spread, safe] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('its partitions get a per-partition fault; the rest are judged as kafka-consumer-groups says; then all again', async (t) => {
    const leaderless = (r: { topic: string; partition: number }) =>
      r.topic === spread && r.partition === STOPPED_NODE - 1;
    try {
      await stack('stop', `kafka-multi-${STOPPED_NODE}`);
      const down = await tick();
      assert.equal(down.available, true, JSON.stringify(down.fault));
      const rows = rowsOf(down);
      assert.equal(rows.size, before_.length);
      for (const ref of before_) {
        const ours = rows.get(key(ref));
        assert.ok(ours, `no row for ${key(ref)}`);
        if (leaderless(ref)) {
          assert.equal(ours.fault, 'leader not available', key(ref));
          assert.equal(ours.lag, null, key(ref));
        } else {
          assert.equal(ours.fault, null, key(ref));
          assert.equal(ours.lag, ref.lag, key(ref));
        }
      }
      // Kafka's tool, asked now, where it can answer (a number in LAG): the same lag.
      const during = await reference().catch(() => []);
      let compared = 0;
      for (const ref of during) {
        if (ref.lag === null || leaderless(ref)) continue;
        assert.equal(rows.get(key(ref))?.lag, ref.lag, key(ref));
        compared++;
      }
      t.diagnostic(`rows compared with --describe during the outage: ${compared}`);
    } finally {
      await stack('start', `kafka-multi-${STOPPED_NODE}`);
    }
    // Back: the partition is led again once node 3 has rejoined; then all judged.
    let back: ClusterSnapshot | null = null;
    for (let attempt = 0; attempt < 20; attempt++) {
      back = await tick();
      if ([...rowsOf(back).values()].every((r) => r.fault === null)) break;
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    assert.ok(back);
    assert.equal(back.available, true);
    const rows = rowsOf(back);
    for (const ref of await reference()) {
      assert.equal(rows.get(key(ref))?.fault, null, key(ref));
      assert.equal(rows.get(key(ref))?.lag, ref.lag, key(ref));
    }
  });
});
