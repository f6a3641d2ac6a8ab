// The service's young generation (src/app/heap-tuning.ts): tuneHeapForService holds it at
// the size it has, a report with more group-partitions than the limit lets it grow again up
// to the cap, a sink that ships items lets it grow as V8 likes, and a size given to `node`
// itself is left alone. Each case runs in a child node process on dist/ (V8's flags are the
// process's), which keeps half of what it allocates alive for a while, so that V8 would grow
// its young generation, through hundreds of scavenges and full collections (the flag is set
// while V8 runs: the child must not crash), and prints the young generation's size
// (new_space, both semi-spaces) after each phase. It yields to the event loop between
// rounds, as a tick does between its slices: the cap is applied after each collection.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MB = 1024 * 1024;

const child = String.raw`
import { getHeapSpaceStatistics } from 'node:v8';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [root, groupPartitions, sinkTypes] = process.argv.slice(1);
const tuning = await import(pathToFileURL(join(root, 'dist/src/app/heap-tuning.js')).href);
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const churn = async (rounds, perRound = 20000) => {
  const alive = [];
  for (let round = 0; round < rounds; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = [];
    for (let i = 0; i < perRound; i++) batch.push({ i, text: 'x' + i, pair: [i, round] });
    alive.push(batch);
    if (alive.length > 4) alive.shift();
    if (round % 50 === 49) globalThis.gc();
  }
};
// Start-up: V8 grows the young generation from its first size, as loading modules does.
await churn(1, 10000);
const start = newSpace();
tuning.tuneHeapForService();
tuning.youngGenerationForSinks(sinkTypes.split(',').filter(Boolean));
const held = tuning.youngGenerationMode() === 'held';
await churn(200);
const afterChurn = newSpace();
const track = tuning.youngGenerationForTrackedPartitions(20000);
const report = (cluster, count) => ({
  cluster, available: true, groups: [{ partitionCount: count }],
});
track(report('a', Number(groupPartitions)));
track(report('b', Number(groupPartitions)));
const modeAfterReports = tuning.youngGenerationMode();
await churn(200);
const end = newSpace();
const cap = 2 * tuning.CAPPED_SEMI_SPACE_MB * 1024 * 1024;
process.stdout.write(JSON.stringify({ start, held, afterChurn, modeAfterReports, end, cap }));
`;

interface Sizes {
  start: number;
  held: boolean;
  afterChurn: number;
  modeAfterReports: string;
  end: number;
  /** Both semi-spaces at the cap, in bytes. */
  cap: number;
}

/** dist's heap-tuning module, which the children import: built, or the test says how. */
function builtTuning(): string {
  const tuning = join(root, 'dist/src/app/heap-tuning.js');
  assert.ok(existsSync(tuning), `${tuning} is missing: build it with \`npm run build\``);
  return tuning;
}

/** Runs `node` with `args` in a process of its own (V8's flags are the process's); its output. */
function childNode(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

function youngGeneration(
  groupPartitions: number,
  { nodeFlags = [], sinkTypes = [] }: { nodeFlags?: string[]; sinkTypes?: string[] } = {},
): Sizes {
  builtTuning();
  const out = childNode([
    ...nodeFlags,
    '--expose-gc',
    '--input-type=module',
    '-e',
    child,
    root,
    String(groupPartitions),
    sinkTypes.join(','),
  ]);
  return JSON.parse(out) as Sizes;
}

describe('the young generation of the service', () => {
  test('held at its size while the service tracks few group-partitions', () => {
    const sizes = youngGeneration(10_000, { sinkTypes: ['stdout'] });
    assert.equal(sizes.held, true);
    assert.ok(sizes.afterChurn <= sizes.start, `${sizes.afterChurn / MB} MB`);
    // Two clusters of 10,000 each: 20,000, not more than the limit.
    assert.equal(sizes.modeAfterReports, 'held');
    assert.ok(sizes.end <= sizes.start, `${sizes.end / MB} MB`);
  });

  test('grows again up to the cap once a tick tracks more than the limit', () => {
    const sizes = youngGeneration(10_001);
    assert.ok(sizes.afterChurn <= sizes.start, `${sizes.afterChurn / MB} MB`);
    assert.equal(sizes.modeAfterReports, 'capped');
    // It grows to the cap (2 x 8 MB) and no further, where V8 alone goes on to 2 x 16 MB
    // (the sinks' case below, on the same churn).
    assert.ok(sizes.start < sizes.cap, `${sizes.start / MB} MB at the start`);
    assert.equal(sizes.end, sizes.cap, `${sizes.end / MB} MB`);
  });

  test('grows from the start when a sink ships items', () => {
    for (const sinkTypes of [['influxdb'], ['stdout', 'elasticsearch']]) {
      const sizes = youngGeneration(0, { sinkTypes });
      assert.equal(sizes.held, false, sinkTypes.join());
      assert.equal(sizes.modeAfterReports, 'free', sinkTypes.join());
      // Past the cap: V8's own growth, as without tuning (up to 2 x 16 MB on 64-bit).
      assert.ok(sizes.afterChurn > sizes.cap, `${sinkTypes.join()}: ${sizes.afterChurn / MB} MB`);
      assert.ok(sizes.end > sizes.cap, `${sinkTypes.join()}: ${sizes.end / MB} MB`);
    }
  });

  test('a semi-space size given to node is left alone', () => {
    const sizes = youngGeneration(10_001, { nodeFlags: ['--max-semi-space-size=4'] });
    assert.equal(sizes.held, false);
    assert.equal(sizes.modeAfterReports, 'free');
    assert.ok(sizes.afterChurn > sizes.start, `${sizes.afterChurn / MB} MB`);
  });
});

// The flags set once (heap-tuning.ts): the old generation's growth and the memory
// reducer's one collection at a time, each unless `node` was given a flag of its own for
// it. What they save is measured by bench/service (README: Memory), not here: when V8's
// memory reducer runs its collections depends on how busy the machine is.
function serviceHeapFlags(nodeFlags: string[] = []): string[] {
  const tuning = pathToFileURL(builtTuning()).href;
  const script = `import(${JSON.stringify(tuning)}).then((t) => process.stdout.write(JSON.stringify(t.serviceHeapFlags())))`;
  return JSON.parse(childNode([...nodeFlags, '-e', script])) as string[];
}

describe('the flags the service sets once', () => {
  test('heap growth 50 % and a memory reducer that runs one collection at a time', () => {
    assert.deepEqual(serviceHeapFlags(), [
      '--heap-growing-percent=50',
      '--memory-reducer-single-gc',
    ]);
  });

  test('a flag given to node for either wins', () => {
    assert.deepEqual(serviceHeapFlags(['--heap-growing-percent=80']), [
      '--memory-reducer-single-gc',
    ]);
    for (const given of ['--no-memory-reducer', '--memory-reducer', '--memory-reducer-single-gc'])
      assert.deepEqual(serviceHeapFlags([given]), ['--heap-growing-percent=50'], given);
  });
});
