// One process at a time owns a state directory: a `lock` file says who (pid, host, since),
// and its holder touches it every few seconds. A lock is taken over when its holder is
// gone: on this host, when its pid is dead (or is this very process, restarted in a
// container as pid 1); from another host, where a pid says nothing, when it has not been
// touched for `staleAfterMs` (a container recreated with a new hostname, a node moved).
// The same logic as sinks/delivery/spool-lock.ts, plus the host, the time and the
// heartbeat that a shared volume needs.
import { closeSync, openSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, LagwatchError } from '../contract/errors.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock, ISO 8601. */
  readonly since: string;
}

export interface StateLockOptions {
  /** How often the holder touches the lock. */
  readonly heartbeatMs?: number;
  /** A lock of another host untouched this long is taken over. */
  readonly staleAfterMs?: number;
  readonly now?: () => number;
}

export interface StateLock {
  readonly holder: LockHolder;
  /** The holder a taken-over lock named, if any (for the log). */
  readonly tookOverFrom: LockHolder | null;
  release(): Promise<void>;
}

const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return null;
    return { pid: holder.pid, host: holder.host, since: String(holder.since ?? '') };
  } catch {
    return null; // unreadable or half-written: nobody can be said to hold it
  }
}

/** Takes the directory's lock; throws LAGWATCH_STATE_LOCKED naming a live holder. */
export function lockStateDir(dir: string, options: StateLockOptions = {}): StateLock {
  const now = options.now ?? Date.now;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const file = join(dir, 'lock');
  if (heldHere.has(dir)) {
    throw new LagwatchError(
      ErrorCode.STATE_LOCKED,
      `state dir ${dir} is already open in this process`,
    );
  }
  let tookOverFrom: LockHolder | null = null;
  try {
    closeSync(openSync(file, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new LagwatchError(ErrorCode.STATE_IO, `cannot create ${file}`, { cause: err });
    }
    const holder = readHolder(file);
    if (holder && holdsIt(holder, statSync(file).mtimeMs, now(), staleAfterMs)) {
      throw new LagwatchError(
        ErrorCode.STATE_LOCKED,
        `state dir ${dir} is held by pid ${holder.pid} on host ${holder.host} since ${holder.since}; ` +
          'give each lagwatch its own state.dir, or stop the other one',
      );
    }
    tookOverFrom = holder;
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date(now()).toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(holder)}\n`);
  heldHere.add(dir);
  const heartbeat = setInterval(() => {
    try {
      const at = new Date(now());
      utimesSync(file, at, at);
    } catch {
      // The next beat tries again; a lock that stays untouched is only taken over from afar.
    }
  }, options.heartbeatMs ?? 10_000);
  heartbeat.unref();
  let released = false;
  return {
    holder,
    tookOverFrom,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldHere.delete(dir);
      if (readHolder(file)?.pid === holder.pid) await rm(file, { force: true });
    },
  };
}

function holdsIt(
  holder: LockHolder,
  touchedAt: number,
  now: number,
  staleAfterMs: number,
): boolean {
  if (holder.host === hostname()) return holder.pid !== process.pid && alive(holder.pid);
  return now - touchedAt < staleAfterMs;
}
