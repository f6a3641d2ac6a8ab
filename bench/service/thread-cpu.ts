// How lagwatch's own CPU splits between its main thread (the event loop: JavaScript and
// the collector's pauses) and its other threads (V8's helpers: concurrent marking,
// parallel scavenges, sweeping, compiling; libuv's pool: /metrics' gzip, file I/O). Node 20
// names every thread `node`, so they are told apart only as main and the rest: the rest is
// the process's CPU (the bench's own process.cpuUsage figure) less the main thread's
// (/proc, Linux).
import { PerformanceObserver } from 'node:perf_hooks';
import { statCpuSeconds } from './proc-stat.js';

export interface MainThreadCpu {
  /** CPU seconds of the main thread; NaN where /proc cannot tell (not Linux). */
  readonly main: number;
  /** Milliseconds the main thread spent in the collector's pauses. */
  readonly gcPauseMs: number;
}

const mainThreadSeconds = (): number =>
  statCpuSeconds(`/proc/${process.pid}/task/${process.pid}/stat`) ?? NaN;

/** Counts from now on; `read()` gives what was spent since. */
export class MainThreadCpuMeter {
  readonly #mainAtStart = mainThreadSeconds();
  #gcPauseMs = 0;
  readonly #observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.#gcPauseMs += entry.duration;
  });

  constructor() {
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Spent since the meter was made (gc entries arrive a turn late: read after a tick of the loop). */
  read(): MainThreadCpu {
    return { main: mainThreadSeconds() - this.#mainAtStart, gcPauseMs: this.#gcPauseMs };
  }

  stop(): void {
    this.#observer.disconnect();
  }
}

/**
 * `main 3.02 s per minute (… pauses 0.95), other threads 2.51`, per minute of `wallS`;
 * `totalS`: the process's CPU seconds over the same time.
 */
export function threadCpuLine(spent: MainThreadCpu, totalS: number, wallS: number): string {
  const perMin = (s: number): string => ((s / wallS) * 60).toFixed(2);
  if (Number.isNaN(spent.main)) return `CPU by thread: not known here (no /proc)`;
  return (
    `CPU by thread: main ${perMin(spent.main)} s per minute (of it the collector's pauses ` +
    `${perMin(spent.gcPauseMs / 1000)}), other threads ${perMin(totalS - spent.main)} ` +
    `(V8's collector and compiler helpers, libuv's pool)`
  );
}
