// How fast this machine is right now, as one figure: the CPU time of a fixed piece of
// JavaScript (objects made and sorted, text built and parsed: the kinds of work a tick
// does), each round in a fresh node process. The machines the benches run on are shared
// virtual machines whose speed drifts by a factor of two within an hour (bench/encoders
// gave 323,000 and 718,000 points/s half an hour apart, same code), so a CPU figure alone
// cannot tell a change of code from a change of machine; printed before and after a
// run, this can. Lower is faster. Run alone (`node reference-work.js`) it prints one
// round's milliseconds.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = 3;

/** One round of the fixed work; returns its CPU milliseconds. */
export function referenceRoundMs(): number {
  const before = process.cpuUsage();
  let check = 0;
  for (let pass = 0; pass < 4; pass++) {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({
      group: `group-${(i * 7919) % 10_007}`,
      partition: i % 10,
      offset: i * 31 + pass,
      lag: (i * 17) % 1000,
    }));
    rows.sort((a, b) =>
      a.group < b.group ? -1 : a.group > b.group ? 1 : a.partition - b.partition,
    );
    const text = rows.map((r) => `${r.group},${r.partition},${r.offset},${r.lag}`).join('\n');
    const parsed = JSON.parse(JSON.stringify(rows)) as typeof rows;
    check += text.length + parsed.length;
  }
  const used = process.cpuUsage(before);
  if (check === 0) throw new Error('unreachable'); // keeps the work from being optimized away
  return (used.user + used.system) / 1000;
}

/**
 * The median of ROUNDS rounds, each in a node process of its own (a clean heap and no
 * compiled code from the run being measured). Null when a round could not run.
 */
export function referenceWorkMs(): number | null {
  const self = fileURLToPath(import.meta.url);
  // Under tsx (a bench run without --dist) the child needs the same loader.
  const loader = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const rounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const child = spawnSync(process.execPath, [...loader, self], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const ms = Number(child.stdout.trim().split('\n').pop());
    if (child.status !== 0 || !Number.isFinite(ms)) return null;
    rounds.push(ms);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)]!;
}

/** The line a bench prints: the machine's speed before and after its run. */
export function referenceLine(before: number | null, after: number | null): string {
  const ms = (x: number | null): string => (x === null ? 'could not run' : `${x.toFixed(0)} ms`);
  return (
    `machine speed: the reference work took ${ms(before)} of CPU before the run and ` +
    `${ms(after)} after (bench/service/reference-work.ts; lower is faster: compare CPU ` +
    `figures of runs whose reference agrees)`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${referenceRoundMs().toFixed(1)}\n`);
}
