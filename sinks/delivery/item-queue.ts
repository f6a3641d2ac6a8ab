// The in-memory FIFO of items waiting to be sent. An item is one line of text (a point in
// line protocol, a bulk document); the queue counts items and bytes and remembers when
// the oldest item arrived, which is what batching by count, bytes and interval needs.
//
// The items wait as UTF-8 bytes outside the V8 heap (item-chunks.ts says why), with a
// byte length and a flag byte each in typed arrays (item-records.ts): nothing per item for
// the garbage collector. The encoders write their bytes in (it is an ItemTarget, and a
// report is staged in a queue of its own, then appended whole); a request's items are
// taken out as bytes (takePart); strings are made only where strings are asked for (take:
// the spool, tests).
//
// An item with a lone surrogate has no UTF-8 form. The encoders make such items only in
// line protocol (item-writer.ts); the queue keeps them as they are, as strings beside the
// bytes, so that what is taken is exactly what was pushed (in a request's bytes they are
// what UTF-8 encoders write for them: item-part.ts).
import type { ItemTarget } from '../item-target.js';
import { ChunkPool, ItemChunks, NON_ASCII, ON_SIDE } from './item-chunks.js';
import { isWellFormed, ItemPart } from './item-part.js';
import { ItemRecords } from './item-records.js';

/** Bytes an item takes in a request body or in the spool: its UTF-8 length plus a newline. */
export function itemBytes(item: string): number {
  return Buffer.byteLength(item, 'utf8') + 1;
}

/** Items in consecutive parts of at most `maxItems` and `maxBytes` (at least one item each). */
export function splitParts(
  items: readonly string[],
  maxItems: number,
  maxBytes: number,
): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = itemBytes(item);
    if (part.length > 0 && (part.length >= maxItems || bytes + size > maxBytes)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

interface Arrival {
  /** Sequence number one past the last item of this push. */
  readonly end: number;
  readonly at: number;
}

export class ItemQueue implements ItemTarget {
  readonly #chunks: ItemChunks;
  readonly #records = new ItemRecords();
  /** Sequence number of the oldest item (items are numbered as pushed; pushFront counts back). */
  #headSeq = 0;
  /** Items with a lone surrogate, by sequence number. */
  readonly #side = new Map<number, string>();
  #bytes = 0;
  #arrivals: Arrival[] = [];

  constructor(pool: ChunkPool = new ChunkPool()) {
    this.#chunks = new ItemChunks(pool);
  }

  /**
   * An empty queue to write a report's items into until they are all there, then `append`
   * them here at once (or `clear` them). It takes its chunks from this queue's spare ones,
   * and they come back here once sent: a steady flow of reports allocates nothing.
   */
  staging(): ItemQueue {
    return new ItemQueue(this.#chunks.pool);
  }

  get length(): number {
    return this.#records.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Bytes of the Buffers holding the items (outside the V8 heap); 0 once all are taken. */
  get heldBytes(): number {
    return this.#chunks.heldBytes;
  }

  /** Bytes of emptied Buffers kept for the next push (at most the last push's bytes). */
  get spareBytes(): number {
    return this.#chunks.spareBytes;
  }

  /** When the oldest waiting item was pushed, or null when empty. */
  get oldestAt(): number | null {
    return this.length === 0 ? null : (this.#arrivals[0]?.at ?? null);
  }

  push(items: readonly string[], now: number = Date.now()): void {
    if (items.length === 0) return;
    this.#chunks.pushed(this.#write(items));
    this.#arrivals.push({ end: this.#headSeq + this.length, at: now });
  }

  /** Writes the items after the newest; returns their bytes. */
  #write(items: readonly string[]): number {
    const records = this.#records;
    records.roomAfter(items.length);
    const { lengths, flags } = records;
    let tail = records.tail;
    let bytes = 0;
    for (const item of items) {
      let length: number;
      let flag = 0;
      if (isWellFormed(item)) {
        length = this.#chunks.append(item);
        if (length !== item.length) flag = NON_ASCII;
      } else {
        length = Buffer.byteLength(item, 'utf8');
        flag = ON_SIDE;
        this.#side.set(this.#headSeq + tail - records.head, item);
      }
      lengths[tail] = length;
      flags[tail] = flag;
      tail++;
      bytes += length + 1;
    }
    records.tail = tail;
    this.#bytes += bytes;
    return bytes;
  }

  /** ItemTarget: items as bytes, copied in runs (no string is made of them). */
  items(bytes: Buffer, ends: readonly number[], count: number, nonAscii: boolean): void {
    if (count === 0) return;
    const records = this.#records;
    records.roomAfter(count);
    const { lengths, flags } = records;
    const tail = records.tail;
    // Items of a run with a byte >= 0x80 are all flagged: each is then decoded by itself
    // when taken (an ASCII one gives the same text so).
    const flag = nonAscii ? NON_ASCII : 0;
    let start = 0;
    for (let i = 0; i < count; i++) {
      const end = ends[i]!;
      lengths[tail + i] = end - start - 1;
      flags[tail + i] = flag;
      start = end;
    }
    this.#chunks.appendRun(bytes, ends, count);
    records.tail = tail + count;
    this.#bytes += start;
    this.#arrived(Date.now());
  }

  /** ItemTarget: one item as a string. */
  string(item: string): void {
    this.#write([item]);
    this.#arrived(Date.now());
  }

  /**
   * Every item of `staged` (a queue from staging()) after the newest ones here, as pushed at
   * `now`; `staged` is left empty. Its chunks become this queue's (a small report's bytes are
   * copied into the room of the last chunk here instead).
   */
  append(staged: ItemQueue, now: number = Date.now()): void {
    const n = staged.length;
    if (n === 0) return;
    const records = this.#records;
    records.roomAfter(n);
    const from = staged.#records;
    records.lengths.set(from.lengths.subarray(from.head, from.tail), records.tail);
    records.flags.set(from.flags.subarray(from.head, from.tail), records.tail);
    const firstSeq = this.#headSeq + this.length;
    for (const [seq, item] of staged.#side) this.#side.set(firstSeq + seq - staged.#headSeq, item);
    records.tail += n;
    this.#bytes += staged.#bytes;
    this.#chunks.moveFrom(staged.#chunks);
    this.#chunks.pushed(staged.#bytes);
    this.#arrivals.push({ end: this.#headSeq + this.length, at: now });
    staged.#reset();
  }

  /** Lets every item go, unsent (a report whose encoding failed). */
  clear(): void {
    this.#chunks.clear();
    this.#reset();
  }

  #reset(): void {
    this.#records.drop(this.length);
    this.#headSeq = 0;
    this.#side.clear();
    this.#bytes = 0;
    this.#arrivals = [];
  }

  /** Items up to the newest arrived at `now` (one record for items arriving in the same ms). */
  #arrived(now: number): void {
    const end = this.#headSeq + this.length;
    const last = this.#arrivals[this.#arrivals.length - 1];
    if (last !== undefined && last.at === now)
      this.#arrivals[this.#arrivals.length - 1] = { end, at: now };
    else this.#arrivals.push({ end, at: now });
  }

  /**
   * Takes the oldest items: at most `maxItems`, and at most `maxBytes` unless the first
   * item alone is larger (it is then taken alone, so that nothing is stuck forever).
   */
  take(maxItems: number, maxBytes: number): string[] {
    const { count, bytes } = this.#fitting(maxItems, maxBytes);
    return this.#remove(count, bytes);
  }

  /**
   * As take, but the items as the bytes of one request (item-part.ts): no string each.
   * `allocate`: where the part's Buffer comes from (a pool's, reused once it is sent).
   */
  takePart(
    maxItems: number,
    maxBytes: number,
    allocate: (bytes: number) => Buffer = (bytes) => Buffer.allocUnsafe(bytes),
  ): ItemPart {
    const { count, bytes } = this.#fitting(maxItems, maxBytes);
    const { lengths, flags, head } = this.#records;
    const out = allocate(bytes);
    const ends = new Uint32Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) ends[i] = end += lengths[head + i]! + 1;
    let side: Map<number, string> | null = null;
    this.#chunks.copyOut(lengths, flags, head, head + count, out, (i, at) => {
      const seq = this.#headSeq + i - head;
      const item = this.#side.get(seq)!;
      this.#side.delete(seq);
      (side ??= new Map()).set(i - head, item);
      const written = out.write(item, at, 'utf8');
      out[at + written] = 0x0a;
      return written + 1;
    });
    this.#dropped(count, bytes);
    return new ItemPart(out, ends, side);
  }

  /** How many of the oldest items take(maxItems, maxBytes) takes, and their bytes. */
  #fitting(maxItems: number, maxBytes: number): { count: number; bytes: number } {
    const { lengths, head } = this.#records;
    const available = this.length;
    let count = 0;
    let bytes = 0;
    while (count < maxItems && count < available) {
      const size = lengths[head + count]! + 1;
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    return { count, bytes };
  }

  /** Takes the `count` oldest items, whatever their size. */
  takeOldest(count: number): string[] {
    const n = Math.max(0, Math.min(count, this.length));
    return this.#remove(n, this.#records.bytesOf(n));
  }

  takeAll(): string[] {
    return this.takeOldest(this.length);
  }

  /** Puts taken items back before the oldest, as pushed at `at` (rare: may copy the records). */
  pushFront(items: readonly string[], at: number): void {
    const n = items.length;
    if (n === 0) return;
    const records = this.#records;
    records.roomBefore(n);
    const first = records.head - n;
    const { lengths, flags } = records;
    const firstSeq = this.#headSeq - n;
    const wellFormed = items.filter(isWellFormed);
    const written = this.#chunks.prepend(wellFormed);
    let w = 0;
    let bytes = 0;
    items.forEach((item, i) => {
      if (isWellFormed(item)) {
        lengths[first + i] = written[w++]!;
        flags[first + i] = lengths[first + i] === item.length ? 0 : NON_ASCII;
      } else {
        lengths[first + i] = Buffer.byteLength(item, 'utf8');
        flags[first + i] = ON_SIDE;
        this.#side.set(firstSeq + i, item);
      }
      bytes += lengths[first + i]! + 1;
    });
    records.head = first;
    this.#headSeq = firstSeq;
    this.#bytes += bytes;
    this.#arrivals.unshift({ end: firstSeq + n, at });
  }

  #remove(count: number, bytes: number): string[] {
    const { lengths, flags, head } = this.#records;
    const taken = new Array<string>(count);
    this.#chunks.take(lengths, flags, head, head + count, taken);
    if (this.#side.size > 0) {
      for (let i = 0; i < count; i++) {
        if (flags[head + i] !== ON_SIDE) continue;
        const seq = this.#headSeq + i;
        taken[i] = this.#side.get(seq)!;
        this.#side.delete(seq);
      }
    }
    this.#dropped(count, bytes);
    return taken;
  }

  /** The `count` oldest records, of `bytes`, are taken. */
  #dropped(count: number, bytes: number): void {
    this.#records.drop(count);
    this.#headSeq += count;
    this.#bytes -= bytes;
    const arrivals = this.#arrivals;
    let done = 0;
    while (done < arrivals.length && arrivals[done]!.end <= this.#headSeq) done++;
    if (done > 0) arrivals.splice(0, done);
    if (this.length === 0) this.#arrivals = [];
  }
}
