// The CPU time the stack's servers (InfluxDB, Elasticsearch) spend during the run, read
// from /proc (Linux), to print beside lagwatch's own figure: they are other processes,
// never part of it, but a server short of CPU on a shared machine limits what the sinks
// can deliver. A server's pid is in .stack/pids/<name>.pid; its children are counted too
// (Elasticsearch's launcher runs the server as a child).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statCpuSeconds } from './proc-stat.js';

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** utime + stime of the process and its descendants, in seconds; 0 when it is gone. */
function cpuSeconds(pid: number): number {
  const own = statCpuSeconds(`/proc/${pid}/stat`);
  if (own === null) return 0;
  return own + childrenOf(pid).reduce((s, c) => s + cpuSeconds(c), 0);
}

/** Each named server's CPU seconds now (servers without a pid file are left out). */
export function serverCpu(stackDir: string, names: readonly string[]): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const name of names) {
    const file = join(stackDir, 'pids', `${name}.pid`);
    if (!existsSync(file)) continue;
    seconds.set(name, cpuSeconds(Number(readFileSync(file, 'utf8').trim())));
  }
  return seconds;
}
