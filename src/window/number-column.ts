// A growable run of float64s, and a reader over one: how the window store exports its
// numbers (samples, offsets, times), copied in bulk rather than as an object each.

export class NumberColumn {
  #data: Float64Array;
  #length = 0;

  /**
   * `expected`: how many numbers will be pushed; then no copy is ever made. `reuse`: an
   * array nobody reads any more, written over when it is long enough (a fresh one of tens
   * of MB per export costs a major garbage collection of the whole heap).
   */
  constructor(expected = 1 << 16, reuse?: Float64Array) {
    const length = Math.max(1, expected);
    this.#data =
      reuse && reuse.buffer.byteLength >= length * 8
        ? new Float64Array(reuse.buffer)
        : new Float64Array(length);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) this.#grow(1);
    this.#data[this.#length++] = value;
  }

  /**
   * Room for `count` more numbers: the array to write them into, from `length` on; then
   * `advance` to where the writing ended. Lets a hot loop write without a call per number.
   */
  reserve(count: number): Float64Array {
    if (this.#length + count > this.#data.length) this.#grow(count);
    return this.#data;
  }

  /** After writing into `reserve`'s array: the column now ends at `end`. */
  advance(end: number): void {
    if (end < this.#length || end > this.#data.length) {
      throw new RangeError(`cannot end the column at ${end}`);
    }
    this.#length = end;
  }

  /** The numbers pushed: a view of the column's own array (no copy). */
  toArray(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }

  #grow(atLeast: number): void {
    const next = new Float64Array(Math.max(this.#data.length * 2, this.#length + atLeast));
    next.set(this.#data.subarray(0, this.#length));
    this.#data = next;
  }
}

/** Thrown when a column ends early or a count is impossible: what was read is damaged. */
export class ColumnOverrun extends RangeError {}

export class NumberReader {
  readonly #data: Float64Array;
  #at = 0;

  constructor(data: Float64Array) {
    this.#data = data;
  }

  get remaining(): number {
    return this.#data.length - this.#at;
  }

  next(): number {
    if (this.#at >= this.#data.length) throw new ColumnOverrun('the numbers end early');
    return this.#data[this.#at++]!;
  }

  /** A count, then that many values: a view of them (no copy). */
  run(): Float64Array {
    const count = this.next();
    if (!Number.isInteger(count) || count < 0 || count > this.remaining) {
      throw new ColumnOverrun(`a run of ${count} numbers does not fit`);
    }
    const out = this.#data.subarray(this.#at, this.#at + count);
    this.#at += count;
    return out;
  }
}
