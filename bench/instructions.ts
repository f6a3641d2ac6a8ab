// Instructions per unit of work, counted by valgrind (cachegrind, no cache simulation):
// per group-partition and tick for the tick path with one /metrics rendering a tick
// (bench/instructions/workloads.ts, on the synthetic cluster), per point for line protocol
// (default and telegraf-burrow schemas) and per document for bulk NDJSON. On the shared
// machines the benches run on, the same code gives CPU figures a third apart from one run
// to the next (bench/service/reference-work.ts),
// so a change of a few percent cannot be seen in seconds; an instruction count is the same
// in every run, and tells whether a change of code does less work. It is not time: a cache
// miss or a division costs more than an addition. V8 runs single-threaded here (its
// collector and compiler on the main thread, so all of it is counted), and each count is
// taken twice, with a few rounds and with more, so that start-up cancels out. How far it
// repeats: the encoders' counts within about 2 % run one at a time (10 % apart seen with two
// runs side by side on 2 cores); the tick's far less well:
// within 3-4 % in one sitting (24,427, 24,883 and 25,807 in three runs of the same code),
// and 19,407 against 24,883 for nearly the same code a day apart. Its slices end after 10 ms
// of wall time (src/util/time-slices.ts) and its answers wait on timers, and under valgrind
// that is a different number of turns of the event loop, and of collections, each run.
// Compare tick counts only within one sitting, several runs each.
// Needs valgrind (Debian: apt-get install valgrind); runs the compiled JavaScript, which it
// builds first when run from TypeScript. Takes a few minutes. Prints figures; asserts nothing.
// Settings (environment): LAGWATCH_BENCH_GROUPS (2000: groups of 10 partitions for `tick`),
// LAGWATCH_BENCH_WORK (tick,line-protocol,telegraf-burrow,bulk).
// Run: npm run bench -- --dist instructions
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runWorkload, unitsPerRound, WORKLOADS, type Workload } from './instructions/workloads.js';

const groups = Number(process.env.LAGWATCH_BENCH_GROUPS ?? 2000);
const ROUNDS = { few: 1, more: 4 } as const;

const [mode, workArg, roundsArg] = process.argv.slice(2);
if (mode === '--workload') {
  await runWorkload(workArg as Workload, groups, Number(roundsArg));
  process.exit(0);
}

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('bench/instructions needs valgrind: apt-get install valgrind');
  process.exit(1);
}
const root = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../..' : '..', import.meta.url),
);
if (!import.meta.url.endsWith('.js')) {
  const tsc = `${root}/node_modules/typescript/bin/tsc`;
  if (
    spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' })
      .status !== 0
  )
    process.exit(1);
}
const compiled = `${root}/dist/bench/instructions.js`;
if (!existsSync(compiled)) throw new Error(`${compiled} is missing`);

/** Instructions valgrind counted in one process running `rounds` rounds of `work`. */
async function count(work: Workload, rounds: number): Promise<number> {
  const child = spawn(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      // V8 writes and rewrites machine code; valgrind must see every change.
      '--smc-check=all-non-file',
      process.execPath,
      '--single-threaded',
      // The same hash tables and random numbers in every run: counts that repeat.
      '--hash-seed=1',
      '--random-seed=1',
      compiled,
      '--workload',
      work,
      String(rounds),
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LAGWATCH_BENCH_GROUPS: String(groups) },
    },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const refs = /I\s+refs:\s+([\d,]+)/.exec(err);
  if (code !== 0 || refs === null)
    throw new Error(`valgrind (${work}, ${rounds}) failed:\n${err.slice(-2000)}`);
  return Number(refs[1]!.replaceAll(',', ''));
}

const wanted = (process.env.LAGWATCH_BENCH_WORK ?? WORKLOADS.join(','))
  .split(',')
  .filter(Boolean) as Workload[];
const unitName: Record<Workload, string> = {
  tick: 'group-partition and tick (with its /metrics rendering)',
  'line-protocol': 'line-protocol point (default schema)',
  'telegraf-burrow': 'line-protocol point (telegraf-burrow schema)',
  bulk: 'bulk document',
};
console.log(
  `instructions (valgrind, node --single-threaded ${process.version}); tick: ${groups} groups x 10 partitions`,
);
for (const work of wanted) {
  // The two counts of a workload at once: two cores, and valgrind uses one.
  const [few, more] = await Promise.all([count(work, ROUNDS.few), count(work, ROUNDS.more)]);
  const units = (ROUNDS.more - ROUNDS.few) * unitsPerRound(work, groups);
  console.log(
    `${work}: ${Math.round((more - few) / units).toLocaleString('en-US')} instructions per ${unitName[work]}`,
  );
}
