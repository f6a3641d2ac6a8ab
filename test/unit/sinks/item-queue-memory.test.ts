// A backlog in the sink queue lives outside the V8 heap (issue 15: full collections of a
// heap of queued strings stalled the event loop for seconds). A memory assertion, not a
// timing one: 200,000 items of ~150 bytes, measured after full collections, against what
// the same strings cost held in an array (measured here too, on this Node).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ItemQueue } from '../../../sinks/delivery/item-queue.js';

const ITEMS = 200_000;
const PER_PUSH = 10_000;
const ITEM_CHARS = 150;

/** A full collection (the test runner starts node without --expose-gc: set it here). */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** One push's worth of items, each a flat string of its own (as an encoder's slices cost). */
function itemsOfPush(push: number): string[] {
  return Array.from({ length: PER_PUSH }, (_, i) => {
    const n = push * PER_PUSH + i;
    const text = `kafka_lag,cluster=a,group=group-${n % 10_000},partition=${n % 10} lag=${n}i `;
    // padEnd makes a tree of concatenated strings; the round trip makes one flat string.
    return Buffer.from(text.padEnd(ITEM_CHARS, '0123456789'), 'latin1').toString('latin1');
  });
}

// Filled in functions of their own: a loop in the test's own frame would keep its last
// push's strings alive (in an interpreter register) and count them against the queue.
function fillArray(): string[] {
  const array: string[] = [];
  for (let p = 0; p < ITEMS / PER_PUSH; p++) array.push(...itemsOfPush(p));
  return array;
}

function fillQueue(queue: ItemQueue): void {
  for (let p = 0; p < ITEMS / PER_PUSH; p++) queue.push(itemsOfPush(p), p);
}

test('200,000 queued items cost the V8 heap a small fraction of the same strings in an array', () => {
  const gc = fullGc();
  gc();
  const before = process.memoryUsage();
  let array = fillArray();
  gc();
  const arrayHeap = process.memoryUsage().heapUsed - before.heapUsed;
  assert.equal(array.length, ITEMS);
  array = [];
  gc();

  const base = process.memoryUsage();
  const queue = new ItemQueue();
  fillQueue(queue);
  gc();
  const held = process.memoryUsage();
  const queueHeap = held.heapUsed - base.heapUsed;
  const queueBuffers = held.arrayBuffers - base.arrayBuffers;

  assert.equal(queue.length, ITEMS);
  assert.equal(queue.bytes, ITEMS * (ITEM_CHARS + 1));
  // The strings' characters alone are 30 MB; the array costs at least that (34 MB measured).
  assert.ok(arrayHeap > ITEMS * ITEM_CHARS, `the array of strings took ${arrayHeap} bytes of heap`);
  assert.ok(
    queueHeap < arrayHeap / 10,
    `the queue took ${queueHeap} bytes of heap, the array ${arrayHeap}`,
  );
  // The bytes are held in Buffers: the items' bytes, the last chunk's room (< 1 MiB), the
  // records (5 bytes an item, in a table at most 4 times the items), and some slack for
  // Buffers the collector has yet to free.
  assert.ok(
    queueBuffers >= ITEMS * ITEM_CHARS && queueBuffers < ITEMS * (ITEM_CHARS + 20) + 4 * 2 ** 20,
    `the queue's Buffers hold ${queueBuffers} bytes`,
  );
  assert.ok(queue.heldBytes >= ITEMS * ITEM_CHARS);

  const first = queue.take(1, 1000)[0];
  assert.equal(first, itemsOfPush(0)[0]);
  queue.takeAll();
  assert.equal(queue.heldBytes, 0);
});
