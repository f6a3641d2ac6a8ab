// Both Kafka clusters of the stack are real and independent: kafkajs produces,
// consumes and commits, and its offsets agree with Kafka's own ConsumerGroupCommand.
// Each runs the Kafka version .stack/env names for it (a: 4.1, b: the newest 4.x line).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { describeGroup } from '../../helpers/kafka-groups.js';
import { exactProducer, groupAt } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { parseEnvFile, repoRoot, stackEnv } from '../../helpers/stack.js';

const env = stackEnv();
const run = promisify(execFile);

/** The highest metadata.version the cluster's broker supports: its release line. */
async function brokerMetadataVersion(cluster: string): Promise<string> {
  const script = [
    `source ${join(repoRoot, 'scripts/stack.d/common.sh')}`,
    `source ${join(repoRoot, 'scripts/stack.d/kafka.sh')}`,
    'kafka_tool "$@"',
  ].join('\n');
  const { stdout } = await run(
    'bash',
    ['-c', script, 'features', cluster, 'org.apache.kafka.tools.FeatureCommand', 'describe'],
    { timeout: 120_000 },
  );
  const line = stdout.split('\n').find((l) => /Feature:\s+metadata\.version\s/.test(l));
  const max = /SupportedMaxVersion:\s+(\S+)/.exec(line ?? '')?.[1];
  assert.ok(max, `kafka-features printed no metadata.version: ${stdout}`);
  return max;
}

// Different numbers per cluster, so a mix-up between the clusters cannot pass.
const plans = {
  a: { produced: [10, 20, 30], consumed: [4, 20, 0] },
  b: { produced: [7, 0, 12], consumed: [7, 0, 5] },
} as const;

for (const [cluster, plan] of Object.entries(plans)) {
  describe(`kafka cluster ${cluster}`, { timeout: 120_000 }, () => {
    const brokers = env.kafkaClusters[cluster]?.brokers;
    assert.ok(brokers, `stack env has no Kafka cluster ${cluster}`);
    const kafka = new Kafka({ clientId: 'lagwatch-smoke', brokers, logLevel: logLevel.NOTHING });
    const admin: Admin = kafka.admin();
    const topic = uniqueName('smoke');
    const groupId = uniqueName('smoke-group');

    before(async () => {
      await admin.connect();
    });
    after(async () => {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    test('the broker is of the Kafka version .stack/env names for this cluster', async () => {
      const names = parseEnvFile(readFileSync(join(env.stackDir, 'env'), 'utf8'));
      const version = names.get(`STACK_KAFKA_${cluster.toUpperCase()}_VERSION`);
      assert.ok(version, `.stack/env names no version for cluster ${cluster}`);
      const [major, minor] = version.split('.');
      // A broker supports metadata versions up to its own release's (4.4.0: 4.4-IVn).
      assert.match(
        await brokerMetadataVersion(cluster),
        new RegExp(`^${major}\\.${minor}-IV\\d+$`),
      );
    });

    test('create a topic with several partitions and produce a known count to each', async () => {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: plan.produced.length }],
        waitForLeaders: true,
      });
      assert.equal(created, true);
      const producer = exactProducer(kafka);
      await producer.connect();
      try {
        await producer.send({
          topic,
          messages: plan.produced.flatMap((count, partition) =>
            Array.from({ length: count }, (_, i) => ({ partition, value: `${partition}:${i}` })),
          ),
        });
      } finally {
        await producer.disconnect();
      }
      const ends = await admin.fetchTopicOffsets(topic);
      const byPartition = ends.sort((x, y) => x.partition - y.partition);
      assert.deepEqual(
        byPartition.map((p) => Number(p.high)),
        [...plan.produced],
      );
      assert.deepEqual(
        byPartition.map((p) => Number(p.low)),
        plan.produced.map(() => 0),
      );
    });

    test('a group consumes part of it and commits; fetchOffsets returns the commits', async () => {
      const { leave } = await groupAt(kafka, topic, groupId, plan.consumed);
      await leave();
      const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.equal(fetched?.topic, topic);
      const committed = [...(fetched?.partitions ?? [])].sort((x, y) => x.partition - y.partition);
      // A partition the group never committed reads back as -1.
      assert.deepEqual(
        committed.map((p) => Number(p.offset)),
        plan.consumed.map((n) => (n === 0 ? -1 : n)),
      );
    });

    test("kafkajs' numbers agree with kafka-consumer-groups --describe", async () => {
      const rows = await describeGroup(cluster, groupId);
      const ends = await admin.fetchTopicOffsets(topic);
      const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committedRows = rows.filter((r) => r.currentOffset !== null);
      assert.ok(
        committedRows.length > 0,
        `describe printed no committed partition: ${JSON.stringify(rows)}`,
      );
      for (const row of committedRows) {
        assert.equal(row.group, groupId);
        assert.equal(row.topic, topic);
        const end = Number(ends.find((e) => e.partition === row.partition)?.high);
        const committed = Number(
          fetched?.partitions.find((p) => p.partition === row.partition)?.offset,
        );
        assert.equal(row.logEndOffset, end, `log-end offset of partition ${row.partition}`);
        assert.equal(
          row.currentOffset,
          committed,
          `committed offset of partition ${row.partition}`,
        );
        assert.equal(row.lag, end - committed, `lag of partition ${row.partition}`);
        assert.equal(row.lag, plan.produced[row.partition]! - plan.consumed[row.partition]!);
        assert.equal(row.consumerId, null, 'the group has no members after the consumer left');
      }
      // Exactly the partitions the group committed, with the expected total lag.
      const expectedPartitions = plan.consumed.flatMap((n, p) => (n > 0 ? [p] : []));
      assert.deepEqual(
        committedRows.map((r) => r.partition),
        expectedPartitions,
      );
    });

    test('the other cluster does not see this topic', async () => {
      const other = Object.keys(plans).find((name) => name !== cluster)!;
      const otherAdmin = new Kafka({
        clientId: 'lagwatch-smoke',
        brokers: env.kafkaClusters[other]!.brokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await otherAdmin.connect();
      try {
        assert.equal((await otherAdmin.listTopics()).includes(topic), false);
        assert.equal((await admin.listTopics()).includes(topic), true);
      } finally {
        await otherAdmin.disconnect();
      }
    });
  });
}
