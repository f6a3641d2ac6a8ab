// The program's help, version and usage errors, in-process (src/cli/program.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { callCli } from '../../helpers/cli.js';

test('lagwatch --help describes the program and exits 0', async () => {
  const { code, stdout } = await callCli(['--help']);
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
  const { code, stdout } = await callCli(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), pkg.version);
});

test('an unknown command is an error with a non-zero exit code', async () => {
  const { code, stderr } = await callCli(['no-such-command']);
  assert.notEqual(code, 0);
  assert.match(stderr, /unknown command|too many arguments/);
});
