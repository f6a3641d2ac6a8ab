// lagwatch against the stack's three-broker cluster (issue 18, step 6): partitions and
// group coordinators spread over the brokers; every row of `lagwatch once` equals
// kafka-consumer-groups --describe --all-groups; and a tick's broker requests stay
// O(brokers) with 24 groups (one request per group and API would be 48 or more).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { createInternalCluster } from '../../../src/kafka/protocol-client.js';
import { createLogger } from '../../../src/log.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { runCli } from '../../helpers/cli.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { parseDescribe } from '../../helpers/kafka-groups.js';
import { multiBrokerKafka, produce } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { multiBrokerKafkaEnv, repoRoot } from '../../helpers/stack.js';

const run = promisify(execFile);
const multi = multiBrokerKafkaEnv();
const prefix = uniqueName('multi');
const topic = `${prefix}-t`;
const counts = [5, 6, 7, 8, 9, 10];
const groups = Array.from({ length: 24 }, (_, i) => `${prefix}-g${i}`);
/** Group i has committed (i + p) % (count + 1) on partition p: every group differs. */
const committed = (i: number): number[] => counts.map((count, p) => (i + p) % (count + 1));

function clusterYaml(): string {
  return `clusters:\n  - name: multi\n    brokers: [${multi.brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`;
}

describe('the three-broker cluster', { timeout: 240_000 }, () => {
  const kafka = multiBrokerKafka();
  const admin = kafka.admin();
  const committer = new OffsetCommitter(kafka);

  before(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: counts.length }],
      waitForLeaders: true,
    });
    await produce(kafka, topic, counts);
    for (const [i, group] of groups.entries()) await committer.commit(group, topic, committed(i));
  });
  after(async () => {
    await committer.disconnect().catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('three brokers; partition leaders and group coordinators spread over them', async () => {
    const { brokers } = await admin.describeCluster();
    assert.equal(brokers.length, 3);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const leaders = new Set(metadata.topics[0]?.partitions.map((p) => p.leader));
    assert.equal(leaders.size, 3, `leaders: ${[...leaders].join(', ')}`);
    const cluster = createInternalCluster(kafka);
    await cluster.connect();
    await cluster.refreshMetadata();
    try {
      const coordinators = new Set<number>();
      for (const groupId of groups) {
        coordinators.add(
          (await cluster.findGroupCoordinatorMetadata({ groupId })).coordinator.nodeId,
        );
      }
      assert.ok(coordinators.size > 1, `every group on broker ${[...coordinators].join()}`);
    } finally {
      await cluster.disconnect();
    }
  });

  test('every row of once equals kafka-consumer-groups --describe --all-groups', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lagwatch-multi-')), 'lagwatch.yaml');
    writeFileSync(file, clusterYaml());
    const { code, stdout, stderr } = await runCli(['once', '--config', file]);
    assert.equal(code, 0, stderr);
    const ours = parseDescribe(stdout.replace(/ +[^ \n]+$/gm, '')); // without LAG-SECONDS
    const reference = await run(
      'bash',
      [join(repoRoot, 'scripts/stack'), 'kafka-groups', 'multi', '--describe', '--all-groups'],
      { timeout: 120_000 },
    );
    const theirs = parseDescribe(reference.stdout).filter((r) => r.group.startsWith(prefix));
    const byGroup = (rows: typeof ours) =>
      [...rows].sort((x, y) => x.group.localeCompare(y.group) || x.partition - y.partition);
    assert.equal(theirs.length, groups.length * counts.length);
    assert.deepEqual(byGroup(ours), byGroup(theirs));
  });

  test('a tick sends O(brokers) requests for 24 groups, all sampled', async (t) => {
    const snapshots: ClusterSnapshot[] = [];
    const service = new LagwatchService({
      config: parseConfig(`${clusterYaml()}sinks: []\n`, { env: {} }),
      logger: createLogger('silent', 2),
      onReport: (_report, snapshot) => snapshots.push(snapshot),
    });
    try {
      await service.tickAll(); // the first tick also finds coordinators and versions
      await service.tickAll();
    } finally {
      await service.stop();
    }
    const second = snapshots[1];
    assert.equal(second?.available, true);
    assert.equal(second?.groups.filter((g) => g.group.startsWith(prefix)).length, groups.length);
    t.diagnostic(`second tick: ${second.requests} requests for ${groups.length} groups, 3 brokers`);
    assert.ok(
      second.requests <= 30,
      `${second.requests} requests for ${groups.length} groups on 3 brokers`,
    );
  });
});
