// The real binary (src/cli.ts through tsx) in a child process, end to end: exit codes and
// output through a real process's stdin, stdout and stderr. The rest of the command line's
// behaviour is tested in-process (test/unit/cli/*.test.ts, check-config.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { minimalYaml, scratchDir, writeFile } from '../config/helpers.js';

const group = {
  cluster: 'local',
  group: 'billing',
  now: 350000,
  partitions: [
    {
      topic: 'orders',
      partition: 0,
      offsets: [
        { offset: 1000, timestamp: 100000, lag: 100 },
        { offset: 1000, timestamp: 200000, lag: 150 },
        { offset: 1000, timestamp: 300000, lag: 200 },
      ],
      brokerOffsets: [1300],
    },
  ],
};

void describe('the lagwatch binary', { concurrency: true }, () => {
  const dir = scratchDir();

  void it('--version prints the package version, exit 0', async () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const run = await runCli(['--version']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), pkg.version);
  });

  void it('evaluate --rules burrow: stdin to stdout, an invalid line makes exit 2', async () => {
    // Three samples of a stuck offset: Burrow's STALL (lagwatch's rules wait for five).
    const run = await runCli(
      ['evaluate', '--rules', 'burrow'],
      `${JSON.stringify(group)}\nnot json\n`,
    );
    assert.equal(run.code, 2, run.stderr);
    const [first, second] = run.stdout.trimEnd().split('\n');
    assert.equal((JSON.parse(first ?? '') as { status: string }).status, 'ERR');
    assert.match(second ?? '', /^\{"error":true,"message":"line 2: not valid JSON/);
  });

  void it('check-config: a SASL password variable that is not set is exit 2 naming the key', async () => {
    const file = writeFile(
      dir,
      'sasl-env.yaml',
      `${minimalYaml}    sasl: {mechanism: plain, username: lw, passwordEnv: LAGWATCH_TEST_NO_SUCH_VAR}\n`,
    );
    const env = { ...process.env };
    delete env.LAGWATCH_TEST_NO_SUCH_VAR;
    const run = await runCli(['check-config', '--config', file], '', env);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^clusters\[0\]\.sasl\.passwordEnv: expected .*environment variable.*, found LAGWATCH_TEST_NO_SUCH_VAR not set\n$/,
    );
  });

  void it('an unknown command: exit 1 and the reason on stderr', async () => {
    const run = await runCli(['no-such-command']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /unknown command/);
  });
});
