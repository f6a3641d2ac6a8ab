// The in-memory FIFO of items waiting to be sent. An item is one line of text (a point in
// line protocol, a bulk document); the queue counts items and bytes and remembers when
// the oldest item arrived, which is what batching by count, bytes and interval needs.
//
// The items wait as UTF-8 bytes outside the V8 heap (item-chunks.ts says why), with a
// byte length and a flag byte each in typed arrays: 5 bytes per item beside its text, and
// nothing per item for the garbage collector. They become strings again when taken.
//
// An item with a lone surrogate has no UTF-8 form. The encoders make such items only in
// line protocol (item-writer.ts), and they are written as strings by the transport; the
// queue keeps them as they are, as strings beside the bytes, so that what is taken is
// exactly what was pushed.
import { ItemChunks, NON_ASCII, ON_SIDE } from './item-chunks.js';

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

/** Records kept for an empty queue; a larger table is let go once the queue empties. */
const INITIAL_RECORDS = 1024;

/** String.prototype.isWellFormed (Node 20; the ES2024 library is not in tsconfig's lib). */
interface MaybeWellFormed {
  isWellFormed(): boolean;
}

export class ItemQueue {
  readonly #chunks = new ItemChunks();
  /** Per item, oldest first from #head to #tail: its UTF-8 length and flags (item-chunks.ts). */
  #lengths = new Uint32Array(INITIAL_RECORDS);
  #flags = new Uint8Array(INITIAL_RECORDS);
  #head = 0;
  #tail = 0;
  /** Sequence number of the item at #head (items are numbered as pushed; pushFront counts back). */
  #headSeq = 0;
  /** Items with a lone surrogate, by sequence number. */
  readonly #side = new Map<number, string>();
  #bytes = 0;
  #arrivals: Arrival[] = [];

  get length(): number {
    return this.#tail - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Bytes of the Buffers holding the items (outside the V8 heap); 0 once all are taken. */
  get heldBytes(): number {
    return this.#chunks.heldBytes;
  }

  /** When the oldest waiting item was pushed, or null when empty. */
  get oldestAt(): number | null {
    return this.length === 0 ? null : (this.#arrivals[0]?.at ?? null);
  }

  push(items: readonly string[], now: number = Date.now()): void {
    if (items.length === 0) return;
    this.#room(items.length);
    const lengths = this.#lengths;
    const flags = this.#flags;
    let tail = this.#tail;
    let bytes = 0;
    for (const item of items) {
      let length: number;
      let flag = 0;
      if ((item as unknown as MaybeWellFormed).isWellFormed()) {
        length = this.#chunks.append(item);
        if (length !== item.length) flag = NON_ASCII;
      } else {
        length = Buffer.byteLength(item, 'utf8');
        flag = ON_SIDE;
        this.#side.set(this.#headSeq + tail - this.#head, item);
      }
      lengths[tail] = length;
      flags[tail] = flag;
      tail++;
      bytes += length + 1;
    }
    this.#tail = tail;
    this.#bytes += bytes;
    this.#arrivals.push({ end: this.#headSeq + this.length, at: now });
  }

  /**
   * Takes the oldest items: at most `maxItems`, and at most `maxBytes` unless the first
   * item alone is larger (it is then taken alone, so that nothing is stuck forever).
   */
  take(maxItems: number, maxBytes: number): string[] {
    const lengths = this.#lengths;
    const head = this.#head;
    const available = this.length;
    let count = 0;
    let bytes = 0;
    while (count < maxItems && count < available) {
      const size = lengths[head + count]! + 1;
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    return this.#remove(count, bytes);
  }

  /** Takes the `count` oldest items, whatever their size. */
  takeOldest(count: number): string[] {
    const n = Math.max(0, Math.min(count, this.length));
    let bytes = 0;
    for (let i = this.#head; i < this.#head + n; i++) bytes += this.#lengths[i]! + 1;
    return this.#remove(n, bytes);
  }

  takeAll(): string[] {
    return this.takeOldest(this.length);
  }

  /** Puts taken items back before the oldest, as pushed at `at` (rare: copies the records). */
  pushFront(items: readonly string[], at: number): void {
    const n = items.length;
    if (n === 0) return;
    const length = this.length;
    const lengths = new Uint32Array(Math.max(INITIAL_RECORDS, capacityFor(length + n)));
    const flags = new Uint8Array(lengths.length);
    lengths.set(this.#lengths.subarray(this.#head, this.#tail), n);
    flags.set(this.#flags.subarray(this.#head, this.#tail), n);
    const firstSeq = this.#headSeq - n;
    const wellFormed: string[] = [];
    let bytes = 0;
    items.forEach((item, i) => {
      if ((item as unknown as MaybeWellFormed).isWellFormed()) {
        wellFormed.push(item);
        flags[i] = item.length === Buffer.byteLength(item, 'utf8') ? 0 : NON_ASCII;
      } else {
        lengths[i] = Buffer.byteLength(item, 'utf8');
        flags[i] = ON_SIDE;
        this.#side.set(firstSeq + i, item);
      }
    });
    const written = this.#chunks.prepend(wellFormed);
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (flags[i] !== ON_SIDE) lengths[i] = written[w++]!;
      bytes += lengths[i]! + 1;
    }
    this.#lengths = lengths;
    this.#flags = flags;
    this.#head = 0;
    this.#tail = n + length;
    this.#headSeq = firstSeq;
    this.#bytes += bytes;
    this.#arrivals.unshift({ end: firstSeq + n, at });
  }

  #remove(count: number, bytes: number): string[] {
    const head = this.#head;
    const taken = new Array<string>(count);
    this.#chunks.take(this.#lengths, this.#flags, head, head + count, taken);
    if (this.#side.size > 0) {
      for (let i = 0; i < count; i++) {
        if (this.#flags[head + i] !== ON_SIDE) continue;
        const seq = this.#headSeq + i;
        taken[i] = this.#side.get(seq)!;
        this.#side.delete(seq);
      }
    }
    this.#head += count;
    this.#headSeq += count;
    this.#bytes -= bytes;
    const arrivals = this.#arrivals;
    let done = 0;
    while (done < arrivals.length && arrivals[done]!.end <= this.#headSeq) done++;
    if (done > 0) arrivals.splice(0, done);
    if (this.#head === this.#tail) this.#reset();
    return taken;
  }

  /** Room for `n` more records after #tail: the live ones move to the front, or to a larger table. */
  #room(n: number): void {
    if (this.#tail + n <= this.#lengths.length) return;
    const length = this.length;
    const needed = length + n;
    if (needed * 2 > this.#lengths.length) {
      const lengths = new Uint32Array(capacityFor(needed));
      const flags = new Uint8Array(lengths.length);
      lengths.set(this.#lengths.subarray(this.#head, this.#tail));
      flags.set(this.#flags.subarray(this.#head, this.#tail));
      this.#lengths = lengths;
      this.#flags = flags;
    } else {
      this.#lengths.copyWithin(0, this.#head, this.#tail);
      this.#flags.copyWithin(0, this.#head, this.#tail);
    }
    this.#head = 0;
    this.#tail = length;
  }

  #reset(): void {
    this.#head = 0;
    this.#tail = 0;
    this.#arrivals = [];
    if (this.#lengths.length > INITIAL_RECORDS) {
      this.#lengths = new Uint32Array(INITIAL_RECORDS);
      this.#flags = new Uint8Array(INITIAL_RECORDS);
    }
  }
}

/** A table size with room for `n` records and as many more: a power of two (growth is amortised). */
function capacityFor(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(2 * n, 2)));
}
