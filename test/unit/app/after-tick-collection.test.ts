// The full collection after each tick (src/app/after-tick-collection.ts): on once the service
// tracks more group-partitions than the limit (all clusters), one collection a while after
// the last report of a tick, none in a process the service's tuning did not take
// (tuneHeapForService) or with a sink that ships items; and V8's own collection, taken
// without --expose-gc, frees what nothing references and leaves no `gc` global. Each case
// runs in a child node process on dist/ (V8's flags are the process's, and the service's
// tuning sets them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const DELAY_MS = 100;

const child = String.raw`
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, tuned, sinkTypes, reportsJson, delayMs] = process.argv.slice(1);
const load = (file) => import(pathToFileURL(join(root, 'dist/src/app', file)).href);
const tuning = await load('heap-tuning.js');
const { collectAfterTicks } = await load('after-tick-collection.js');
if (tuned === '1') tuning.tuneHeapForService();
const collections = [];
const started = Date.now();
const listener = collectAfterTicks({
  sinkTypes: sinkTypes.split(',').filter(Boolean),
  fromGroupPartitions: 20000,
  delayMs: Number(delayMs),
  collect: () => collections.push(Date.now() - started),
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Each step: [cluster, group-partitions, available, ms to wait after it].
const counts = [];
for (const [cluster, count, available, waitMs] of JSON.parse(reportsJson)) {
  listener({ cluster, available, groups: available ? [{ partitionCount: count }] : [] });
  await sleep(waitMs);
  counts.push(collections.length);
}
process.stdout.write(JSON.stringify({ counts, collections }));
`;

const freeing = String.raw`
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [root] = process.argv.slice(1);
const module = pathToFileURL(join(root, 'dist/src/app/after-tick-collection.js')).href;
const { fullCollection } = await import(module);
const gcBefore = typeof globalThis.gc;
const collect = fullCollection();
let held = { numbers: new Float64Array(1 << 20) };
const ref = new WeakRef(held);
held = null;
// A WeakRef keeps its target until the job that made it is over.
await new Promise((resolve) => setImmediate(resolve));
collect();
const freed = ref.deref() === undefined;
process.stdout.write(JSON.stringify({ gcBefore, gcAfter: typeof globalThis.gc, freed }));
`;

/** Runs a child script on dist/ in a node process of its own; its output as JSON. */
function runChild<T>(script: string, args: string[]): T {
  const built = join(root, 'dist/src/app/after-tick-collection.js');
  assert.ok(existsSync(built), `${built} is missing: build it with \`npm run build\``);
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, root, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return JSON.parse(out) as T;
}

type Step = [cluster: string, groupPartitions: number, available: boolean, waitMs: number];

interface Outcome {
  /** Collections made so far, after each step's wait. */
  counts: number[];
}

function afterReports(steps: Step[], { tuned = true, sinkTypes = [] as string[] } = {}): Outcome {
  return runChild<Outcome>(child, [
    tuned ? '1' : '0',
    sinkTypes.join(','),
    JSON.stringify(steps),
    String(DELAY_MS),
  ]);
}

const settle = DELAY_MS * 4;

describe('a full collection after each tick', () => {
  test('none while the service tracks no more than the limit', () => {
    const { counts } = afterReports([
      ['a', 10_000, true, settle],
      ['b', 10_000, true, settle],
    ]);
    assert.deepEqual(counts, [0, 0]);
  });

  test('one after each tick once the clusters together track more, and it stays on', () => {
    const { counts } = afterReports([
      ['a', 15_000, true, settle],
      ['a', 0, false, settle], // a cluster that could not be sampled keeps its count
      ['b', 10_000, true, settle], // 25,000 in all
      ['a', 15_000, true, settle],
      ['b', 1_000, true, settle], // 16,000 in all: on all the same
    ]);
    assert.deepEqual(counts, [0, 0, 1, 2, 3]);
  });

  test('one for a tick of several clusters: each report puts it off', () => {
    const { counts } = afterReports([
      ['a', 30_000, true, DELAY_MS / 4],
      ['b', 30_000, true, DELAY_MS / 4],
      ['c', 30_000, true, settle],
    ]);
    assert.deepEqual(counts, [0, 0, 1]);
  });

  test('none in a process the service tuning did not take', () => {
    const { counts } = afterReports([['a', 100_000, true, settle]], { tuned: false });
    assert.deepEqual(counts, [0]);
  });

  test('none with a sink that ships items; a stdout sink ships none', () => {
    const shipped = afterReports([['a', 100_000, true, settle]], {
      sinkTypes: ['stdout', 'influxdb'],
    });
    assert.deepEqual(shipped.counts, [0]);
    const stdout = afterReports([['a', 100_000, true, settle]], { sinkTypes: ['stdout'] });
    assert.deepEqual(stdout.counts, [1]);
  });
});

describe("V8's full collection without --expose-gc", () => {
  test('frees what nothing references, and the global object gets no gc', () => {
    const outcome = runChild<{ gcBefore: string; gcAfter: string; freed: boolean }>(freeing, []);
    assert.deepEqual(outcome, { gcBefore: 'undefined', gcAfter: 'undefined', freed: true });
  });
});
