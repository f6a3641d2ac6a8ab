// Fault test: a process writing the state in a loop is killed with SIGKILL at random
// moments, many times; after every kill the state reads whole, and it is the last write
// the process reported done or the one after it (in flight when it died), never a torn
// or unreadable one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readState } from '../../../src/state/read-state.js';
import { WindowStore } from '../../../src/window/store.js';
import type { WindowStoreExport } from '../../../src/window/store-export.js';
import { captureLogger, tempDir } from './fixtures.js';

function storeOf(windows: WindowStoreExport): WindowStore {
  const store = new WindowStore({ intervals: 10, expireGroupAfterMs: 1e12, endOffsetHistory: 60 });
  store.importState(windows);
  return store;
}

const KILLS = Number(process.env.LAGWATCH_TEST_STATE_KILLS ?? 50);
/** Writers killed side by side, each in its own dir: the same kills in a fifth of the time. */
const LANES = 5;
const child = fileURLToPath(new URL('./persist-loop.child.ts', import.meta.url));

/** Starts the writer, waits for `writes` reported writes plus a random delay, kills it. */
function runAndKill(dir: string, first: number): Promise<{ lastDone: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(first)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastDone = first;
    let killing = false;
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) lastDone = Number(line);
      if (!killing && lastDone >= first + 2) {
        killing = true;
        // Somewhere in the next few writes: a kill lands at any point of one.
        setTimeout(() => proc.kill('SIGKILL'), Math.random() * 60);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastDone });
      else reject(new Error(`the writer exited by itself (code ${code})`));
    });
  });
}

describe('kill -9 while the state is being written', () => {
  test(`${KILLS} kills at random moments: the state always reads, the last or the next write`, async () => {
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, lane) =>
        killRepeatedly(Math.floor(KILLS / LANES) + (lane < KILLS % LANES ? 1 : 0)),
      ),
    );
    assert.equal(
      lanes.reduce((n, lane) => n + lane.kills, 0),
      KILLS,
    );
    // The kills did land mid-write (a temporary file left behind) at least once.
    assert.ok(
      lanes.some((lane) => lane.inFlight > 0),
      'no kill landed during a write',
    );
  });
});

async function killRepeatedly(kills: number): Promise<{ kills: number; inFlight: number }> {
  const dir = tempDir();
  let first = 0;
  let inFlight = 0;
  for (let kill = 0; kill < kills; kill++) {
    const { lastDone } = await runAndKill(dir, first);
    if (readdirSync(dir).includes('state.bin.tmp')) inFlight++;
    const log = captureLogger();
    const read = await readState(dir, { logger: log.logger });
    assert.equal(read.kind, 'read', `after kill ${kill}: ${log.text()}`);
    const counter = read.kind === 'read' ? (read.state.modules.counter as number) : -1;
    // And the windows import whole (every number where its description says).
    if (read.kind === 'read') assert.equal(storeOf(read.state.windows).stats().groups, 200);
    assert.ok(
      counter === lastDone || counter === lastDone + 1,
      `after kill ${kill}: read write ${counter}, the process had reported ${lastDone}`,
    );
    first = counter + 1000; // the next run's numbers follow on, clearly apart
  }
  assert.ok(
    readdirSync(dir).every((f) => !f.includes('-20')),
    'nothing was moved aside',
  );
  return { kills, inFlight };
}
