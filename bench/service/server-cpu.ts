// The CPU time the stack's servers (InfluxDB, Elasticsearch) spend during the run, read
// from /proc (Linux), to print beside lagwatch's own figure: they are other processes,
// never part of it, but a server short of CPU on a shared machine limits what the sinks
// can deliver. A server's pid is in .stack/pids/<name>.pid; its children are counted too
// (Elasticsearch's launcher runs the server as a child).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's USER_HZ: /proc's times are in these ticks (100 on every common platform). */
const TICKS_PER_S = 100;

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
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14, stime 15 (proc(5)).
    ticks = Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
  return ticks / TICKS_PER_S + childrenOf(pid).reduce((s, c) => s + cpuSeconds(c), 0);
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
