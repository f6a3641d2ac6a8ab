// Memory is bounded by configuration, not by history: however many ticks the store takes
// in, it keeps at most `intervals` samples per group-partition, `intervals` log-end offsets
// and `endOffsetHistory` (offset, time) points per topic-partition, and nothing for what it
// no longer tracks. The README's formula (bytes per group-partition) rests on these bounds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition, snapshot } from './snapshot-fixtures.js';

const intervals = 4;
const endOffsetHistory = 5;
const T0 = 1_000_000;

/** Three groups on two topics of three partitions; every log end moves every tick. */
function tick(k: number, groups = ['g1', 'g2', 'g3']) {
  return snapshot(
    T0 + k * 30_000,
    groups.map((name, i) =>
      group(
        name,
        [0, 1, 2].map((p) => partition(i === 2 ? 'other' : 'orders', p, k * 100 + p, k * 120 + 50)),
      ),
    ),
  );
}

/** Numbers the export holds: what the store keeps per tracked thing, counted. */
function numbersKept(store: WindowStore): number {
  return store.exportState().clusters.reduce((n, c) => n + c.numbers.length, 0);
}

describe('the window store is bounded by its configuration', () => {
  test('at most `intervals` samples per group-partition and bounded histories, after many ticks', () => {
    const store = new WindowStore({ intervals, expireGroupAfterMs: 60_000, endOffsetHistory });
    const kept: number[] = [];
    for (let k = 0; k < 40; k++) {
      store.record(tick(k));
      kept.push(numbersKept(store));
    }
    for (const w of store.windows('a')) {
      for (const p of w.partitions) {
        assert.equal(p.samples.length, intervals, `${w.group} ${p.topic}/${p.partition} samples`);
        assert.equal(p.brokerOffsets.length, intervals);
        assert.deepEqual(
          p.samples.map((s) => s.timestamp),
          [36, 37, 38, 39].map((k) => T0 + k * 30_000),
          'the newest samples are the ones kept',
        );
      }
    }
    const stats = store.stats();
    assert.deepEqual(stats, { clusters: 1, groups: 3, groupPartitions: 9, topicPartitions: 6 });
    // Per topic-partition: 3 + recent ends (count + values) + history (count + 2 per point);
    // per group-partition: 7 + samples (count + 3 per sample).
    const full =
      stats.topicPartitions * (3 + 1 + intervals + 1 + 2 * endOffsetHistory) +
      stats.groupPartitions * (7 + 1 + 3 * intervals);
    assert.equal(kept.at(-1), full, 'everything full, nothing more');
    assert.equal(Math.max(...kept), full, 'never more than the bound on the way');
    assert.equal(kept[10], full, 'full after max(intervals, endOffsetHistory) ticks, flat since');
  });

  test("the numbers held: the README's 24 × intervals + 36 bytes per group-partition, at most 8 × intervals + 16 × endOffsetHistory per topic-partition", () => {
    const store = new WindowStore({ intervals, expireGroupAfterMs: 60_000, endOffsetHistory });
    const held: { groupPartitions: number; topicPartitions: number }[] = [];
    for (let k = 0; k < 40; k++) {
      store.record(tick(k));
      held.push(store.numberBytes());
    }
    const { groupPartitions, topicPartitions } = store.stats();
    const perGroupPartition = 24 * intervals + 36;
    for (const h of held) {
      assert.equal(
        h.groupPartitions,
        groupPartitions * perGroupPartition,
        'from the first tick on',
      );
      assert.ok(h.topicPartitions <= topicPartitions * (8 * intervals + 16 * endOffsetHistory));
    }
    assert.equal(
      held.at(-1)!.topicPartitions,
      topicPartitions * (8 * intervals + 16 * endOffsetHistory),
      'full histories',
    );
    assert.deepEqual(held.at(-1), held[20], 'flat once full');
  });

  test('what is no longer tracked is let go: a group that goes, the topic-partitions only it read', () => {
    const store = new WindowStore({ intervals, expireGroupAfterMs: 60_000, endOffsetHistory });
    for (let k = 0; k < 10; k++) store.record(tick(k));
    const before = numbersKept(store);
    // g3 (the only reader of `other`) stops showing up; after expireGroupAfterMs it is gone.
    for (let k = 10; k < 14; k++) store.record(tick(k, ['g1', 'g2']));
    assert.deepEqual(store.stats(), {
      clusters: 1,
      groups: 2,
      groupPartitions: 6,
      topicPartitions: 3,
    });
    assert.ok(numbersKept(store) < before);
  });
});
