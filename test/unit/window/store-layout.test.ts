// The store when a group's partitions change between ticks (lost, added, listed in another
// order), when it grows its rings on import, and what a window handed out keeps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import type { GroupWindow } from '../../../src/contract/evaluation.js';
import { group, partition, snapshot, windowData } from './snapshot-fixtures.js';

const options = { intervals: 3, expireGroupAfterMs: 600_000, endOffsetHistory: 10 };
const T0 = 1_000_000;
const at = (k: number) => T0 + k * 30_000;
const p = (topic: string, n: number, k: number) => partition(topic, n, k * 10 + n, k * 12 + 50);

/** Each partition's samples' offsets, as "topic/partition". */
function offsets(store: WindowStore, name = 'g'): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const w of store.window('a', name)?.partitions ?? []) {
    out[`${w.topic}/${w.partition}`] = w.samples.map((s) => s.offset);
  }
  return out;
}

describe('window store, a group whose partitions change', () => {
  test('a group losing a partition keeps the others, the lost one and its history go', () => {
    const store = new WindowStore(options);
    for (let k = 1; k <= 2; k++) {
      store.record(snapshot(at(k), [group('g', [p('x', 0, k), p('x', 1, k), p('y', 0, k)])]));
    }
    store.record(snapshot(at(3), [group('g', [p('x', 0, 3), p('y', 0, 3)])]));
    assert.deepEqual(offsets(store), { 'x/0': [10, 20, 30], 'y/0': [10, 20, 30] });
    assert.deepEqual(store.stats(), {
      clusters: 1,
      groups: 1,
      groupPartitions: 2,
      topicPartitions: 2,
    });
    // Back again: a fresh window, as for any partition first seen.
    store.record(snapshot(at(4), [group('g', [p('x', 0, 4), p('x', 1, 4), p('y', 0, 4)])]));
    assert.deepEqual(offsets(store)['x/1'], [41]);
  });

  test('the same partitions listed in another order keep their windows, listed sorted', () => {
    const store = new WindowStore(options);
    store.record(snapshot(at(1), [group('g', [p('y', 0, 1), p('x', 1, 1), p('x', 0, 1)])]));
    store.record(snapshot(at(2), [group('g', [p('x', 0, 2), p('y', 0, 2), p('x', 1, 2)])]));
    store.record(snapshot(at(3), [group('g', [p('x', 0, 3), p('y', 0, 3), p('x', 1, 3)])]));
    assert.deepEqual(Object.keys(offsets(store)), ['x/0', 'x/1', 'y/0']);
    assert.deepEqual(offsets(store), {
      'x/0': [10, 20, 30],
      'x/1': [11, 21, 31],
      'y/0': [10, 20, 30],
    });
    const [x1] = store.window('a', 'g')!.partitions.filter((w) => w.partition === 1);
    assert.deepEqual(x1?.brokerOffsets, [62, 74, 86], "x/1's log end at each tick");
  });

  test('two groups reading one topic-partition share its log ends, each with its own samples', () => {
    const store = new WindowStore(options);
    for (let k = 1; k <= 2; k++) {
      store.record(
        snapshot(at(k), [
          group('g', [p('x', 0, k)]),
          group('h', [partition('x', 0, k, k * 12 + 50)]),
        ]),
      );
    }
    assert.deepEqual(offsets(store, 'g'), { 'x/0': [10, 20] });
    assert.deepEqual(offsets(store, 'h'), { 'x/0': [1, 2] });
    const ends = (name: string) => store.window('a', name)!.partitions[0]!.brokerOffsets;
    assert.deepEqual(ends('g'), [62, 74]);
    assert.deepEqual(ends('h'), ends('g'));
  });

  test('a window handed out keeps its fields, and samples once read, through later ticks', () => {
    const store = new WindowStore(options);
    store.record(snapshot(at(1), [group('g', [p('x', 0, 1)])]));
    store.record(snapshot(at(2), [group('g', [p('x', 0, 2)])]));
    const before = store.window('a', 'g')!;
    // Samples are the ring read in place until `samples` is read: read them now.
    const copy = structuredClone(windowData([before]));
    const samples = before.partitions[0]!.samples;
    for (let k = 3; k <= 6; k++) store.record(snapshot(at(k), [group('g', [p('x', 0, k)])]));
    assert.deepEqual(
      samples.map((s) => s.offset),
      [10, 20],
    );
    const fieldsOf = (w: GroupWindow) => ({
      ...w,
      partitions: w.partitions.map((pw) => ({ ...pw, samples: [] })),
    });
    assert.deepEqual(
      fieldsOf(windowData([before])[0]!),
      fieldsOf(copy[0]!),
      'every field but the samples is as it was',
    );
    assert.deepEqual(offsets(store), { 'x/0': [40, 50, 60] });
  });

  test('imported into a store with more intervals, the rings keep every sample and fill up', () => {
    const small = new WindowStore(options);
    for (let k = 1; k <= 5; k++) small.record(snapshot(at(k), [group('g', [p('x', 0, k)])]));
    const large = new WindowStore({ ...options, intervals: 5 });
    large.importState(small.exportState());
    assert.deepEqual(offsets(large), { 'x/0': [30, 40, 50] });
    for (let k = 6; k <= 8; k++) large.record(snapshot(at(k), [group('g', [p('x', 0, k)])]));
    assert.deepEqual(offsets(large), { 'x/0': [40, 50, 60, 70, 80] });
    assert.equal(large.window('a', 'g')!.partitions[0]!.brokerOffsets.length, 5);
  });
});
