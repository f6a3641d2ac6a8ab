// A growable run of float64s, and a reader over one: the numeric half of the state file
// (samples, offsets, times), copied in bulk instead of one JSON token at a time.

export class NumberColumn {
  #data = new Float64Array(1 << 16);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#data.length) this.#grow(1);
    this.#data[this.#length++] = value;
  }

  /** The count, then the values. */
  pushRun(values: Float64Array): void {
    this.push(values.length);
    if (this.#length + values.length > this.#data.length) this.#grow(values.length);
    this.#data.set(values, this.#length);
    this.#length += values.length;
  }

  /** The numbers so far (a view: valid until the next push). */
  view(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }

  #grow(atLeast: number): void {
    const next = new Float64Array(Math.max(this.#data.length * 2, this.#length + atLeast));
    next.set(this.#data.subarray(0, this.#length));
    this.#data = next;
  }
}

/** Thrown when a column ends early or a count is impossible: the file is damaged. */
export class ColumnOverrun extends Error {}

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

  /** What `pushRun` wrote: a copy of the values. */
  run(): Float64Array {
    const count = this.next();
    if (!Number.isInteger(count) || count < 0 || count > this.remaining) {
      throw new ColumnOverrun(`a run of ${count} numbers does not fit`);
    }
    const out = this.#data.slice(this.#at, this.#at + count);
    this.#at += count;
    return out;
  }
}
