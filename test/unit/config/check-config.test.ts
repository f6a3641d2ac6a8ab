// `lagwatch check-config` through the command line, in-process (src/cli/program.ts with its
// I/O and environment injected); test/unit/cli/binary.test.ts runs it as a process too.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../../src/config/index.js';
import { callCli, type CliResult } from '../../helpers/cli.js';
import { minimalYaml, scratchDir, writeFile } from './helpers.js';

/** The environment without the caller's LAGWATCH_* variables, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LAGWATCH_')) env[name] = value;
  }
  return { ...env, ...extra };
}

function checkConfig(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return callCli(['check-config', ...args], { env: cleanEnv(env) });
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

  describe('a SASL password that cannot be read: exit 2 naming the key (as run does)', () => {
    const saslYaml = (secret: string): string =>
      `${minimalYaml}    sasl: {mechanism: scram-sha-512, username: lw, ${secret}}\n`;

    it('passwordEnv names a variable that is not set, or is empty', async () => {
      const file = writeFile(dir, 'sasl-env.yaml', saslYaml('passwordEnv: KAFKA_PASS'));
      const unset = await checkConfig(['--config', file]);
      assert.equal(unset.code, 2);
      assert.equal(unset.stdout, '');
      assert.equal(
        unset.stderr,
        'clusters[0].sasl.passwordEnv: expected the name of a set, non-empty environment ' +
          'variable holding the SASL password, found KAFKA_PASS not set\n',
      );
      const empty = await checkConfig(['--config', file], { KAFKA_PASS: '' });
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /^clusters\[0\]\.sasl\.passwordEnv: .*found KAFKA_PASS empty\n$/);
      const set = await checkConfig(['--config', file], { KAFKA_PASS: 'secret-value' });
      assert.equal(set.code, 0, set.stderr);
      assert.ok(!set.stdout.includes('secret-value'));
    });

    it('passwordFile is missing, a directory or empty', async () => {
      const missing = join(dir, 'no-such-password');
      const folder = join(dir, 'a-folder');
      mkdirSync(folder, { recursive: true });
      const empty = writeFile(dir, 'empty-password', '\n');
      const cases: [string, string][] = [
        [missing, `no such file (${missing})`],
        [folder, `a directory (${folder})`],
        [empty, `an empty file (${empty})`],
      ];
      for (const [path, found] of cases) {
        const file = writeFile(dir, 'sasl-file.yaml', saslYaml(`passwordFile: ${path}`));
        const run = await checkConfig(['--config', file]);
        assert.equal(run.code, 2, path);
        assert.equal(
          run.stderr,
          'clusters[0].sasl.passwordFile: expected a readable, non-empty file holding the ' +
            `SASL password, found ${found}\n`,
        );
      }
    });
  });

  it('rejects a --set without "="', async () => {
    const run = await checkConfig(['--set', 'window.intervals']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /expected KEY=VALUE/);
  });
});
