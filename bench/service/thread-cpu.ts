// How lagwatch's own CPU splits between its main thread (the event loop: JavaScript and
// the collector's pauses) and its other threads (V8's helpers: concurrent marking,
// parallel scavenges, sweeping, compiling; libuv's pool: /metrics' gzip, file I/O). Node 20
// names every thread `node`, so libuv's pool threads are found by what they do: given as
// many jobs at once as the pool has threads (libuvPoolThreads), each of them runs one, and
// no other thread runs any. V8's helpers are the rest: the process's CPU (the bench's own
// process.cpuUsage figure) less the main thread's and the pool's (/proc, Linux).
import { pbkdf2 } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { statCpuSeconds } from './proc-stat.js';

const taskDir = `/proc/${process.pid}/task`;

/** CPU seconds of one of this process's threads; null where /proc cannot tell. */
const threadCpuSeconds = (tid: string | number): number | null =>
  statCpuSeconds(`${taskDir}/${tid}/stat`);

/** CPU seconds of each of this process's threads, by thread id; empty without /proc. */
function threadSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(taskDir);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const seconds = threadCpuSeconds(tid);
    if (seconds !== null) out.set(tid, seconds);
  }
  return out;
}

/** libuv's default pool size, as Node reads it. */
const poolSize = (): number => Number(process.env.UV_THREADPOOL_SIZE ?? 4) || 4;

/**
 * The ids of libuv's pool threads: each is given a key derivation of about 0.1 s of CPU to
 * run (as many at once as the pool has threads, so every thread takes one), and the
 * threads that gained most CPU meanwhile, as many as the pool has, but the main thread, are
 * the pool's. V8's helpers may be busy too (a collection, a compile), though seldom as
 * busy, so it is done twice and a thread must be among them both times. Costs about a
 * second of CPU, before the measured time.
 */
export async function libuvPoolThreads(): Promise<Set<string>> {
  const [first, second] = [await busiestWhilePoolWorks(), await busiestWhilePoolWorks()];
  return new Set([...first].filter((tid) => second.has(tid)));
}

async function busiestWhilePoolWorks(): Promise<Set<string>> {
  const before = threadSeconds();
  const derive = promisify(pbkdf2);
  await Promise.all(
    Array.from({ length: poolSize() }, (_, i) => derive(`job ${i}`, 'salt', 400_000, 32, 'sha256')),
  );
  const gained = [...threadSeconds()]
    .filter(([tid]) => tid !== String(process.pid))
    .map(([tid, seconds]) => ({ tid, gain: seconds - (before.get(tid) ?? 0) }))
    .filter(({ gain }) => gain >= 0.02)
    .sort((a, b) => b.gain - a.gain);
  return new Set(gained.slice(0, poolSize()).map(({ tid }) => tid));
}

export interface ThreadCpu {
  /** CPU seconds of the main thread; NaN where /proc cannot tell (not Linux). */
  readonly main: number;
  /** CPU seconds of libuv's pool threads (those libuvPoolThreads found). */
  readonly pool: number;
  /** How many pool threads were found. */
  readonly poolThreads: number;
  /** Milliseconds the main thread spent in the collector's pauses. */
  readonly gcPauseMs: number;
}

const mainThreadSeconds = (): number => threadCpuSeconds(process.pid) ?? NaN;

/** Counts from now on; `read()` gives what was spent since. */
export class ThreadCpuMeter {
  readonly #mainAtStart = mainThreadSeconds();
  readonly #pool: ReadonlySet<string>;
  readonly #poolAtStart: number;
  #gcPauseMs = 0;
  readonly #observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.#gcPauseMs += entry.duration;
  });

  /** `pool`: libuv's pool threads (libuvPoolThreads). */
  constructor(pool: ReadonlySet<string> = new Set()) {
    this.#pool = pool;
    this.#poolAtStart = this.#poolSeconds();
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  #poolSeconds(): number {
    let total = 0;
    for (const tid of this.#pool) total += threadCpuSeconds(tid) ?? 0;
    return total;
  }

  /** Spent since the meter was made (gc entries arrive a turn late: read after a tick of the loop). */
  read(): ThreadCpu {
    return {
      main: mainThreadSeconds() - this.#mainAtStart,
      pool: this.#poolSeconds() - this.#poolAtStart,
      poolThreads: this.#pool.size,
      gcPauseMs: this.#gcPauseMs,
    };
  }

  stop(): void {
    this.#observer.disconnect();
  }
}

/**
 * `main 3.02 s per minute (… pauses 0.95), libuv's pool 0.66 (…), other threads 1.85 (…)`,
 * per minute of `wallS`; `totalS`: the process's CPU seconds over the same time.
 */
export function threadCpuLine(spent: ThreadCpu, totalS: number, wallS: number): string {
  const perMin = (s: number): string => ((s / wallS) * 60).toFixed(2);
  if (Number.isNaN(spent.main)) return `CPU by thread: not known here (no /proc)`;
  return (
    `CPU by thread: main ${perMin(spent.main)} s per minute (of it the collector's pauses ` +
    `${perMin(spent.gcPauseMs / 1000)}), libuv's pool ${perMin(spent.pool)} (${spent.poolThreads} threads: /metrics' gzip, ` +
    `files), other threads ${perMin(totalS - spent.main - spent.pool)} (V8's collector and ` +
    `compiler helpers)`
  );
}
