// A growable run of float64s, and a reader over one: how the window store exports its
// numbers (samples, offsets, times), copied in bulk rather than as an object each.

export class NumberColumn {
  #data: Float64Array;
  #length = 0;

  /** `expected`: how many numbers will be pushed; then no copy is ever made. */
  constructor(expected = 1 << 16) {
    this.#data = new Float64Array(Math.max(1, expected));
  }

  push(value: number): void {
    if (this.#length === this.#data.length) this.#grow(1);
    this.#data[this.#length++] = value;
  }

  /** Copies `count` numbers of `source` from `from`. */
  pushRange(source: Float64Array, from: number, count: number): void {
    if (this.#length + count > this.#data.length) this.#grow(count);
    const data = this.#data;
    let at = this.#length;
    for (let i = from; i < from + count; i++) data[at++] = source[i]!;
    this.#length = at;
  }

  /** The numbers pushed, in an array of their own (the column's, when it was sized right). */
  toArray(): Float64Array {
    return this.#length === this.#data.length ? this.#data : this.#data.slice(0, this.#length);
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
