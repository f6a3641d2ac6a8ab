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
// A file whose tests are done ends even if something it started is still running (a
// service a failed assertion skipped stopping): its failure is reported, and the run goes
// on instead of waiting for CI's limit.
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-force-exit',
    '--test-reporter=spec',
    ...concurrency,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, LAGWATCH_ROOT: root } },
);
process.exit(result.status ?? 1);
