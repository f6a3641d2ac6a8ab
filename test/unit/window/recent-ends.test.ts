// A topic-partition's recent log ends: a ring written in place, read oldest first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecentEnds } from '../../../src/window/recent-ends.js';

const ends = (r: RecentEnds): number[] => Array.from({ length: r.length }, (_, i) => r.at(i));

describe('recent log ends', () => {
  test('fills, then keeps the last `keep`, oldest first, however often the ring turns', () => {
    const recent = new RecentEnds();
    for (let end = 1; end <= 4; end++) recent.add(end * 10, 10);
    assert.deepEqual(recent.toArray(), [10, 20, 30, 40]);
    for (let end = 5; end <= 37; end++) {
      recent.add(end * 10, 10);
      const newest = Math.max(1, end - 9);
      const expected = Array.from({ length: end - newest + 1 }, (_, i) => (newest + i) * 10);
      assert.deepEqual(recent.toArray(), expected, `after ${end} ends`);
      assert.deepEqual(ends(recent), expected);
    }
  });

  test('an array read out is a copy: later ends do not change it', () => {
    const recent = RecentEnds.of([1, 2, 3]);
    const before = recent.toArray();
    recent.add(4, 3);
    assert.deepEqual(before, [1, 2, 3]);
    assert.deepEqual(recent.toArray(), [2, 3, 4]);
  });

  test('a ring of another size (state read by a store with other intervals) is cut or grown', () => {
    const recent = RecentEnds.of([1, 2, 3, 4, 5]);
    recent.add(6, 5);
    recent.add(7, 5); // turned: head in the middle
    recent.add(8, 3);
    assert.deepEqual(recent.toArray(), [6, 7, 8]);
    recent.add(9, 5);
    recent.add(10, 5);
    recent.add(11, 5);
    assert.deepEqual(recent.toArray(), [7, 8, 9, 10, 11]);
  });
});
