// `lagwatch check-config` as a process: a small entry that registers only this command
// (test/unit/config/check-config-entry.ts), run with node + tsx from the repo root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../../src/config/index.js';
import { repoRoot } from '../../helpers/stack.js';
import { minimalYaml, scratchDir, writeFile } from './helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const entry = join(repoRoot, 'test/unit/config/check-config-entry.ts');

/** The environment without the caller's LAGWATCH_* variables, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LAGWATCH_')) env[name] = value;
  }
  return { ...env, ...extra };
}

function checkConfig(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'check-config', ...args], {
      cwd: repoRoot,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('lagwatch check-config', () => {
  const dir = scratchDir();

  it('prints the default config file normalised and exits 0', async () => {
    const run = await checkConfig([]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^# config\/lagwatch\.yaml: valid\./);
    const printed = parseYaml(run.stdout) as {
      clusters: { name: string; brokers: string[]; requestTimeoutMs: number }[];
      window: { expireGroupAfterMs: number };
    };
    assert.deepEqual(
      printed.clusters.map((c) => [c.name, c.brokers, c.requestTimeoutMs]),
      [
        ['a', ['127.0.0.1:19092'], 10_000],
        ['b', ['127.0.0.1:29092'], 10_000],
      ],
    );
    assert.equal(printed.window.expireGroupAfterMs, 604_800_000);
  });

  it('prints a config that loads back to the same config', async () => {
    const file = writeFile(
      dir,
      'full.yaml',
      minimalYaml +
        '    groups: {allow: ["^billing-"], deny: ["-test$"]}\n' +
        '    ssl: true\n' +
        'window: {expireGroupAfter: 2d}\n' +
        'sinks:\n  - {type: influxdb, url: "http://i:8086", org: o, bucket: b, tokenEnv: TOKEN}\n',
    );
    const run = await checkConfig(['--config', file]);
    assert.equal(run.code, 0, run.stderr);
    const again = parseConfig(run.stdout, { env: {} });
    const original = parseConfig(minimalYaml, { env: {} });
    assert.equal(again.window.expireGroupAfterMs, 2 * 86_400_000);
    assert.deepEqual(again.clusters[0]?.groups.allow, [/^billing-/]);
    assert.deepEqual(again.clusters[0]?.ssl, { rejectUnauthorized: true });
    assert.deepEqual(again.api, original.api);
    assert.equal(parseConfig(run.stdout, { env: {} }).sinks[0]?.name, 'influxdb');
  });

  it('shows secret references but never a secret value', async () => {
    const passwordFile = writeFile(dir, 'kafka-password', 'file-secret-value\n');
    const file = writeFile(
      dir,
      'secrets.yaml',
      minimalYaml +
        `    sasl: {mechanism: scram-sha-512, username: lw, passwordFile: ${passwordFile}}\n` +
        'sinks:\n  - {type: influxdb, url: "http://i:8086", org: o, bucket: b, tokenEnv: INFLUX_TOKEN}\n',
    );
    const run = await checkConfig(['--config', file], { INFLUX_TOKEN: 'env-secret-value' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /tokenEnv: INFLUX_TOKEN/);
    assert.ok(run.stdout.includes(`passwordFile: ${passwordFile}`));
    assert.ok(!run.stdout.includes('env-secret-value'));
    assert.ok(!run.stdout.includes('file-secret-value'));
  });

  it('applies LAGWATCH_* variables and --set flags, the flag last', async () => {
    const run = await checkConfig(
      ['--set', 'window.intervals=30', '--set', 'clusters.b.clientId=lw-b'],
      { LAGWATCH_WINDOW__INTERVALS: '20', LAGWATCH_LOG__LEVEL: 'debug' },
    );
    assert.equal(run.code, 0, run.stderr);
    const printed = parseYaml(run.stdout) as {
      window: { intervals: number };
      log: { level: string };
      clusters: { clientId: string }[];
    };
    assert.equal(printed.window.intervals, 30);
    assert.equal(printed.log.level, 'debug');
    assert.equal(printed.clusters[1]?.clientId, 'lw-b');
  });

  it('a cron step outside its field (*/61 seconds) exits 2 naming the path, expected and found', async () => {
    const file = writeFile(dir, 'cron.yaml', minimalYaml + 'schedule: "*/61 * * * * *"\n');
    const run = await checkConfig(['--config', file]);
    assert.equal(run.code, 2, run.stderr);
    const [line = '', ...rest] = run.stderr.trimEnd().split('\n');
    assert.deepEqual(rest, [], run.stderr);
    assert.ok(line.startsWith(`schedule (${file}:4:11): expected a node-cron expression`), line);
    assert.ok(line.includes('found "*/61 * * * * *" (the step 61 in the second field'), line);
  });

  it('prints every error, one a line, on stderr and exits 2', async () => {
    const file = writeFile(
      dir,
      'bad.yaml',
      'clusters:\n  - name: a\n    brokers: ["k:1"]\n    sasl: {mechanism: plain, username: u, password: hunter2}\n' +
        'schedule: "61 * * * * *"\nwindow: {intervals: 0}\nunknownKey: 1\n',
    );
    const run = await checkConfig(['--config', file], { LAGWATCH_SAMPLER__CONCURENCY: '4' });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 5, run.stderr);
    for (const line of lines) assert.match(line, /^\S.*: expected .+, found .+$/);
    assert.match(
      lines[0] ?? '',
      /^LAGWATCH_SAMPLER__CONCURENCY \(sampler\): .*did you mean "CONCURRENCY"/,
    );
    assert.ok(lines.some((l) => l.startsWith(`clusters[0].sasl.password (${file}:4:`)));
    assert.ok(lines.some((l) => l.startsWith(`schedule (${file}:5:11): expected a node-cron`)));
    assert.ok(
      lines.some((l) =>
        l.startsWith(`window.intervals (${file}:6:21): expected a number >= 1, found 0`),
      ),
    );
    assert.ok(
      lines.some((l) => l.startsWith(`unknownKey (${file}:7:13): expected one of the keys:`)),
    );
    assert.ok(!run.stderr.includes('hunter2'));
  });

  it('a missing file and a YAML syntax error exit 2 too', async () => {
    const missing = await checkConfig(['--config', 'no/such.yaml']);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      'no/such.yaml: expected a readable YAML config file (choose one with --config FILE), found no such file\n',
    );
    const broken = writeFile(dir, 'broken.yaml', 'clusters:\n  - name: a\n    brokers: a: b\n');
    const run = await checkConfig(['-c', broken]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `${broken}:3:14: expected valid YAML, found a syntax error: Nested mappings are not allowed in compact mappings\n`,
    );
  });

  it('rejects a --set without "="', async () => {
    const run = await checkConfig(['--set', 'window.intervals']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /expected KEY=VALUE/);
  });
});
