#!/usr/bin/env node
// Runs node's own test runner over test/unit and/or test/integration.
// Integration tests need the real stack: if it is not up, this brings it up
// (scripts/stack up) and leaves it running for the next run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const which = process.argv[2] ?? 'all';
const extra = process.argv.slice(3);
const suites = {
  unit: ['test/unit'],
  integration: ['test/integration'],
  all: ['test/unit', 'test/integration'],
}[which];
if (!suites) {
  console.error(`usage: run-tests.mjs unit|integration|all [files...]; got "${which}"`);
  process.exit(2);
}

function testFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .flatMap((name) => {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) return testFiles(relative(root, path));
      return name.endsWith('.test.ts') ? [relative(root, path)] : [];
    })
    .sort();
}

const files = extra.length > 0 ? extra : suites.flatMap(testFiles);
const needsStack = files.some((f) => f.startsWith('test/integration'));
if (needsStack) {
  const status = spawnSync('bash', [join(root, 'scripts/stack'), 'check'], { stdio: 'ignore' });
  if (status.status !== 0) {
    console.error('run-tests: the test stack is not running; starting it with scripts/stack up');
    const up = spawnSync('bash', [join(root, 'scripts/stack'), 'up'], { stdio: 'inherit' });
    if (up.status !== 0) {
      console.error('run-tests: scripts/stack up failed; integration tests need the real servers.');
      process.exit(up.status ?? 1);
    }
  }
}

// Integration tests share one stack, and some stop and restart a server of it on
// purpose: their files run one at a time.
const concurrency = needsStack ? ['--test-concurrency=1'] : [];
// No --test-force-exit: with files run as processes of their own, it made the runner exit
// before it had read every file's results (Node 20.20, nodejs/node#64833): a run reported
// 1,169 of its 1,179 tests, the last ten of one file missing, and passed. Instead, a run that
// does not end in time (a test that left a server or a timer running keeps its file alive)
// is stopped and failed, with a message that says so.
const timeoutMinutes = Number(process.env.LAGWATCH_TEST_TIMEOUT_MIN ?? 45);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LAGWATCH_ROOT: root },
    timeout: timeoutMinutes * 60_000,
    killSignal: 'SIGKILL',
  },
);
if (result.error?.code === 'ETIMEDOUT') {
  console.error(
    `run-tests: the tests did not end within ${timeoutMinutes} min (LAGWATCH_TEST_TIMEOUT_MIN); ` +
      'a test file stays alive when a test leaves a server, socket or timer running. ' +
      'The run is failed; the file whose summary is missing above is the one to look at.',
  );
  process.exit(1);
}
process.exit(result.status ?? 1);
