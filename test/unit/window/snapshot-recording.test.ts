// A tick's snapshot recorded a group at a time (WindowStore.startRecording): the same store
// as recording it at once, each group served whole while it is open, and whatever must see
// the tick whole (a DELETE, an export, the next recording) finishing it first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition, snapshot } from './snapshot-fixtures.js';

const options = { intervals: 3, expireGroupAfterMs: 25_000, endOffsetHistory: 10 };

/** Tick `i` (1-based): three groups on two topics; `gone` stops after tick 2, `late` starts at 3. */
function tick(i: number): ClusterSnapshot {
  const at = i * 10_000;
  const groups = [
    group('g0', [partition('t', 0, 100 * i, 100 * i + 7), partition('t', 1, 90 * i, 90 * i + 3)]),
    group('g1', [partition('t', 0, 95 * i, 100 * i + 7), partition('u', 0, 10 * i, 10 * i + 1)]),
  ];
  if (i <= 2) groups.push(group('gone', [partition('u', 0, 9 * i, 10 * i + 1)]));
  if (i >= 3) groups.push(group('late', [partition('u', 1, 5 * i, 5 * i + 2)]));
  return snapshot(at, groups);
}

/** The newest sample's time of each partition of `name`'s window; null when not served. */
function newestSamples(store: WindowStore, name: string): number[] | null {
  const window = store.window('a', name);
  return window === null ? null : window.partitions.map((p) => p.samples.at(-1)?.timestamp ?? 0);
}

const atOnce = (ticks: number): WindowStore => {
  const store = new WindowStore(options);
  for (let i = 1; i <= ticks; i++) store.record(tick(i));
  return store;
};

describe('snapshot recording', () => {
  test('recorded a group at a time, the store ends as recorded at once, tick after tick', () => {
    const stepwise = new WindowStore(options);
    for (let i = 1; i <= 6; i++) {
      const recording = stepwise.startRecording(tick(i));
      assert.ok(recording);
      let groups = 0;
      while (recording.recordNext()) groups++;
      assert.equal(groups, tick(i).groups.length);
      assert.equal(recording.open, true, 'open until finished: the offsets are not in yet');
      recording.finish();
      assert.equal(recording.open, false);
    }
    const whole = atOnce(6);
    assert.deepEqual(stepwise.exportState(), whole.exportState());
    assert.deepEqual(stepwise.currentGroups('a'), ['g0', 'g1', 'late']);
    assert.deepEqual(
      stepwise.windows('a').map((w) => w.partitions.map((p) => p.timeLagMs)),
      whole.windows('a').map((w) => w.partitions.map((p) => p.timeLagMs)),
    );
  });

  test('while it is open each group is served whole: recorded ones new, the others as before', () => {
    const store = atOnce(2);
    const recording = store.startRecording(tick(3));
    assert.ok(recording);
    assert.equal(recording.recordNext(), true); // g0
    assert.deepEqual(newestSamples(store, 'g0'), [30_000, 30_000]);
    assert.deepEqual(newestSamples(store, 'g1'), [20_000, 20_000], 'not yet recorded: not dropped');
    assert.deepEqual(store.currentGroups('a'), ['g1', 'gone'], 'the last finished tick names them');
    recording.finish();
    assert.deepEqual(newestSamples(store, 'g1'), [30_000, 30_000]);
    assert.deepEqual(store.currentGroups('a'), ['g0', 'g1', 'late']);
    assert.equal(store.window('a', 'gone'), null, 'not seen at the last tick');
  });

  test('the first tick of a cluster serves what it recorded, and nothing else, while open', () => {
    const store = new WindowStore(options);
    const recording = store.startRecording(tick(1));
    assert.ok(recording);
    recording.recordNext();
    assert.deepEqual(newestSamples(store, 'g0'), [10_000, 10_000]);
    assert.equal(store.window('a', 'g1'), null);
    assert.deepEqual(store.currentGroups('a'), []);
  });

  test('a DELETE while it is open finishes it first: as if the DELETE came after the tick', () => {
    for (const del of [
      (s: WindowStore) => s.deleteGroup('a', 'g1'),
      (s: WindowStore) => s.deleteGroupTopic('a', 'g1', 'u'),
    ]) {
      const store = atOnce(2);
      const recording = store.startRecording(tick(3));
      assert.ok(recording);
      recording.recordNext(); // g0 only: g1 would be recorded after the DELETE otherwise
      assert.equal(del(store), true);
      assert.equal(recording.open, false, 'finished by the DELETE');
      assert.equal(recording.recordNext(), false);
      recording.finish(); // the tick's own finish, once it resumes: nothing left to do
      const expected = atOnce(3);
      del(expected);
      assert.deepEqual(store.exportState(), expected.exportState());
    }
  });

  test('an export while it is open finishes it first: the state directory holds whole ticks', () => {
    const store = atOnce(2);
    const recording = store.startRecording(tick(3));
    assert.ok(recording);
    recording.recordNext();
    assert.deepEqual(store.exportState(), atOnce(3).exportState());
    assert.equal(recording.open, false);
  });

  test('the next recording of the cluster finishes the open one first', () => {
    const store = atOnce(2);
    const third = store.startRecording(tick(3));
    assert.ok(third);
    third.recordNext();
    const fourth = store.startRecording(tick(4));
    assert.ok(fourth);
    assert.equal(third.open, false);
    fourth.finish();
    assert.deepEqual(store.exportState(), atOnce(4).exportState());
  });

  test('a stale or failed snapshot starts no recording', () => {
    const store = atOnce(3);
    assert.equal(store.startRecording(tick(2)), null);
    assert.equal(store.startRecording(tick(3)), null);
    assert.equal(store.startRecording({ ...tick(4), available: false }), null);
    assert.deepEqual(store.exportState(), atOnce(3).exportState());
  });

  test('an abandoned recording: what it recorded waits for the next tick, which records as usual', () => {
    const store = atOnce(2);
    const recording = store.startRecording(tick(3));
    assert.ok(recording);
    recording.recordNext(); // g0 has the sample of tick 3
    recording.abandon();
    assert.equal(recording.open, false);
    assert.equal(store.window('a', 'g0'), null, 'newer than the last finished tick: not served');
    assert.deepEqual(newestSamples(store, 'g1'), [20_000, 20_000]);
    store.record(tick(4));
    assert.deepEqual(newestSamples(store, 'g0'), [40_000, 40_000]);
    assert.deepEqual(
      store.window('a', 'g0')?.partitions[0]?.samples.map((s) => s.timestamp),
      [20_000, 30_000, 40_000],
    );
  });
});
