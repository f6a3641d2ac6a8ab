// lagwatch on the stack's secured broker listeners (issue 17, "Security to add"): TLS
// with the stack's CA, SASL/SCRAM-SHA-256 and -512, mutual TLS. The right credentials
// sample the group exactly as kafka-consumer-groups --describe sees it; each wrong one
// (password, user, CA, hostname, client certificate) is a clear fault of that cluster at
// `once` and `check-config --connect` (exit 1 with the reason), never a crash, and the
// password appears in no output or log line (logs at trace, as JSON, captured whole).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { describeGroup } from '../../helpers/kafka-groups.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { securedKafkaEnv } from '../../helpers/stack.js';

const secured = securedKafkaEnv();
const prefix = uniqueName('secured');
const dir = mkdtempSync(join(tmpdir(), 'lagwatch-secured-'));

interface Access {
  brokers: string[];
  ssl: { ca?: string; cert?: string; key?: string };
  sasl?: { mechanism: string; username: string; password: string };
}

/** A config for one cluster `secured` over `access`; the password in a file, never inline. */
function configFor(name: string, access: Access): string {
  const lines = [
    'clusters:',
    '  - name: secured',
    `    brokers: [${access.brokers.join(', ')}]`,
    `    groups: { allow: ['^${prefix}'] }`,
    '    connectionTimeoutMs: 3000',
    '    ssl:',
    ...Object.entries(access.ssl).map(([key, file]) => `      ${key}: ${file}`),
  ];
  if (access.sasl) {
    const passwordFile = join(dir, `${name}.password`);
    writeFileSync(passwordFile, access.sasl.password, { mode: 0o600 });
    lines.push(
      '    sasl:',
      `      mechanism: ${access.sasl.mechanism}`,
      `      username: ${access.sasl.username}`,
      `      passwordFile: ${passwordFile}`,
    );
  }
  lines.push('sinks: []', 'log: { level: trace, format: json }', 'tickTimeoutMs: 15000');
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const scram256 = secured.scram['scram-sha-256'];
const scram512 = secured.scram['scram-sha-512'];
const tlsCa = { ca: secured.caFile };
const clientCert = { ...tlsCa, cert: secured.clientCertFile, key: secured.clientKeyFile };

/** Every secret a run could leak: none may appear in anything lagwatch prints. */
const secrets = [scram256.password, scram512.password, 'wrong-password-f00d'];

function assertNoSecret(output: string): void {
  for (const secret of secrets) assert.ok(!output.includes(secret), 'a password was printed');
}

interface OnceJson {
  clusters: {
    cluster: string;
    available: boolean;
    fault: { code: string; message: string } | null;
    groups: { group: string; totalLag: number; partitions: { partition: number; lag: number }[] }[];
  }[];
}

describe('the secured broker listeners', { timeout: 300_000 }, () => {
  const kafka = kafkaFor(secured.cluster);
  const admin = kafka.admin();
  const topic = `${prefix}-t`;
  const groupId = `${prefix}-g`;
  let expectedLag: Map<number, number>;

  before(async () => {
    await admin.connect();
    await topicWithCounts(kafka, admin, topic, [11, 5, 8]);
    await (await groupAt(kafka, topic, groupId, [4, 5, 2])).leave();
    const rows = await describeGroup(secured.cluster, groupId);
    expectedLag = new Map(rows.map((r) => [r.partition, r.lag ?? -1]));
    assert.deepEqual([...expectedLag.values()], [7, 0, 6], 'the reference sees the planned lag');
  });
  after(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const rightAccess: [string, Access][] = [
    [
      'SCRAM-SHA-256 over TLS',
      {
        brokers: secured.saslSslBrokers,
        ssl: tlsCa,
        sasl: { mechanism: 'scram-sha-256', ...scram256 },
      },
    ],
    [
      'SCRAM-SHA-512 over TLS',
      {
        brokers: secured.saslSslBrokers,
        ssl: tlsCa,
        sasl: { mechanism: 'scram-sha-512', ...scram512 },
      },
    ],
    ['mutual TLS with a client certificate', { brokers: secured.mtlsBrokers, ssl: clientCert }],
  ];
  for (const [name, access] of rightAccess) {
    test(`${name}: the group is sampled with kafka-consumer-groups' lag`, async () => {
      const file = configFor(name.replace(/\W+/g, '-'), access);
      const { code, stdout, stderr } = await runCli(['once', '--json', '--config', file]);
      assert.equal(code, 0, stderr);
      const cluster = (JSON.parse(stdout) as OnceJson).clusters.find(
        (c) => c.cluster === 'secured',
      );
      assert.equal(cluster?.available, true, JSON.stringify(cluster?.fault));
      const group = cluster?.groups.find((g) => g.group === groupId);
      assert.deepEqual(new Map(group?.partitions.map((p) => [p.partition, p.lag])), expectedLag);
      assert.equal(group?.totalLag, 13);
      assertNoSecret(stdout + stderr);
    });
  }

  const wrongAccess: [string, Access, RegExp][] = [
    [
      'wrong password',
      {
        brokers: secured.saslSslBrokers,
        ssl: tlsCa,
        sasl: {
          mechanism: 'scram-sha-256',
          username: scram256.username,
          password: 'wrong-password-f00d',
        },
      },
      /authentication failed.*invalid credentials/i,
    ],
    [
      'unknown user',
      {
        brokers: secured.saslSslBrokers,
        ssl: tlsCa,
        sasl: {
          mechanism: 'scram-sha-512',
          username: `${prefix}-nobody`,
          password: scram512.password,
        },
      },
      /authentication failed.*invalid credentials/i,
    ],
    [
      'untrusted CA',
      {
        brokers: secured.saslSslBrokers,
        ssl: { ca: secured.otherCaFile },
        sasl: { mechanism: 'scram-sha-256', ...scram256 },
      },
      /not signed by a trusted CA/,
    ],
    [
      'wrong hostname',
      { brokers: secured.wrongNameBrokers, ssl: clientCert },
      /certificate does not name 127\.0\.0\.1/,
    ],
    [
      'missing client certificate',
      { brokers: secured.mtlsBrokers, ssl: tlsCa },
      /refused the TLS handshake.*client certificate/,
    ],
  ];
  for (const [name, access, reason] of wrongAccess) {
    describe(name, () => {
      const file = configFor(name.replace(/\W+/g, '-'), access);

      test('check-config --connect: exit 1, the cluster named with the reason', async () => {
        const { code, stdout, stderr } = await runCli([
          'check-config',
          '--connect',
          '--config',
          file,
        ]);
        assert.equal(code, 1, stdout + stderr);
        const line = stderr.split('\n').find((l) => l.startsWith('cluster secured:'));
        assert.match(line ?? '', /^cluster secured: UNREACHABLE: /, stderr);
        assert.match(line ?? '', reason);
        assertNoSecret(stdout + stderr);
      });

      test('once: the cluster is not sampled, with the reason as its fault; no crash', async () => {
        const { code, stdout, stderr } = await runCli(['once', '--json', '--config', file]);
        assert.equal(code, 1, stdout + stderr);
        const cluster = (JSON.parse(stdout) as OnceJson).clusters.find(
          (c) => c.cluster === 'secured',
        );
        assert.equal(cluster?.available, false);
        assert.equal(cluster?.fault?.code, 'CLUSTER_UNAVAILABLE');
        assert.match(cluster?.fault?.message ?? '', reason);
        // Every stderr line is a JSON log line (no uncaught error, no stack dump).
        for (const line of stderr.split('\n').filter(Boolean)) {
          assert.doesNotThrow(() => JSON.parse(line), `not a log line: ${line}`);
        }
        assertNoSecret(stdout + stderr);
      });
    });
  }
});
