// The bytes of the items an ItemQueue holds: UTF-8, each followed by a newline, in Buffers
// of 1 MiB (outside the V8 heap). Held as strings, a backlog of a million items was a
// million objects for every full collection to mark and move (1.4 GB of heap, pauses of
// seconds at 10,000 groups); as bytes it is a few hundred Buffers the collector does not
// look into.
//
// A chunk whose items are all taken is kept for reuse, up to as many chunks as the last
// push filled, and let go beyond that: V8 counts Buffers as external memory and starts a
// full collection for every 64 MB of new ones (measured: a full collection every few
// ticks, each as long as a collection of the whole heap, while a sink simply keeps up).
// Reused, a steady flow allocates nothing, and what is kept is bounded by one push (one
// tick's items for the sink), not by the longest backlog.
//
// The chunks keep no per-item record: the queue hands each call the items' byte lengths
// and flags (what it keeps anyway to count bytes), and items are read back in the order
// they were written.

/** Bytes of a chunk (an item larger than this gets a chunk of its own size). */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A run of ASCII items is decoded as one string of about this many bytes at most. Measured
 * (bench/queue.ts): runs of up to a whole batch (1 MB) took 2 to 3 times as long; a string
 * that large is allocated and paged in afresh each time (as item-writer.ts found).
 */
const RUN_BYTES = 16 * 1024;

/** Item flag: the item has a byte >= 0x80 (it is decoded as UTF-8 by itself). */
export const NON_ASCII = 1;
/** Item flag: the item is not in the chunks (the queue keeps it as a string). */
export const ON_SIDE = 2;

interface Chunk {
  readonly buf: Buffer;
  /** Bytes written. */
  written: number;
  /** Where the next item to take begins. */
  read: number;
  /** Items written and not yet taken. */
  items: number;
}

/**
 * Emptied chunks kept for reuse, shared by a queue and the queues it stages reports in
 * (item-queue.ts): a staged report's chunks are taken from it and, once sent, go back to it.
 */
export class ChunkPool {
  readonly spare: Buffer[] = [];
  /** Chunks kept at most. */
  max = 0;

  get bytes(): number {
    return this.spare.length * CHUNK_BYTES;
  }

  /** A push of `bytes` ended: keep that much of emptied chunks for the next one. */
  pushed(bytes: number): void {
    this.max = Math.ceil(bytes / CHUNK_BYTES);
    if (this.spare.length > this.max) this.spare.length = this.max;
  }

  /** A chunk no longer needed: kept if the pool has room. */
  release(buf: Buffer): void {
    if (buf.length === CHUNK_BYTES && this.spare.length < this.max) this.spare.push(buf);
  }
}

export class ItemChunks {
  #chunks: Chunk[] = [];
  #heldBytes = 0;
  readonly #pool: ChunkPool;

  constructor(pool: ChunkPool = new ChunkPool()) {
    this.#pool = pool;
  }

  get pool(): ChunkPool {
    return this.#pool;
  }

  /** Bytes of the Buffers holding items (theirs, and the room left in the last chunk). */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** Bytes of the emptied chunks kept for reuse. */
  get spareBytes(): number {
    return this.#pool.bytes;
  }

  /** A push of `bytes` ended: keep that much of emptied chunks for the next one. */
  pushed(bytes: number): void {
    this.#pool.pushed(bytes);
  }

  /**
   * Copies `count` items, UTF-8 in `bytes[0, ends[count - 1])` one after the other (ItemTarget's
   * layout), after the last one: whole runs of items at once, a chunk ending between items.
   */
  appendRun(bytes: Buffer, ends: readonly number[], count: number): void {
    let i = 0;
    let start = 0;
    while (i < count) {
      let chunk = this.#chunks[this.#chunks.length - 1];
      if (chunk === undefined || ends[i]! - start > chunk.buf.length - chunk.written) {
        chunk = this.#add(Math.max(CHUNK_BYTES, ends[i]! - start));
        this.#chunks.push(chunk);
      }
      const room = chunk.buf.length - chunk.written;
      // Every item that fits; the first one does.
      let j = i + 1;
      while (j < count && ends[j]! - start <= room) j++;
      const end = ends[j - 1]!;
      bytes.copy(chunk.buf, chunk.written, start, end);
      chunk.written += end - start;
      chunk.items += j - i;
      start = end;
      i = j;
    }
  }

  /**
   * Every item of `other` after the last one of these, in order; `other` is left empty. Its
   * chunks are moved, not copied, but a first chunk that fits in the room left in the last
   * chunk here is copied into it: otherwise every append of a small report took a chunk of
   * its own, a mebibyte a report in a backlog of them. (A report of more than a chunk leaves
   * at most its last chunk's room.)
   */
  moveFrom(other: ItemChunks): void {
    const last = this.#chunks[this.#chunks.length - 1];
    const first = other.#chunks[0];
    if (last !== undefined && first !== undefined) {
      const bytes = first.written - first.read;
      if (bytes <= last.buf.length - last.written) {
        first.buf.copy(last.buf, last.written, first.read, first.written);
        last.written += bytes;
        last.items += first.items;
        other.#chunks.shift();
        other.#heldBytes -= first.buf.length;
        this.#pool.release(first.buf);
      }
    }
    for (const chunk of other.#chunks) this.#chunks.push(chunk);
    this.#heldBytes += other.#heldBytes;
    other.#chunks = [];
    other.#heldBytes = 0;
  }

  /** Lets every item go, unread (their chunks go back to the pool). */
  clear(): void {
    for (const chunk of this.#chunks) this.#pool.release(chunk.buf);
    this.#chunks = [];
    this.#heldBytes = 0;
  }

  /**
   * Writes the item and its newline after the last one; returns its UTF-8 length (without
   * the newline). It must be well-formed.
   */
  append(item: string): number {
    let chunk = this.#chunks[this.#chunks.length - 1];
    // Three bytes per UTF-16 code unit at most: room for that needs no count first.
    if (chunk === undefined || chunk.buf.length - chunk.written < item.length * 3 + 1) {
      const bytes = Buffer.byteLength(item, 'utf8') + 1;
      if (chunk === undefined || chunk.buf.length - chunk.written < bytes) {
        chunk = this.#add(Math.max(CHUNK_BYTES, bytes));
        this.#chunks.push(chunk);
      }
    }
    const bytes = chunk.buf.write(item, chunk.written, 'utf8');
    chunk.buf[chunk.written + bytes] = 0x0a;
    chunk.written += bytes + 1;
    chunk.items++;
    return bytes;
  }

  /** Writes the items before the first one, in a chunk of their size; returns their lengths. */
  prepend(items: readonly string[]): number[] {
    if (items.length === 0) return [];
    let total = 0;
    for (const item of items) total += Buffer.byteLength(item, 'utf8') + 1;
    const chunk = this.#add(total);
    const lengths = items.map((item) => {
      const bytes = chunk.buf.write(item, chunk.written, 'utf8');
      chunk.buf[chunk.written + bytes] = 0x0a;
      chunk.written += bytes + 1;
      return bytes;
    });
    chunk.items = items.length;
    this.#chunks.unshift(chunk);
    return lengths;
  }

  /**
   * Takes the items at `from` to `to` of the queue's records (byte lengths and flags) into
   * out[0..], skipping those ON_SIDE. A run of ASCII items of one chunk is decoded at once
   * and sliced (one string for the run instead of one per item: half the time).
   */
  take(lengths: Uint32Array, flags: Uint8Array, from: number, to: number, out: string[]): void {
    let i = from;
    while (i < to) {
      if ((flags[i]! & ON_SIDE) !== 0) {
        i++;
        continue;
      }
      const chunk = this.#chunks[0]!;
      const start = chunk.read;
      if ((flags[i]! & NON_ASCII) !== 0) {
        const end = start + lengths[i]!;
        out[i - from] = chunk.buf.toString('utf8', start, end);
        this.#taken(chunk, end + 1, 1);
        i++;
        continue;
      }
      let end = start;
      let count = 0;
      let j = i;
      for (; j < to && count < chunk.items && end - start < RUN_BYTES; j++) {
        const flag = flags[j]!;
        if ((flag & ON_SIDE) !== 0) continue;
        if ((flag & NON_ASCII) !== 0) break;
        end += lengths[j]! + 1;
        count++;
      }
      const text = chunk.buf.toString('latin1', start, end);
      let at = 0;
      for (let k = i; k < j; k++) {
        if ((flags[k]! & ON_SIDE) !== 0) continue;
        const next = at + lengths[k]!;
        out[k - from] = text.slice(at, next);
        at = next + 1;
      }
      this.#taken(chunk, end, count);
      i = j;
    }
  }

  /**
   * Takes the items at `from` to `to` of the queue's records, each with its newline, into
   * `out` from 0, as held: a run of one chunk is one copy. An item ON_SIDE is written by
   * `side(i, at)` (it returns the bytes written) where it belongs between them.
   */
  copyOut(
    lengths: Uint32Array,
    flags: Uint8Array,
    from: number,
    to: number,
    out: Buffer,
    side: (i: number, at: number) => number,
  ): void {
    let pos = 0;
    let i = from;
    while (i < to) {
      if ((flags[i]! & ON_SIDE) !== 0) {
        pos += side(i, pos);
        i++;
        continue;
      }
      const chunk = this.#chunks[0]!;
      const start = chunk.read;
      let end = start;
      let count = 0;
      let j = i;
      for (; j < to && count < chunk.items && (flags[j]! & ON_SIDE) === 0; j++) {
        end += lengths[j]! + 1;
        count++;
      }
      pos += chunk.buf.copy(out, pos, start, end);
      this.#taken(chunk, end, count);
      i = j;
    }
  }

  #add(bytes: number): Chunk {
    this.#heldBytes += bytes;
    const spare = bytes === CHUNK_BYTES ? this.#pool.spare.pop() : undefined;
    return { buf: spare ?? Buffer.allocUnsafeSlow(bytes), written: 0, read: 0, items: 0 };
  }

  /** `count` items of the first chunk, up to `end`, are taken; an emptied chunk is set aside. */
  #taken(chunk: Chunk, end: number, count: number): void {
    chunk.read = end;
    chunk.items -= count;
    if (chunk.items > 0) return;
    this.#chunks.shift();
    this.#heldBytes -= chunk.buf.length;
    this.#pool.release(chunk.buf);
  }
}
