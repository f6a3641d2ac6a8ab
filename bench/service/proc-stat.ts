// CPU seconds from a /proc stat file (Linux, proc(5)): a process's (/proc/<pid>/stat) or
// one of its threads' (/proc/<pid>/task/<tid>/stat). Shared by the servers' figure and the
// split of lagwatch's own CPU by thread.
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc's times are in these ticks (100 on every common platform). */
const TICKS_PER_S = 100;

/** utime + stime, in seconds; null when the file is gone (the process or thread ended). */
export function statCpuSeconds(statPath: string): number | null {
  let stat: string;
  try {
    stat = readFileSync(statPath, 'utf8');
  } catch {
    return null;
  }
  // After the command (which may hold spaces, hence the last ')'): state is field 3,
  // utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}
