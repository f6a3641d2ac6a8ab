// `lagwatch once` and `lagwatch run` as a user runs them: real processes, the real
// stack, a config file written for it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { describeGroup, parseDescribe } from '../../helpers/kafka-groups.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { repoRoot, stackEnv } from '../../helpers/stack.js';

const prefix = uniqueName('cli');
const env = stackEnv();

function writeConfig(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-cli-'));
  const file = join(dir, 'lagwatch.yaml');
  const clusters = Object.entries(env.kafkaClusters)
    .map(
      ([name, c]) =>
        `  - name: ${name}\n    brokers: [${c.brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`,
    )
    .join('');
  writeFileSync(file, `clusters:\n${clusters}${extra}`);
  return file;
}

describe('lagwatch once and run on the real stack', { timeout: 120_000 }, () => {
  const kafka = kafkaFor('a');
  const admin = kafka.admin();
  const topic = `${prefix}-t`;
  const groupId = `${prefix}-g`;

  before(async () => {
    await admin.connect();
    await topicWithCounts(kafka, admin, topic, [12, 3, 0]);
    await (await groupAt(kafka, topic, groupId, [5, 3, 0])).leave();
  });
  after(async () => {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test("once prints Kafka's own columns with the same numbers as kafka-consumer-groups", async () => {
    const { code, stdout, stderr } = await runCli([
      'once',
      '--config',
      writeConfig(),
      '--cluster',
      'a',
    ]);
    assert.equal(code, 0, stderr);
    const mine = parseDescribe(stdout.replace(/ +[^ \n]+$/gm, '')); // without LAG-SECONDS
    const theirs = await describeGroup('a', groupId);
    assert.deepEqual(mine, theirs);
    assert.match(
      stdout,
      /^GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID +LAG-SECONDS$/m,
    );
  });

  test('once --json carries the same rows, the status and the lag', async () => {
    const { code, stdout } = await runCli([
      'once',
      '--config',
      writeConfig(),
      '--json',
      '--group',
      groupId,
    ]);
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as {
      clusters: {
        cluster: string;
        available: boolean;
        groups: {
          group: string;
          status: string;
          totalLag: number;
          partitions: { partition: number; lag: number | null }[];
        }[];
      }[];
    };
    const a = out.clusters.find((c) => c.cluster === 'a');
    assert.equal(a?.available, true);
    const group = a?.groups.find((g) => g.group === groupId);
    assert.equal(group?.totalLag, 7);
    assert.equal(group?.status, 'ERR', 'no members and lag: STOP, so ERR');
    assert.deepEqual(
      group?.partitions.map((p) => [p.partition, p.lag]),
      [
        [0, 7],
        [1, 0],
      ],
    );
    assert.deepEqual(out.clusters.find((c) => c.cluster === 'b')?.groups, []);
  });

  test('a bad config: exit code 2 and the path, expected and found value', async () => {
    const { code, stderr } = await runCli([
      'once',
      '--config',
      writeConfig('window:\n  intervals: zero\n'),
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /window\.intervals/);
    assert.match(stderr, /expected/);
    assert.match(stderr, /zero/);
  });

  test('run ticks on the schedule, writes NDJSON reports, and stops cleanly on SIGTERM', async () => {
    const config = writeConfig(
      "schedule: '* * * * * *'\nsinks:\n  - type: stdout\napi:\n  listen: 127.0.0.1:0\n",
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'run', '--config', config],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const reports = (): { cluster: string; takenAt: number; available: boolean }[] =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) => JSON.parse(line) as { cluster: string; takenAt: number; available: boolean },
        );
    const deadline = Date.now() + 30_000;
    while (reports().filter((r) => r.cluster === 'a').length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0, stderr);
    const ofA = reports().filter((r) => r.cluster === 'a');
    assert.ok(ofA.length >= 3, `reports of a: ${ofA.length}\n${stderr}`);
    assert.ok(ofA.every((r) => r.available));
    assert.ok(reports().some((r) => r.cluster === 'b'));
    assert.match(stderr, /"msg":"stopped"/, 'logs go to stderr when stdout carries the reports');
  });
});
