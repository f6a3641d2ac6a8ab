// The items of one request, as the transport sends them: UTF-8 bytes, each item followed by
// a newline, in one Buffer, and where each item ends. A newline-delimited body (InfluxDB's
// line protocol) is these bytes as they are; Elasticsearch's bulk body is made from them
// item by item without decoding them. Taken so from the queue's chunks, a part is a copy
// of a few runs of bytes: no string per item for the collector, nothing to encode again.
//
// An item with a lone surrogate has no UTF-8 form: its bytes are what UTF-8 encoders write
// for it (U+FFFD, as the HTTP client wrote it when the body was a string), and the part
// keeps the item itself beside them, so that item() gives back exactly what was queued.

export class ItemPart {
  readonly #bytes: Buffer;
  /** Where each item ends, after its newline; item i starts where item i - 1 ends. */
  readonly #ends: Uint32Array;
  /** Items with a lone surrogate, by index. */
  readonly #side: ReadonlyMap<number, string> | null;

  constructor(bytes: Buffer, ends: Uint32Array, side: ReadonlyMap<number, string> | null = null) {
    this.#bytes = bytes;
    this.#ends = ends;
    this.#side = side === null || side.size === 0 ? null : side;
  }

  /** A part of these items (tests, the spool: items read back as strings). */
  static of(items: readonly string[]): ItemPart {
    let total = 0;
    for (const item of items) total += Buffer.byteLength(item, 'utf8') + 1;
    const bytes = Buffer.allocUnsafe(total);
    const ends = new Uint32Array(items.length);
    const side = new Map<number, string>();
    let pos = 0;
    items.forEach((item, i) => {
      pos += bytes.write(item, pos, 'utf8');
      bytes[pos++] = 0x0a;
      ends[i] = pos;
      if (!isWellFormed(item)) side.set(i, item);
    });
    return new ItemPart(bytes, ends, side);
  }

  get length(): number {
    return this.#ends.length;
  }

  /** Bytes of the items, a newline each. */
  get byteLength(): number {
    return this.length === 0 ? 0 : this.#ends[this.length - 1]!;
  }

  /** Every item, a newline after each: a newline-delimited body. */
  get body(): Buffer {
    return this.#bytes.subarray(0, this.byteLength);
  }

  /** Where item i's bytes start. */
  start(i: number): number {
    return i === 0 ? 0 : this.#ends[i - 1]!;
  }

  /** Where item i's bytes end, before its newline. */
  end(i: number): number {
    return this.#ends[i]! - 1;
  }

  /** The part's bytes (items from start(i) to end(i)); not to be changed. */
  get bytes(): Buffer {
    return this.#bytes;
  }

  /** Item i as the string that was queued. */
  item(i: number): string {
    return this.#side?.get(i) ?? this.#bytes.toString('utf8', this.start(i), this.end(i));
  }

  /** Every item, as strings (the spool, tests). */
  strings(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.item(i));
  }

  /** Items from..to (exclusive), sharing these bytes. */
  slice(from: number, to: number): ItemPart {
    const start = this.start(from);
    const ends = this.#ends.slice(from, to);
    for (let i = 0; i < ends.length; i++) ends[i]! -= start;
    let side: Map<number, string> | null = null;
    if (this.#side !== null) {
      side = new Map();
      for (const [i, item] of this.#side) if (i >= from && i < to) side.set(i - from, item);
    }
    return new ItemPart(this.#bytes.subarray(start, this.#ends[to - 1] ?? start), ends, side);
  }

  /** The items at these indexes, in this order (a copy). */
  pick(indexes: readonly number[]): ItemPart {
    let total = 0;
    for (const i of indexes) total += this.#ends[i]! - this.start(i);
    const bytes = Buffer.allocUnsafe(total);
    const ends = new Uint32Array(indexes.length);
    const side = new Map<number, string>();
    let pos = 0;
    indexes.forEach((i, k) => {
      pos += this.#bytes.copy(bytes, pos, this.start(i), this.#ends[i]);
      ends[k] = pos;
      const item = this.#side?.get(i);
      if (item !== undefined) side.set(k, item);
    });
    return new ItemPart(bytes, ends, side);
  }
}

/** String.prototype.isWellFormed (Node 20; the ES2024 library is not in tsconfig's lib). */
export function isWellFormed(item: string): boolean {
  return (item as unknown as { isWellFormed(): boolean }).isWellFormed();
}
