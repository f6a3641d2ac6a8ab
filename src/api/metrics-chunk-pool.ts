// The chunks /metrics' text is written into, kept from one rendering to the next. A rendering
// at 100,000 group-partitions writes about 50 MB of text; in fresh 256 KB Buffers that was
// 50 MB of memory outside the heap a rendering, and V8 answers that much new outside memory
// with collections of its own ("external memory pressure"): full collections that marked
// the whole heap while a tick's data was alive, and so freed nothing. A chunk comes back
// here once its reader is done with it (zlib has compressed it), so a rendering fills the
// same few chunks again and again.

export const CHUNK_BYTES = 256 * 1024;

/** Chunks kept for reuse: a reader holds one or two at a time (zlib takes one, then drains). */
export const KEPT_CHUNKS = 8;

export class ChunkPool {
  readonly #free: Buffer[] = [];
  #made = 0;

  /** A chunk of at least `bytes` (CHUNK_BYTES unless a single write needs more). */
  take(bytes = CHUNK_BYTES): Buffer {
    if (bytes <= CHUNK_BYTES) {
      const chunk = this.#free.pop();
      if (chunk !== undefined) return chunk;
    }
    this.#made++;
    return Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
  }

  /** `chunk` (one `take` gave) is free again: nobody reads or keeps it any more. */
  give(chunk: Buffer): void {
    if (chunk.length === CHUNK_BYTES && this.#free.length < KEPT_CHUNKS) this.#free.push(chunk);
  }

  /** Chunks allocated so far (not taken from the pool). */
  get made(): number {
    return this.#made;
  }

  /** Drops the kept chunks (nobody renders any more). */
  clear(): void {
    this.#free.length = 0;
  }
}
