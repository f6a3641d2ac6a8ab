// exportState/importState: a store rebuilt from its export judges the same windows, with
// the same lag in seconds, the same original timestamps, and goes on as the original would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import type { WindowStoreExport } from '../../../src/window/store-export.js';
import { group, partition, snapshot, windowData, withoutMemberIds } from './snapshot-fixtures.js';

const options = { intervals: 3, expireGroupAfterMs: 60_000, endOffsetHistory: 10 };

/** Two clusters; the log grows 100 per second; g1 falls behind, g2 keeps up; an unowned partition. */
function populated(): WindowStore {
  const store = new WindowStore(options);
  for (let i = 0; i <= 5; i++) {
    const at = 1_000_000 + i * 1000;
    store.record(
      snapshot(at, [
        group('g1', [
          partition('t', 0, Math.min(150, i * 100), i * 100, true),
          partition('t', 1, i * 50, i * 100 + 7),
        ]),
        group('g2', [partition('u', 0, i * 10, i * 10)], { state: 'Empty', members: 0 }),
      ]),
    );
    store.record(snapshot(at + 10, [group('h', [partition('v', 3, i, i + 2)])], { cluster: 'b' }));
  }
  return store;
}

const plainNumbers = (exported: WindowStoreExport): unknown =>
  JSON.parse(
    JSON.stringify(exported, (_k, v: unknown) => (v instanceof Float64Array ? [...v] : v)),
  );

describe('window store export and import', () => {
  test('a round trip keeps every window, lag in seconds and catch-up equal', () => {
    const original = populated();
    const restored = new WindowStore(options);
    restored.importState(original.exportState());
    for (const cluster of ['a', 'b']) {
      assert.deepEqual(
        windowData(restored.windows(cluster)),
        withoutMemberIds(original.windows(cluster)),
      );
    }
    assert.equal(original.window('a', 'g1')?.partitions[0]?.consumerId, 'member-1');
    const p = restored.window('a', 'g1')?.partitions[0];
    assert.equal(p?.timeLagMs, 3500); // offset 150 was the log end 3.5 s before the last tick
    assert.deepEqual(
      p?.samples.map((s) => s.timestamp),
      [1_003_000, 1_004_000, 1_005_000],
    );
    assert.deepEqual(restored.stats(), original.stats());
  });

  test('the export is a copy: later ticks of the store do not change it', () => {
    const store = populated();
    const exported = store.exportState();
    const before = JSON.stringify(exported, (_k, v: unknown) =>
      v instanceof Float64Array ? [...v] : v,
    );
    store.record(snapshot(2_000_000, [group('g1', [partition('t', 0, 999, 1999)])]));
    const after = JSON.stringify(exported, (_k, v: unknown) =>
      v instanceof Float64Array ? [...v] : v,
    );
    assert.equal(after, before);
  });

  test('an export given the previous one writes over its arrays, with the same result', () => {
    const store = populated();
    const first = store.exportState();
    const buffers = first.clusters.map((c) => c.numbers.buffer);
    store.record(snapshot(1_006_000, [group('g1', [partition('t', 0, 600, 700)])]));
    const fresh = plainNumbers(store.exportState());
    const reused = store.exportState(first);
    assert.deepEqual(
      reused.clusters.map((c) => c.numbers.buffer),
      buffers,
      'no new arrays',
    );
    assert.deepEqual(plainNumbers(reused), fresh);
    const restored = new WindowStore(options);
    restored.importState(reused);
    assert.deepEqual(windowData(restored.windows('a')), windowData(store.windows('a')));
  });

  test('after import the store goes on exactly as the original', () => {
    const original = populated();
    const restored = new WindowStore(options);
    restored.importState(original.exportState());
    const next = snapshot(1_010_000, [
      group('g1', [partition('t', 0, 600, 1000, true), partition('t', 1, 300, 1000)]),
      group('g2', [partition('u', 0, 60, 60)], { state: 'Empty', members: 0 }),
    ]);
    original.record(next);
    restored.record(next);
    assert.deepEqual(windowData(restored.windows('a')), windowData(original.windows('a')));
    // The gap shows: the newest sample is 5 s after the one before it.
    const times = restored.window('a', 'g1')?.partitions[0]?.samples.map((s) => s.timestamp);
    assert.deepEqual(times, [1_004_000, 1_005_000, 1_010_000]);
  });

  test('a store with smaller rings and histories keeps the newest of each', () => {
    const restored = new WindowStore({ ...options, intervals: 2, endOffsetHistory: 2 });
    restored.importState(populated().exportState());
    const p = restored.window('a', 'g1')?.partitions[1];
    assert.deepEqual(
      p?.samples.map((s) => [s.offset, s.timestamp]),
      [
        [200, 1_004_000],
        [250, 1_005_000],
      ],
    );
    assert.deepEqual(p?.brokerOffsets, [407, 507]);
  });

  test('importing a cluster replaces what the store held for it, and only it', () => {
    const store = populated();
    const exported = store.exportState();
    const fresh = new WindowStore(options);
    fresh.record(snapshot(5, [group('other', [partition('t', 0, 1, 2)])]));
    fresh.record(snapshot(5, [group('kept', [partition('k', 0, 1, 2)])], { cluster: 'c' }));
    fresh.importState({ clusters: exported.clusters.filter((c) => c.cluster === 'a') });
    assert.deepEqual(
      fresh.windows('a').map((w) => w.group),
      ['g1', 'g2'],
    );
    assert.deepEqual(
      fresh.windows('c').map((w) => w.group),
      ['kept'],
    );
    assert.deepEqual(fresh.windows('b'), []);
  });
});
