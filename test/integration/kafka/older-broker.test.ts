// lagwatch against the stack's older Kafka (the 3.x line, 3.6: no ConsumerGroupDescribe,
// no group types in ListGroups): version negotiation falls back on a real broker, and
// every row of `lagwatch once` still equals kafka-consumer-groups --describe (of that
// version's own tool), for a group with a live member and for one whose member left.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { runCli } from '../../helpers/cli.js';
import {
  describeGroup,
  describeGroupState,
  parseDescribe,
  type GroupDescribeRow,
} from '../../helpers/kafka-groups.js';
import { groupAt, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { olderKafkaEnv } from '../../helpers/stack.js';

const old = olderKafkaEnv();
const prefix = uniqueName('older');

interface OnceGroup {
  group: string;
  state: string | null;
  members: number;
  totalLag: number;
  fault: { code: string } | null;
}

function writeConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lagwatch-older-')), 'lagwatch.yaml');
  writeFileSync(
    file,
    `clusters:\n  - name: old\n    brokers: [${old.brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`,
  );
  return file;
}

describe(`Kafka ${old.version} (the older line)`, { timeout: 180_000 }, () => {
  const kafka = new Kafka({
    clientId: 'lagwatch-test',
    brokers: old.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = `${prefix}-t`;
  const live = `${prefix}-live`;
  const left = `${prefix}-left`;
  let leaveLive: (() => Promise<void>) | undefined;
  const config = writeConfig();

  before(async () => {
    await admin.connect();
    await topicWithCounts(kafka, admin, topic, [9, 6, 4]);
    leaveLive = (await groupAt(kafka, topic, live, [3, 6, 0])).leave;
    await (await groupAt(kafka, topic, left, [1, 2, 3])).leave();
  });
  after(async () => {
    await leaveLive?.();
    await admin.deleteGroups([live, left]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('the broker is the older line', () => {
    assert.match(old.version, /^3\.[0-6]\./, 'a version without ConsumerGroupDescribe');
  });

  test('every row of once equals kafka-consumer-groups --describe, owners included', async () => {
    const { code, stdout, stderr } = await runCli(['once', '--config', config]);
    assert.equal(code, 0, stderr);
    const rows = parseDescribe(stdout.replace(/ +[^ \n]+$/gm, '')); // without LAG-SECONDS
    for (const group of [live, left]) {
      const reference = await describeGroup('old', group);
      assert.ok(reference.length === 3, JSON.stringify(reference));
      const ours = rows.filter((r: GroupDescribeRow) => r.group === group);
      assert.deepEqual(ours, reference, group);
    }
    // The live member owns every partition; the group that left owns none.
    assert.ok(rows.filter((r) => r.group === live).every((r) => r.consumerId !== null));
    assert.ok(rows.filter((r) => r.group === left).every((r) => r.consumerId === null));
  });

  test('state and member count equal --describe --state', async () => {
    const { code, stdout, stderr } = await runCli(['once', '--config', config, '--json']);
    assert.equal(code, 0, stderr);
    const cluster = (JSON.parse(stdout) as { clusters: { groups: OnceGroup[] }[] }).clusters[0];
    for (const group of [live, left]) {
      const reference = await describeGroupState('old', group);
      const ours = cluster?.groups.find((g) => g.group === group);
      assert.equal(ours?.fault, null, JSON.stringify(ours?.fault));
      assert.equal(ours?.state, reference.state, group);
      assert.equal(ours?.members, reference.members, group);
    }
    // Total lag as Kafka's tool sums it (a partition never committed has no lag).
    for (const group of [live, left]) {
      const reference = await describeGroup('old', group);
      const total = reference.reduce((sum, r) => sum + (r.lag ?? 0), 0);
      assert.equal(cluster?.groups.find((g) => g.group === group)?.totalLag, total, group);
    }
    assert.equal(cluster?.groups.find((g) => g.group === left)?.totalLag, 8 + 4 + 1);
  });
});
