// `lagwatch once` against a cluster that is not there: its one clear line on stdout, and on
// stderr no kafkajs lines, no stack traces; text on a terminal, JSON when piped. The
// "cluster" is a loopback port nothing listens on (connection refused at once).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { repoRoot } from '../../helpers/stack.js';
import { scratchDir, writeFile } from '../config/helpers.js';

const config = () =>
  writeFile(scratchDir(), 'dead.yaml', 'clusters:\n  - name: dead\n    brokers: ["127.0.0.1:1"]\n');
const CLEAR_LINE = /^# cluster dead: NOT SAMPLED \(CLUSTER_UNAVAILABLE: .*ECONNREFUSED/m;

test('piped: the clear line on stdout; stderr JSON lines, none from kafkajs, no stacks', async () => {
  const { code, stdout, stderr } = await runCli(['once', '--config', config()]);
  assert.equal(code, 1);
  assert.match(stdout, CLEAR_LINE);
  const lines = stderr.split('\n').filter((l) => l !== '');
  for (const line of lines) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.notEqual(parsed.component, 'kafkajs', line);
    assert.ok(!('stack' in parsed) && !line.includes('\\n    at '), line);
  }
  // The cluster's one warning, and nothing more about it (the per-tick line is at debug).
  assert.equal(lines.filter((l) => l.includes('"msg":"cluster dead unavailable')).length, 1);
  assert.deepEqual(
    lines.filter((l) => l.includes('"level":40')).length,
    1,
    `one warning on stderr, found: ${stderr}`,
  );
});

test('on a terminal (script(1) gives it a pty): text lines, not JSON', async () => {
  const command = `${process.execPath} --import tsx src/cli.ts once --config ${config()}`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  // eslint-disable-next-line no-control-regex -- colours on a terminal
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');
  assert.match(plain, CLEAR_LINE);
  assert.match(
    plain,
    /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: cluster dead unavailable \(CLUSTER_UNAVAILABLE/m,
  );
  assert.ok(!/^\{"level"/m.test(plain), plain);
  assert.ok(!/kafkajs/.test(plain), plain);
});
