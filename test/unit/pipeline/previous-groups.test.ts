// Finding each group of the previous report by name, as the next report is judged in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PreviousGroups, type PreviousNames } from '../../../src/pipeline/previous-groups.js';

/** Groups by name, each with a names array of its own (told apart by identity). */
const statuses = (...groups: string[]): PreviousNames & { names: string[][] } => ({
  groups,
  names: groups.map((group) => [group, 'host', 'client']),
});

describe('PreviousGroups', () => {
  test('finds each group in order, and none that the previous report lacked', () => {
    const before = statuses('a', 'b', 'd', 'e');
    const previous = before.names;
    const found = new PreviousGroups(before);
    // c is new, d and e are found after it; f is new at the end.
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => found.of(name)),
      [previous[0], previous[1], null, previous[2], previous[3], null],
    );
  });

  test('finds groups after some went, and in another order', () => {
    const before = statuses('a', 'b', 'c', 'd', 'e');
    const previous = before.names;
    const found = new PreviousGroups(before);
    assert.equal(found.of('b'), previous[1]); // a went
    assert.equal(found.of('d'), previous[3]); // c went
    assert.equal(found.of('e'), previous[4]);
    assert.equal(found.of('a'), previous[0]); // out of order: still found
    assert.equal(found.of('b'), previous[1]);
    assert.equal(new PreviousGroups(null).of('a'), null);
  });
});
