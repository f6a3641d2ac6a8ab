// The state directory's lock: taken, refused while a live process holds it (naming pid,
// host and since), taken over from a process that is gone, released on close.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { lockStateDir } from '../../../src/state/state-lock.js';
import { tempDir } from './fixtures.js';

function writeLock(dir: string, holder: { pid: number; host: string; since: string }, ageMs = 0) {
  const file = join(dir, 'lock');
  writeFileSync(file, JSON.stringify(holder));
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
}

describe('state dir lock', () => {
  test('taken: the lock file names this process, host and time; released: gone', async () => {
    const dir = tempDir();
    const lock = lockStateDir(dir);
    const holder = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as Record<string, unknown>;
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, hostname());
    assert.ok(!Number.isNaN(Date.parse(String(holder.since))));
    assert.equal(lock.tookOverFrom, null);
    await lock.release();
    assert.equal(existsSync(join(dir, 'lock')), false);
    await lockStateDir(dir).release(); // free again
  });

  test('refused while another live process on this host holds it, naming it', (t) => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    t.after(() => other.kill('SIGKILL'));
    writeLock(dir, { pid: other.pid!, host: hostname(), since: '2026-11-30T04:00:00.000Z' });
    assert.throws(
      () => lockStateDir(dir),
      (error: unknown) =>
        error instanceof LagwatchError &&
        error.code === ErrorCode.STATE_LOCKED &&
        error.message.includes(`pid ${other.pid}`) &&
        error.message.includes(`host ${hostname()}`) &&
        error.message.includes('since 2026-11-30T04:00:00.000Z'),
    );
  });

  test('refused a second time in this process', async () => {
    const dir = tempDir();
    const lock = lockStateDir(dir);
    assert.throws(() => lockStateDir(dir), { code: ErrorCode.STATE_LOCKED });
    await lock.release();
  });

  test('a lock of a dead process on this host is taken over', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    writeLock(dir, { pid, host: hostname(), since: 'then' });
    const lock = lockStateDir(dir);
    assert.equal(lock.tookOverFrom?.pid, pid);
    const now = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as { pid: number };
    assert.equal(now.pid, process.pid);
    await lock.release();
  });

  test('a lock of another host: refused while fresh, taken over once stale', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: 1, host: 'elsewhere', since: 'then' }, 5_000);
    assert.throws(() => lockStateDir(dir, { staleAfterMs: 60_000 }), /host elsewhere/);
    writeLock(dir, { pid: 1, host: 'elsewhere', since: 'then' }, 120_000);
    const lock = lockStateDir(dir, { staleAfterMs: 60_000 });
    assert.equal(lock.tookOverFrom?.host, 'elsewhere');
    await lock.release();
  });

  test('the holder touches the lock (its heartbeat)', async () => {
    const dir = tempDir();
    const lock = lockStateDir(dir, { heartbeatMs: 20 });
    const file = join(dir, 'lock');
    const old = new Date(Date.now() - 600_000);
    utimesSync(file, old, old);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { mtimeMs } = statSync(file);
    assert.ok(Date.now() - mtimeMs < 10_000, 'touched since');
    await lock.release();
  });
});
