// One process at a time owns a spool folder: a `lock` file holds the owner's pid. A lock
// left by a process that is gone is taken over; one held by a live process is refused.
import { openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, LagwatchError } from '../../src/contract/errors.js';

/** Spool folders this process holds open (a second open in the same process is refused too). */
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; throws LAGWATCH_SPOOL_LOCKED when a live process holds it. */
export function lockSpool(dir: string): () => void {
  const file = join(dir, 'lock');
  if (heldHere.has(dir)) {
    throw new LagwatchError(ErrorCode.SPOOL_LOCKED, `spool ${dir} is already open in this process`);
  }
  try {
    closeSync(openSync(file, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new LagwatchError(ErrorCode.SPOOL_IO, `cannot create ${file}`, { cause: err });
    }
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new LagwatchError(
        ErrorCode.SPOOL_LOCKED,
        `spool ${dir} is held by process ${pid}; give each lagwatch its own spool.dir`,
      );
    }
  }
  writeFileSync(file, `${process.pid}\n`);
  heldHere.add(dir);
  return () => {
    heldHere.delete(dir);
    rmSync(file, { force: true });
  };
}
