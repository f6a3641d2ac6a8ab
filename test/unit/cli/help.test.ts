import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.js';

test('lagwatch --help describes the program and exits 0', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: lagwatch /);
  assert.match(stdout, /consumer-lag monitor/);
});

test('lagwatch --version prints the package version', async () => {
  const pkg = JSON.parse(
    readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  };
  const { code, stdout } = await runCli(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), pkg.version);
});

test('an unknown command is an error with a non-zero exit code', async () => {
  const { code, stderr } = await runCli(['no-such-command']);
  assert.notEqual(code, 0);
  assert.match(stderr, /unknown command|too many arguments/);
});
