// Commit-stream mode in the window store: one sample per commit at the commit's own time,
// lag against the last log end a tick read, Burrow's min-distance, and ticks that add no
// samples of their own.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition, snapshot } from './snapshot-fixtures.js';

const options = { intervals: 4, expireGroupAfterMs: 60_000, endOffsetHistory: 10 };
const commit = (offset: number, timestamp: number, p = 0) => ({
  group: 'g',
  topic: 't',
  partition: p,
  offset,
  timestamp,
});
const samples = (store: WindowStore) =>
  store.window('a', 'g')?.partitions[0]?.samples.map((s) => [s.offset, s.timestamp, s.lag]);

describe('window store, commit-stream samples', () => {
  test('a commit is a sample at its own time; lag unknown before any tick read the log end', () => {
    const store = new WindowStore(options);
    store.recordCommit('a', commit(10, 1_100), 0);
    assert.equal(store.window('a', 'g'), null, 'a group no tick has listed is not served');
    store.record(snapshot(2_000, [group('g', [partition('t', 0, 10, 30)])]), 'commits');
    assert.deepEqual(samples(store), [[10, 1_100, null]], 'the tick added no sample of its own');
    store.recordCommit('a', commit(25, 2_500), 0);
    store.recordCommit('a', commit(28, 3_500), 0);
    assert.deepEqual(samples(store), [
      [10, 1_100, null],
      [25, 2_500, 5],
      [28, 3_500, 2],
    ]);
  });

  test('lag is floored at 0 when the commit is past the last log end read', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 10, 30)])]), 'commits');
    store.recordCommit('a', commit(40, 1_500), 0);
    assert.deepEqual(samples(store), [[40, 1_500, 0]]);
  });

  test("min-distance: a commit too soon after the newest sample replaces it and keeps its time (Burrow's rule)", () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 0, 100)])]), 'commits');
    store.recordCommit('a', commit(10, 2_000), 1_000);
    store.recordCommit('a', commit(20, 2_400), 1_000); // 400 ms later: replaces
    store.recordCommit('a', commit(30, 2_999), 1_000); // 999 ms after the kept time: replaces
    store.recordCommit('a', commit(40, 3_000), 1_000); // 1000 ms: a new sample
    assert.deepEqual(samples(store), [
      [30, 2_000, 70],
      [40, 3_000, 60],
    ]);
  });

  test('a replay after a restart does not take the commits the restored rings hold again', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 0, 100)])]), 'commits');
    store.recordCommit('a', commit(10, 2_000), 1_000);
    store.recordCommit('a', commit(20, 3_000), 1_000);
    const restored = new WindowStore(options);
    restored.importState(store.exportState());
    // The offsets topic is read again from its start; a tick comes mid-replay.
    restored.recordCommit('a', commit(10, 2_000), 1_000);
    restored.record(snapshot(5_000, [group('g', [partition('t', 0, 20, 100)])]), 'commits');
    assert.deepEqual(
      samples(restored)?.map(([offset, at]) => [offset, at]),
      [
        [10, 2_000],
        [20, 3_000],
      ],
      'no false rewind from a commit taken before',
    );
    restored.recordCommit('a', commit(20, 3_000), 1_000);
    restored.recordCommit('a', commit(30, 4_000), 1_000);
    assert.deepEqual(
      samples(restored)?.map(([offset]) => offset),
      [10, 20, 30],
    );
  });

  test('the ring keeps the newest `intervals` commits', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 0, 100)])]), 'commits');
    for (let i = 1; i <= 6; i++) store.recordCommit('a', commit(i, 1_000 + i * 1_000), 0);
    assert.deepEqual(
      samples(store)?.map(([offset]) => offset),
      [3, 4, 5, 6],
    );
  });

  test('a partition a tick did not list keeps its commits when they came after the tick started', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 5, 10)])]), 'commits');
    store.recordCommit('a', commit(7, 2_500, 1), 0); // partition 1, committed after tick 2 began
    store.record(snapshot(2_000, [group('g', [partition('t', 0, 5, 10)])]), 'commits');
    const kept = store.window('a', 'g')?.partitions.map((p) => p.partition);
    assert.deepEqual(kept, [0, 1]);
    store.record(snapshot(3_000, [group('g', [partition('t', 0, 5, 10)])]), 'commits');
    assert.deepEqual(
      store.window('a', 'g')?.partitions.map((p) => p.partition),
      [0],
      'older than the tick and still not listed: dropped',
    );
  });

  test('polling mode is unchanged: one sample per tick', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1_000, [group('g', [partition('t', 0, 5, 10)])]));
    store.record(snapshot(2_000, [group('g', [partition('t', 0, 6, 10)])]));
    assert.deepEqual(samples(store), [
      [5, 1_000, 5],
      [6, 2_000, 4],
    ]);
  });
});
