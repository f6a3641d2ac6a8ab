// The tick's snapshot recorded in slices: the event loop gets turns between them, the store
// ends as recorded at once, an abort records the rest at once (never half a tick), and a
// group that throws ends the recording without breaking the next tick.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterSnapshot, GroupLag } from '../../../src/contract/snapshot.js';
import { recordInSlices } from '../../../src/pipeline/record-in-slices.js';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition, snapshot } from '../window/snapshot-fixtures.js';

const options = { intervals: 4, expireGroupAfterMs: 1e9, endOffsetHistory: 10 };
const GROUPS = 12;

function tick(k: number): ClusterSnapshot {
  const groups: GroupLag[] = Array.from({ length: GROUPS }, (_, g) =>
    group(`g${String(g).padStart(2, '0')}`, [
      partition('orders', g % 3, 100 * k + g, 100 * k + 50),
      partition('audit', 0, 10 * k, 10 * k + g),
    ]),
  );
  return snapshot(1_000_000 + k * 30_000, groups);
}

function recordedAtOnce(ticks: number): WindowStore {
  const store = new WindowStore(options);
  for (let k = 1; k <= ticks; k++) store.record(tick(k));
  return store;
}

/** Counts turns of the event loop (setImmediate callbacks) until `work` settles. */
async function turnsDuring(work: Promise<void>): Promise<number> {
  let turns = 0;
  let done = false;
  const finished = work.finally(() => (done = true));
  const spin = (): void => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  await finished;
  return turns;
}

const running = (): AbortSignal => new AbortController().signal;

describe('recordInSlices', () => {
  test('the event loop gets turns between slices; the store ends as recorded at once', async () => {
    const store = recordedAtOnce(2);
    const turns = await turnsDuring(recordInSlices(store, tick(3), 'ticks', running(), 1));
    // One group a slice: a yield after each group but the last.
    assert.ok(turns >= GROUPS - 1, `${turns} turns of the event loop for ${GROUPS} groups`);
    assert.deepEqual(store.exportState(), recordedAtOnce(3).exportState());
  });

  test('recorded at once, nothing else would run before it ended', async () => {
    const store = recordedAtOnce(2);
    const turns = await turnsDuring(recordInSlices(store, tick(3), 'ticks', running(), GROUPS));
    assert.equal(turns, 0);
  });

  test('an abort while it yields: the rest is recorded at once, no further turn', async () => {
    const store = recordedAtOnce(2);
    const controller = new AbortController();
    const recording = recordInSlices(store, tick(3), 'ticks', controller.signal, 1);
    // Aborted at the first turn the recording gives.
    setImmediate(() => controller.abort(new Error('the tick is over')));
    const turns = await turnsDuring(recording);
    assert.ok(turns <= 2, `${turns} turns after the abort`);
    assert.deepEqual(store.exportState(), recordedAtOnce(3).exportState(), 'the whole tick');
  });

  test('a DELETE while it yields comes after the tick: the group stays deleted', async () => {
    const store = recordedAtOnce(2);
    const recording = recordInSlices(store, tick(3), 'ticks', running(), 1);
    setImmediate(() => store.deleteGroup('a', 'g11')); // the last group: not yet recorded
    await recording;
    assert.equal(store.window('a', 'g11'), null);
    const expected = recordedAtOnce(3);
    expected.deleteGroup('a', 'g11');
    assert.deepEqual(store.exportState(), expected.exportState());
  });

  test('a group that throws rejects it and ends the recording; the next tick records', async () => {
    const store = recordedAtOnce(2);
    const broken = tick(3);
    const groups = [...broken.groups];
    groups[5] = { ...groups[5]!, partitions: null as unknown as GroupLag['partitions'] };
    await assert.rejects(
      recordInSlices(store, { ...broken, groups }, 'ticks', running(), 2),
      TypeError,
    );
    // g00 to g04 have the sample of tick 3 and wait for the next tick; the rest is as it was.
    assert.deepEqual(
      store.currentGroups('a'),
      Array.from({ length: GROUPS - 5 }, (_, g) => `g${String(g + 5).padStart(2, '0')}`),
    );
    assert.equal(store.window('a', 'g00'), null);
    await recordInSlices(store, tick(4), 'ticks', running(), 2);
    const window = store.window('a', 'g07');
    assert.deepEqual(
      window?.partitions.map((p) => p.samples.at(-1)?.timestamp),
      [tick(4).takenAt, tick(4).takenAt],
    );
  });
});
