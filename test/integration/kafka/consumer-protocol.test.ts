// Kafka 4's consumer protocol (KIP-848) on the real stack: a group consuming with Kafka's
// own console consumer (group.protocol=consumer) next to a kafkajs classic group. Every row
// of `lagwatch once` equals kafka-consumer-groups --describe, CONSUMER-ID, HOST and
// CLIENT-ID included; state and member count equal --describe --state; when the consumers
// leave, the group is Empty and, with lag, STOP. On cluster a (the pinned 4.x, 4.1) and on
// cluster b (the newest 4.x line, 4.4), each against its own version's tools: both ends of
// the 4.x range lagwatch claims.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { consoleConsumer, type ConsoleConsumer } from '../../helpers/kafka-console-consumer.js';
import {
  describeGroup,
  describeGroupState,
  parseDescribe,
  type GroupDescribeRow,
} from '../../helpers/kafka-groups.js';
import { groupAt, kafkaFor, produce, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';

interface OnceJson {
  clusters: {
    cluster: string;
    available: boolean;
    groups: {
      group: string;
      state: string | null;
      members: number;
      status: string | null;
      totalLag: number;
      fault: { code: string } | null;
      partitions: { partition: number; lag: number | null; status: string | null }[];
    }[];
  }[];
}

function writeConfig(cluster: string, prefix: string): string {
  const brokers = stackEnv().kafkaClusters[cluster]!.brokers;
  const file = join(mkdtempSync(join(tmpdir(), 'lagwatch-kip848-')), 'lagwatch.yaml');
  writeFileSync(
    file,
    `clusters:\n  - name: ${cluster}\n    brokers: [${brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`,
  );
  return file;
}

async function once(config: string): Promise<GroupDescribeRow[]> {
  const { code, stdout, stderr } = await runCli(['once', '--config', config]);
  assert.equal(code, 0, stderr);
  return parseDescribe(stdout.replace(/ +[^ \n]+$/gm, '')); // without LAG-SECONDS
}

async function onceJson(
  config: string,
  cluster: string,
): Promise<OnceJson['clusters'][number]['groups']> {
  const { code, stdout, stderr } = await runCli(['once', '--config', config, '--json']);
  assert.equal(code, 0, stderr);
  const sampled = (JSON.parse(stdout) as OnceJson).clusters.find((c) => c.cluster === cluster);
  assert.equal(sampled?.available, true);
  return sampled.groups;
}

/** Polls until `check` passes (Kafka's auto-commit and assignment take a moment). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 60 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

for (const cluster of ['a', 'b']) {
  const prefix = uniqueName(`kip848${cluster}`);
  const modern = { topic: `${prefix}-m`, group: `${prefix}-modern`, clientId: `${prefix}-cli` };
  const classic = { topic: `${prefix}-c`, group: `${prefix}-classic` };

  describe(
    `consumer-protocol groups on the real stack, cluster ${cluster}`,
    { timeout: 240_000 },
    () => {
      const kafka = kafkaFor(cluster);
      const admin = kafka.admin();
      const config = writeConfig(cluster, prefix);
      let consumer: ConsoleConsumer | null = null;
      let leaveClassic: (() => Promise<void>) | null = null;

      before(async () => {
        await admin.connect();
        await topicWithCounts(kafka, admin, modern.topic, [5, 3, 2]);
        await topicWithCounts(kafka, admin, classic.topic, [12, 3, 0]);
        leaveClassic = (await groupAt(kafka, classic.topic, classic.group, [5, 3, 0])).leave;
        consumer = consoleConsumer(cluster, modern.topic, modern.group, {
          clientId: modern.clientId,
        });
        // Live, every partition assigned, everything read and committed.
        await eventually(async () => {
          const rows = await describeGroup(cluster, modern.group).catch(() => []);
          return rows.length === 3 && rows.every((r) => r.consumerId !== null && r.lag === 0);
        }, 'the console consumer owns and has committed every partition');
      });

      after(async () => {
        await consumer?.stop();
        await leaveClassic?.();
        await admin.deleteGroups([modern.group, classic.group]).catch(() => undefined);
        await admin.deleteTopics({ topics: [modern.topic, classic.topic] }).catch(() => undefined);
        await admin.disconnect();
      });

      test('every row equals kafka-consumer-groups --describe, owners included, for both protocols', async () => {
        const mine = await once(config);
        for (const group of [modern.group, classic.group]) {
          const theirs = await describeGroup(cluster, group);
          assert.deepEqual(
            mine.filter((r) => r.group === group),
            theirs,
            group,
          );
        }
        const owned = mine.filter((r) => r.group === modern.group);
        assert.equal(owned.length, 3);
        assert.ok(owned.every((r) => r.clientId === modern.clientId && r.consumerId && r.host));
      });

      test('state and member count equal --describe --state', async () => {
        const groups = await onceJson(config, cluster);
        for (const group of [modern.group, classic.group]) {
          const theirs = await describeGroupState(cluster, group);
          const mine = groups.find((g) => g.group === group);
          assert.equal(mine?.state, theirs.state, group);
          assert.equal(mine?.members, theirs.members, group);
          assert.equal(mine?.fault, null, group);
        }
        assert.equal(groups.find((g) => g.group === modern.group)?.state, 'Stable');
        assert.equal(groups.find((g) => g.group === modern.group)?.members, 1);
      });

      test('when its consumers exit: Empty, no members, and with lag STOP', async () => {
        await consumer?.stop();
        consumer = null;
        await produce(kafka, modern.topic, [4, 0, 0]);
        await eventually(
          async () => (await describeGroupState(cluster, modern.group)).state === 'Empty',
          'the group is Empty',
        );
        const groups = await onceJson(config, cluster);
        const group = groups.find((g) => g.group === modern.group);
        const theirs = await describeGroupState(cluster, modern.group);
        assert.equal(group?.state, 'Empty');
        assert.equal(group?.members, theirs.members);
        assert.equal(group?.members, 0);
        assert.equal(group?.totalLag, 4);
        assert.equal(group?.status, 'ERR', 'no members and lag: STOP, so ERR');
        assert.deepEqual(
          group?.partitions.map((p) => [p.partition, p.lag, p.status]),
          [
            [0, 4, 'STOP'],
            [1, 0, 'OK'],
            [2, 0, 'OK'],
          ],
        );
        assert.deepEqual(
          await once(config).then((rows) => rows.filter((r) => r.group === modern.group)),
          await describeGroup(cluster, modern.group),
        );
      });
    },
  );
}
