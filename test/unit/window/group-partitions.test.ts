// A group's partitions as columns: the rings wrap, a copy into another capacity keeps the
// newest samples, dropping partitions leaves the others as they were, and the memory is
// what the layout says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newClusterState, topicPartition } from '../../../src/window/cluster-state.js';
import { GroupPartitions } from '../../../src/window/group-partitions.js';

const cluster = newClusterState();
const tp = (topic: string, p: number) => topicPartition(cluster, topic, p, 4);

/** Partition i's samples as [offset, timestamp, lag]. */
const rows = (g: GroupPartitions, i: number) =>
  g
    .series(i)
    .toArray()
    .map((s) => [s.offset, s.timestamp, s.lag]);

describe('group partitions in columns', () => {
  test('each ring keeps the newest `capacity` samples, oldest first, across wrap-arounds', () => {
    const g = GroupPartitions.assemble(3, [tp('t', 0), tp('t', 1)], [null, null]);
    for (let k = 1; k <= 7; k++) g.push(0, k * 10, k * 1000, k === 6 ? null : k);
    g.push(1, 99, 500, 0);
    assert.deepEqual(rows(g, 0), [
      [50, 5000, 5],
      [60, 6000, null],
      [70, 7000, 7],
    ]);
    assert.deepEqual(rows(g, 1), [[99, 500, 0]], "a partition's ring is its own");
    assert.equal(g.lastTimestamp(0), 7000);
    g.replaceLast(0, 75, 2);
    assert.deepEqual(rows(g, 0).at(-1), [75, 7000, 2], 'min-distance keeps the time');
    assert.deepEqual(g.series(0).toArray()[0], {
      offset: 50,
      timestamp: 5000,
      lag: 5,
      observedAt: 5000,
    });
  });

  test('a copy into a larger capacity keeps every sample and grows; into a smaller, the newest', () => {
    const small = GroupPartitions.assemble(2, [tp('t', 0)], [null]);
    for (let k = 1; k <= 3; k++) small.push(0, k, k, 0); // wrapped: holds 2, 3
    const large = GroupPartitions.assemble(4, [tp('t', 0)], [{ group: small, index: 0 }]);
    assert.deepEqual(rows(large, 0), [
      [2, 2, 0],
      [3, 3, 0],
    ]);
    for (let k = 4; k <= 7; k++) large.push(0, k, k, 0);
    assert.deepEqual(
      rows(large, 0).map((r) => r[0]),
      [4, 5, 6, 7],
      'fills to its own capacity, then wraps',
    );
    const smaller = GroupPartitions.assemble(3, [tp('t', 0)], [{ group: large, index: 0 }]);
    assert.deepEqual(
      rows(smaller, 0).map((r) => r[0]),
      [5, 6, 7],
    );
  });

  test('dropping partitions leaves the others with their samples, owners and numbers', () => {
    const g = GroupPartitions.assemble(2, [tp('a', 0), tp('b', 0), tp('a', 1)], [null, null, null]);
    g.setScalars(2, 40, 5, 1);
    g.hosts[2] = '/10.0.0.3';
    g.push(2, 40, 100, 5);
    g.push(0, 10, 100, 0);
    const less = g.without((i) => g.tps[i]!.topic === 'b');
    assert.equal(less.count, 2);
    assert.deepEqual(
      [...less.order].map((i) => `${less.tps[i]!.topic}/${less.tps[i]!.partition}`),
      ['a/0', 'a/1'],
    );
    const i = less.indexOf('a', 1);
    assert.deepEqual(rows(less, i), [[40, 100, 5]]);
    assert.equal(less.hosts[i], '/10.0.0.3');
    assert.deepEqual(
      [less.committedOffset(i), less.currentLag(i), less.messagesLost(i)],
      [40, 5, 1],
    );
    assert.equal(less.indexOf('b', 0), -1);
    assert.equal(g.count, 3, 'the original is unchanged');
  });

  test("owners' member ids: kept by a copy, set again by each tick", () => {
    const g = GroupPartitions.assemble(3, [tp('t', 0), tp('t', 1), tp('t', 2)], [null, null, null]);
    const lagOf = (consumerId: string | null) => ({
      topic: 't',
      partition: 0,
      committedOffset: 1,
      logEndOffset: 2,
      logStartOffset: 0,
      lag: 1,
      messagesLost: 0,
      consumerId,
      host: '/h',
      clientId: 'c',
      fault: null,
    });
    // Two equal strings, as two partitions of one decoded response would carry them.
    const first = ['member', 'a'].join('-');
    const second = ['member', 'a'].join('-');
    g.update(0, lagOf(first), 10, true);
    g.update(1, lagOf('member-b'), 10, true);
    g.update(2, lagOf(second), 10, true);
    assert.deepEqual(g.consumerIds, ['member-a', 'member-b', 'member-a']);
    const copy = GroupPartitions.assemble(2, [tp('t', 2)], [{ group: g, index: 2 }]);
    assert.deepEqual(copy.consumerIds, ['member-a']);
    g.update(1, lagOf(null), 20, true);
    assert.deepEqual(g.consumerIds, ['member-a', null, 'member-a'], 'no member owns it any more');
  });

  test('written out and read back, a wrapped ring keeps its samples oldest first', () => {
    const g = GroupPartitions.assemble(3, [tp('t', 0), tp('t', 1)], [null, null]);
    for (let k = 1; k <= 5; k++) g.push(1, k, k * 10, k);
    const target = new Float64Array(20);
    const end = g.writeSamples(1, target, 2);
    assert.equal(end, 2 + 1 + 9);
    assert.deepEqual([...target.subarray(2, end)], [9, 3, 30, 3, 4, 40, 4, 5, 50, 5]);
    const back = GroupPartitions.assemble(3, [tp('t', 1)], [null]);
    back.readSamples(0, target.subarray(3, end));
    assert.deepEqual(rows(back, 0), rows(g, 1));
    back.push(0, 6, 60, 6);
    assert.deepEqual(
      rows(back, 0).map((r) => r[0]),
      [4, 5, 6],
    );
  });

  test('unknown numbers read back as null, not 0', () => {
    const g = GroupPartitions.assemble(2, [tp('t', 0)], [null]);
    assert.equal(g.committedOffset(0), null);
    assert.equal(g.currentLag(0), null);
    assert.equal(g.messagesLost(0), 0);
    assert.equal(g.lastTimestamp(0), undefined);
    assert.throws(() => g.replaceLast(0, 1, 1), RangeError);
  });

  test('memory: (3 + 3 × capacity) float64s and three int32s per partition, nothing per sample', () => {
    const g = GroupPartitions.assemble(
      10,
      [tp('t', 0), tp('t', 1), tp('t', 2)],
      [null, null, null],
    );
    const before = g.numberBytes;
    for (let k = 0; k < 50; k++) g.push(k % 3, k, k, k);
    assert.equal(before, 3 * ((3 + 3 * 10) * 8 + 3 * 4));
    assert.equal(g.numberBytes, before, 'pushing allocates nothing');
  });
});
