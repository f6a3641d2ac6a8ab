// The queue holds its items as bytes in chunks (sinks/delivery/item-chunks.ts): what is
// taken is what was pushed, in order, across chunk boundaries, for any text; chunks are
// let go once taken; items staged as bytes (as the encoders write them) and appended come
// back as they were written; and a backlog costs the V8 heap next to nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ItemQueue, itemBytes } from '../../../sinks/delivery/item-queue.js';
import type { ItemTarget } from '../../../sinks/item-target.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const MiB = 1024 * 1024;

/** The queue as it was, an array of strings with their arrival times: the reference. */
class ReferenceQueue {
  items: { item: string; at: number }[] = [];
  get length(): number {
    return this.items.length;
  }
  get bytes(): number {
    return this.items.reduce((sum, { item }) => sum + itemBytes(item), 0);
  }
  get oldestAt(): number | null {
    return this.items[0]?.at ?? null;
  }
  push(items: readonly string[], at: number): void {
    for (const item of items) this.items.push({ item, at });
  }
  take(maxItems: number, maxBytes: number): string[] {
    let count = 0;
    let bytes = 0;
    while (count < maxItems && count < this.items.length) {
      const size = itemBytes(this.items[count]!.item);
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    return this.takeOldest(count);
  }
  takeOldest(count: number): string[] {
    return this.items.splice(0, count).map(({ item }) => item);
  }
  pushFront(items: readonly string[], at: number): void {
    this.items.unshift(...items.map((item) => ({ item, at })));
  }
}

/** Items of every kind the queue must carry: ASCII, accents, CJK, emoji, lone surrogates, empty. */
function randomItem(random: () => number, n: number): string {
  const kind = random();
  const size = Math.floor(random() * 400);
  if (kind < 0.6) return `m,g=group-${n} lag=${n}i `.padEnd(size, 'abcdefghij');
  if (kind < 0.75) return `{"group":"grüppe-${n}","topic":"主题"}`.padEnd(size, 'é');
  if (kind < 0.85) return `emoji 😀 ${n} `.repeat(1 + Math.floor(size / 20));
  if (kind < 0.9) return `lone \ud800 high ${n}, lone \udc00 low`;
  if (kind < 0.95) return '';
  return `x${n}`;
}

/** String.prototype.isWellFormed (Node 20; not in tsconfig's lib). */
const wellFormed = (item: string): boolean =>
  (item as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Writes items into a target as an encoder does (item-target.ts): runs of well-formed items
 * as UTF-8 bytes, a newline after each, with their ends, of `run` items at most, and an item with a lone
 * surrogate as a string.
 */
function writeAsEncoder(target: ItemTarget, items: readonly string[], run: number): void {
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const parts = pending.map((item) => Buffer.from(`${item}\n`, 'utf8'));
    const bytes = Buffer.concat([...parts, Buffer.from('garbage after the run')]);
    const ends: number[] = [];
    let end = 0;
    for (const part of parts) ends.push((end += part.length));
    const nonAscii = parts.some((part, i) => part.length !== pending[i]!.length + 1);
    target.items(bytes, ends, ends.length, nonAscii);
    pending = [];
  };
  for (const item of items) {
    if (!wellFormed(item)) {
      flush();
      target.string(item);
      continue;
    }
    pending.push(item);
    if (pending.length >= run) flush();
  }
  flush();
}

describe('ItemQueue as bytes', () => {
  test('gives back exactly what was pushed, in order, as the array of strings did (random operations)', () => {
    const random = seededRandom(15);
    const q = new ItemQueue();
    const ref = new ReferenceQueue();
    let n = 0;
    let now = 1000;
    let held: string[] = [];
    let crossed = 0;
    for (let step = 0; step < 400; step++) {
      const op = random();
      now += 10;
      if (op < 0.2) {
        const items = Array.from({ length: Math.floor(random() * 3000) }, () =>
          randomItem(random, n++),
        );
        q.push(items, now);
        ref.push(items, now);
      } else if (op < 0.35) {
        // A report staged in runs, as the encoders write it, then appended whole.
        const items = Array.from({ length: Math.floor(random() * 3000) }, () =>
          randomItem(random, n++),
        );
        const staged = q.staging();
        writeAsEncoder(staged, items, 1 + Math.floor(random() * 200));
        assert.equal(staged.length, items.length);
        q.append(staged, now);
        assert.equal(staged.length, 0);
        ref.push(items, now);
        staged.push(['the staging queue is left empty and usable'], now);
        assert.deepEqual(staged.takeAll(), ['the staging queue is left empty and usable']);
      } else if (op < 0.6) {
        const maxItems = 1 + Math.floor(random() * 2000);
        const maxBytes = 1 + Math.floor(random() * 300_000);
        held = q.take(maxItems, maxBytes);
        assert.deepEqual(held, ref.take(maxItems, maxBytes), `take at step ${step}`);
      } else if (op < 0.75) {
        // As a request's bytes: the items a newline each, as UTF-8 writes them.
        const maxItems = 1 + Math.floor(random() * 2000);
        const maxBytes = 1 + Math.floor(random() * 300_000);
        const part = q.takePart(maxItems, maxBytes);
        held = part.strings();
        const expected = ref.take(maxItems, maxBytes);
        assert.deepEqual(held, expected, `takePart at step ${step}`);
        assert.ok(
          part.body.equals(Buffer.from(expected.map((item) => `${item}\n`).join(''), 'utf8')),
          `takePart's bytes at step ${step}`,
        );
      } else if (op < 0.85) {
        const count = Math.floor(random() * 1500);
        held = q.takeOldest(count);
        assert.deepEqual(held, ref.takeOldest(count), `takeOldest at step ${step}`);
      } else if (op < 0.95) {
        const at = now - 5;
        q.pushFront(held, at);
        ref.pushFront(held, at);
        held = [];
      } else {
        held = q.takeAll();
        assert.deepEqual(held, ref.takeOldest(ref.length), `takeAll at step ${step}`);
      }
      assert.equal(q.length, ref.length);
      assert.equal(q.bytes, ref.bytes);
      assert.equal(q.oldestAt, ref.oldestAt);
      if (q.heldBytes > MiB) crossed++;
    }
    assert.ok(crossed > 50, `the items spanned several chunks in ${crossed} steps`);
    assert.deepEqual(q.takeAll(), ref.takeOldest(ref.length));
    assert.equal(q.bytes, 0);
    assert.equal(q.heldBytes, 0);
  });

  test('items larger than a chunk, between small ones', () => {
    const q = new ItemQueue();
    const big = 'a'.repeat(3 * MiB);
    const bigAccented = 'é'.repeat(MiB); // 2 MiB of UTF-8
    q.push(['before', big, 'between', bigAccented, 'after'], 1);
    assert.equal(q.bytes, 7 + 3 * MiB + 1 + 8 + 2 * MiB + 1 + 6);
    assert.deepEqual(q.take(10, 10), ['before']);
    assert.deepEqual(q.take(10, 10), [big]); // alone: larger than maxBytes
    assert.deepEqual(q.take(2, 10 * MiB), ['between', bigAccented]);
    assert.deepEqual(q.takeAll(), ['after']);
    assert.equal(q.heldBytes, 0);
  });

  test('non-ASCII text and ASCII runs around it come back as they were', () => {
    const q = new ItemQueue();
    const items = ['plain', 'é', 'grüppe', '组', 'emoji 😀 pair', 'plain again', 'ü', 'end'];
    q.push(items);
    assert.equal(
      q.bytes,
      items.reduce((sum, item) => sum + itemBytes(item), 0),
    );
    assert.deepEqual(q.take(3, 1000), items.slice(0, 3));
    assert.deepEqual(q.takeAll(), items.slice(3));
  });

  test('an item with a lone surrogate comes back unchanged (not as U+FFFD), counted as UTF-8 writes it', () => {
    const q = new ItemQueue();
    const items = ['a\ud800b', 'ok', '\udc00', 'pair 😀'];
    q.push(items, 5);
    assert.equal(q.bytes, 6 + 3 + 4 + 10); // a lone surrogate: 3 bytes (U+FFFD in UTF-8)
    q.pushFront(['front \udbff'], 4);
    const taken = q.takeAll();
    assert.deepEqual(taken, ['front \udbff', ...items]);
    assert.equal(taken[1], 'a\ud800b');
    assert.equal(q.heldBytes, 0);
  });

  test('oldestAt follows the pushes as their items are taken', () => {
    const q = new ItemQueue();
    for (let i = 0; i < 5; i++) q.push([`a${i}`, `b${i}`, `c${i}`], 100 * (i + 1));
    const seen: (number | null)[] = [];
    while (q.length > 0) {
      q.take(2, 1000);
      seen.push(q.oldestAt);
    }
    assert.deepEqual(seen, [100, 200, 300, 300, 400, 500, 500, null]);
  });

  test('a chunk is let go once every item in it is taken, beyond one push of spares', () => {
    const q = new ItemQueue();
    const item = 'x'.repeat(999); // 1,000 bytes with the newline
    q.push(Array.from({ length: 3000 }, () => item)); // 3 MB: spares for 3 chunks
    const held = q.heldBytes;
    assert.ok(held >= 3000 * 999 && held <= 4 * MiB, `held ${held} bytes`);
    assert.equal(q.spareBytes, 0);
    q.takeOldest(1100); // more than the first chunk's 1,049 items
    assert.equal(q.heldBytes, held - MiB);
    assert.equal(q.spareBytes, MiB);
    q.takeOldest(1000);
    assert.equal(q.heldBytes, held - 2 * MiB);
    q.takeAll();
    assert.equal(q.heldBytes, 0);
    assert.equal(q.spareBytes, 3 * MiB);
    // The next push of the same size reuses them all.
    q.push(Array.from({ length: 3000 }, () => item));
    assert.equal(q.heldBytes, held);
    assert.equal(q.spareBytes, 0);
    q.takeAll();
    // A small push (into a spare) keeps one spare chunk, no more: the third is let go, and
    // so is the push's own chunk once emptied.
    q.push(['again'], 1);
    assert.equal(q.heldBytes, MiB);
    assert.equal(q.spareBytes, MiB);
    assert.deepEqual(q.takeAll(), ['again']);
    assert.equal(q.heldBytes, 0);
    assert.equal(q.spareBytes, MiB);
  });

  test('a staged report is taken from the queue only once appended, after what was there', () => {
    const q = new ItemQueue();
    q.push(['first', 'lone \ud800'], 10);
    const staged = q.staging();
    writeAsEncoder(staged, ['a', 'grüppe', 'b \udc00', 'c'], 2);
    q.push(['second'], 20);
    assert.equal(q.length, 3, "staged items are not the queue's yet");
    assert.deepEqual(q.take(10, 1000), ['first', 'lone \ud800', 'second']);
    q.append(staged, 30);
    assert.equal(q.oldestAt, 30);
    assert.equal(q.bytes, 2 + 8 + 6 + 2);
    assert.deepEqual(q.takeAll(), ['a', 'grüppe', 'b \udc00', 'c']);
    assert.equal(q.heldBytes, 0);
  });

  test("a staged report's chunks come from the queue's spares and go back to them", () => {
    const q = new ItemQueue();
    const item = 'x'.repeat(999);
    q.push(Array.from({ length: 3000 }, () => item)); // spares for 3 chunks once taken
    q.takeAll();
    assert.equal(q.spareBytes, 3 * MiB);
    const staged = q.staging();
    writeAsEncoder(
      staged,
      Array.from({ length: 2000 }, () => item),
      100,
    );
    assert.equal(q.spareBytes, MiB, 'two spares now hold the staged items');
    q.append(staged, 1);
    q.takeAll();
    assert.equal(q.spareBytes, 2 * MiB, 'a push of 2 MB keeps 2 spares');
    const dropped = q.staging();
    writeAsEncoder(
      dropped,
      Array.from({ length: 2000 }, () => item),
      100,
    );
    assert.equal(q.spareBytes, 0);
    dropped.clear();
    assert.equal(dropped.length, 0);
    assert.equal(dropped.heldBytes, 0);
    assert.equal(q.spareBytes, 2 * MiB, 'a cleared staging queue gives its chunks back');
    assert.equal(q.length, 0);
  });

  test("a small appended report is copied into the room of the last chunk; a large one leaves at most a chunk's room", () => {
    const q = new ItemQueue();
    const item = 'x'.repeat(99); // 100 bytes with the newline
    const reports: string[][] = [];
    for (let r = 0; r < 100; r++) {
      // 10 items a report, one with a lone surrogate (kept beside the bytes) among them.
      const report = Array.from({ length: 10 }, (_, i) =>
        i === 4 ? `lone \ud800 ${r}` : `${r}${item}`,
      );
      reports.push(report);
      const staged = q.staging();
      writeAsEncoder(staged, report, 3);
      q.append(staged, r);
    }
    assert.equal(q.heldBytes, MiB, '100 reports of 1 KB: one chunk, not one each');
    for (let r = 0; r < 3; r++) {
      // About 1.6 MB each: a full chunk and part of another.
      const report = Array.from({ length: 16_000 }, (_, i) => `${r}-${i}`.padEnd(99, 'y'));
      reports.push(report);
      const staged = q.staging();
      writeAsEncoder(staged, report, 500);
      q.append(staged, 100 + r);
    }
    const bytes = q.bytes;
    assert.ok(
      q.heldBytes <= bytes + 4 * MiB,
      `held ${q.heldBytes} for ${bytes}: at most a chunk's room left behind each large report`,
    );
    assert.deepEqual(q.takeAll(), reports.flat());
    assert.equal(q.heldBytes, 0);
  });
});
