// Faults on the real stack: credentials right and wrong on a SASL/PLAIN listener, and a
// topic deleted between ticks. Each is reported with its cause; nothing crashes, nothing
// becomes a silent zero, and the next tick goes on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { testService } from '../../helpers/service.js';
import { stackEnv } from '../../helpers/stack.js';

const prefix = uniqueName('faults');
const env = stackEnv();

/** A service over cluster a's SASL listener with the password in a variable. */
function saslService(password: string): { service: LagwatchService; reports: EvaluationReport[] } {
  const variable = `LAGWATCH_TEST_SASL_PASSWORD_${Math.random().toString(36).slice(2)}`;
  process.env[variable] = password;
  const config = parseConfig(
    [
      'clusters:',
      '  - name: secured',
      `    brokers: [${env.kafkaClusters.a!.saslBrokers.join(', ')}]`,
      `    groups: { allow: ['^${prefix}'] }`,
      '    sasl:',
      `      mechanism: ${env.kafkaSasl.mechanism}`,
      `      username: ${env.kafkaSasl.username}`,
      `      passwordEnv: ${variable}`,
      'sinks: []',
      'tickTimeoutMs: 10000',
    ].join('\n'),
    { env: {} },
  );
  const reports: EvaluationReport[] = [];
  const service = new LagwatchService({
    config,
    logger: createLogger('silent', 2),
    onReport: (report) => reports.push(report),
  });
  return { service, reports };
}

describe('faults on the real stack', { timeout: 120_000 }, () => {
  const kafka = kafkaFor('a');
  const admin = kafka.admin();
  const topic = `${prefix}-t`;
  const groupId = `${prefix}-g`;

  before(async () => {
    await admin.connect();
    await topicWithCounts(kafka, admin, topic, [9, 4]);
    await (await groupAt(kafka, topic, groupId, [3, 4])).leave();
  });
  after(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('the right SASL/PLAIN credentials sample the cluster', async () => {
    const { service, reports } = saslService(env.kafkaSasl.password);
    try {
      await service.tickAll();
    } finally {
      await service.stop();
    }
    assert.equal(reports[0]?.available, true, JSON.stringify(reports[0]?.fault));
    assert.equal(reports[0]?.groups.find((g) => g.group === groupId)?.totallag, 6);
  });

  test('wrong credentials: the cluster is unavailable and the report says authentication failed', async () => {
    const { service, reports } = saslService('not-the-password');
    try {
      await service.tickAll();
      await service.tickAll(); // the next tick tries again, and fails the same way
    } finally {
      await service.stop();
    }
    assert.equal(reports.length, 2);
    for (const report of reports) {
      assert.equal(report.available, false);
      assert.equal(report.fault?.code, 'CLUSTER_UNAVAILABLE');
      assert.match(report.fault?.message ?? '', /authentication failed|SASL/i);
      assert.deepEqual(report.groups, []);
    }
  });

  test('a topic deleted between ticks: its partitions leave the group, the tick succeeds', async () => {
    const harness = testService(prefix);
    try {
      await harness.service.tickAll();
      const before = harness.recorded.find((r) => r.report.cluster === 'a')!;
      assert.equal(before.snapshot.groups.find((g) => g.group === groupId)?.partitions.length, 2);
      await admin.deleteTopics({ topics: [topic] });
      await harness.service.tickAll();
      const afterDelete = harness.recorded.filter((r) => r.report.cluster === 'a').at(-1)!;
      assert.equal(afterDelete.report.available, true, JSON.stringify(afterDelete.report.fault));
      const group = afterDelete.snapshot.groups.find((g) => g.group === groupId);
      assert.ok(
        !group || group.partitions.every((p) => p.topic !== topic),
        'no partition of the deleted topic',
      );
      assert.equal(
        harness.service.store.stats().topicPartitions,
        0,
        'the store forgot its history',
      );
    } finally {
      await harness.stop();
    }
  });
});
