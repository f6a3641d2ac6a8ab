// Finding each group of the previous report by name, as the next report is judged in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PreviousGroups } from '../../../src/pipeline/previous-groups.js';
import { notFoundGroupStatus } from '../../../src/status/index.js';

const statuses = (...names: string[]) => names.map((name) => notFoundGroupStatus('c', name));

describe('PreviousGroups', () => {
  test('finds each group in order, and none that the previous report lacked', () => {
    const previous = statuses('a', 'b', 'd', 'e');
    const found = new PreviousGroups(previous);
    // c is new, d and e are found after it; f is new at the end.
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => found.of(name)),
      [previous[0], previous[1], undefined, previous[2], previous[3], undefined],
    );
  });

  test('finds groups after some went, and in another order', () => {
    const previous = statuses('a', 'b', 'c', 'd', 'e');
    const found = new PreviousGroups(previous);
    assert.equal(found.of('b'), previous[1]); // a went
    assert.equal(found.of('d'), previous[3]); // c went
    assert.equal(found.of('e'), previous[4]);
    assert.equal(found.of('a'), previous[0]); // out of order: still found
    assert.equal(found.of('b'), previous[1]);
    assert.equal(new PreviousGroups([]).of('a'), undefined);
  });
});
