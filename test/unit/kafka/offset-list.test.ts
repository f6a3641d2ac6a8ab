// A group's committed offsets packed in columns an OffsetFetch answer's groups share: each
// group's list reads back exactly what was added for it, however the columns grew after it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { offsetList, OffsetColumns, type OffsetEntry } from '../../../src/kafka/offset-list.js';

function added(columns: OffsetColumns, entries: OffsetEntry[]): OffsetEntry[] {
  for (const { topic, partition, offset } of entries) columns.add(topic, partition, offset);
  return entries;
}

describe('committed offset lists', () => {
  test('groups of one answer read back their own entries after the columns grew many times', () => {
    const columns = new OffsetColumns();
    const expected: OffsetEntry[][] = [];
    const lists = [];
    // 400 groups × 3 entries: the columns start with room for 256 entries and double.
    for (let g = 0; g < 400; g++) {
      const from = columns.count;
      expected.push(
        added(columns, [
          { topic: `t${g % 7}`, partition: 0, offset: g * 1000 },
          { topic: `t${g % 7}`, partition: 1, offset: -1 },
          { topic: `u${g}`, partition: 2 ** 20, offset: 2 ** 53 - 1 - g },
        ]),
      );
      lists.push(columns.listFrom(from));
    }
    assert.equal(columns.count, 1200);
    lists.forEach((list, g) => {
      assert.equal(list.length, 3);
      assert.deepEqual(list.toArray(), expected[g], `group ${g}`);
    });
  });

  test('a topic that comes back after another is read as itself, entry by entry', () => {
    const entries: OffsetEntry[] = [
      { topic: 'a', partition: 0, offset: 5 },
      { topic: 'b', partition: 0, offset: 6 },
      { topic: 'a', partition: 1, offset: 7 },
    ];
    const list = offsetList(entries);
    assert.deepEqual(
      Array.from({ length: list.length }, (_, i) => [
        list.topic(i),
        list.partition(i),
        list.offset(i),
      ]),
      [
        ['a', 0, 5],
        ['b', 0, 6],
        ['a', 1, 7],
      ],
    );
  });

  test('an empty list, and JSON (logs) carries the entries as objects', () => {
    const columns = new OffsetColumns();
    added(columns, [{ topic: 'x', partition: 3, offset: 9 }]);
    const empty = columns.listFrom(columns.count);
    assert.equal(empty.length, 0);
    assert.deepEqual(empty.toArray(), []);
    assert.equal(
      JSON.stringify({ offsets: columns.listFrom(0) }),
      '{"offsets":[{"topic":"x","partition":3,"offset":9}]}',
    );
  });
});
