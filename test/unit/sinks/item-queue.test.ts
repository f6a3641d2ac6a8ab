import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ItemQueue, itemBytes, splitParts } from '../../../sinks/delivery/item-queue.js';

describe('ItemQueue', () => {
  test('counts items and UTF-8 bytes (with a newline each)', () => {
    const q = new ItemQueue();
    q.push(['ab', 'é']);
    assert.equal(q.length, 2);
    assert.equal(q.bytes, 3 + 3);
    assert.equal(itemBytes('组'), 4);
  });

  test('takes the oldest first, at most maxItems', () => {
    const q = new ItemQueue();
    q.push(['1', '2', '3']);
    q.push(['4']);
    assert.deepEqual(q.take(2, 1000), ['1', '2']);
    assert.deepEqual(q.take(10, 1000), ['3', '4']);
    assert.equal(q.length, 0);
    assert.equal(q.bytes, 0);
  });

  test('takes at most maxBytes, but always at least one item', () => {
    const q = new ItemQueue();
    q.push(['aaaa', 'bbbb', 'cccc']); // 5 bytes each
    assert.deepEqual(q.take(10, 10), ['aaaa', 'bbbb']);
    assert.deepEqual(q.take(10, 2), ['cccc']);
  });

  test('remembers when the oldest waiting item arrived', () => {
    const q = new ItemQueue();
    assert.equal(q.oldestAt, null);
    q.push(['a', 'b'], 100);
    q.push(['c'], 200);
    assert.equal(q.oldestAt, 100);
    q.take(1, 100);
    assert.equal(q.oldestAt, 100);
    q.take(1, 100);
    assert.equal(q.oldestAt, 200);
    q.take(1, 100);
    assert.equal(q.oldestAt, null);
  });

  test('pushFront puts taken items back before the rest, with their arrival time', () => {
    const q = new ItemQueue();
    q.push(['a', 'b'], 100);
    q.push(['c'], 200);
    const taken = q.take(2, 1000);
    q.push(['d'], 300);
    q.pushFront(taken.slice(1), 100);
    assert.equal(q.length, 3);
    assert.equal(q.bytes, 6);
    assert.equal(q.oldestAt, 100);
    assert.deepEqual(q.take(1, 1000), ['b']);
    assert.equal(q.oldestAt, 200);
    assert.deepEqual(q.takeAll(), ['c', 'd']);
  });

  test('takeOldest and takeAll ignore size limits', () => {
    const q = new ItemQueue();
    q.push(['a', 'b', 'c', 'd']);
    assert.deepEqual(q.takeOldest(3), ['a', 'b', 'c']);
    q.push(['e']);
    assert.deepEqual(q.takeAll(), ['d', 'e']);
  });

  test('stays correct through many pushes and takes', () => {
    const q = new ItemQueue();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 300; round++) {
      q.push(Array.from({ length: 500 }, () => String(next++)));
      for (const item of q.take(450, 1_000_000)) assert.equal(item, String(expected++));
    }
    for (const item of q.takeAll()) assert.equal(item, String(expected++));
    assert.equal(expected, next);
    assert.equal(q.bytes, 0);
  });
});

describe('splitParts', () => {
  test('consecutive parts of at most maxItems and maxBytes, in order', () => {
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee']; // 5 bytes each
    assert.deepEqual(splitParts(items, 2, 1000), [['aaaa', 'bbbb'], ['cccc', 'dddd'], ['eeee']]);
    assert.deepEqual(splitParts(items, 10, 12), [['aaaa', 'bbbb'], ['cccc', 'dddd'], ['eeee']]);
    assert.deepEqual(splitParts(['x'.repeat(50), 'y'], 10, 10), [['x'.repeat(50)], ['y']]);
    assert.deepEqual(splitParts([], 10, 10), []);
  });
});
