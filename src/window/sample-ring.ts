// The last N consumer samples of one group-partition, in one flat Float64Array
// (offset, timestamp, lag for each slot) rather than N objects: a hundred thousand tracked
// partitions stay within tens of MB. Float64 holds offsets exactly up to 2^53.
import type { PartitionSample } from '../contract/evaluation.js';

const FIELDS = 3; // offset, timestamp, lag (NaN: unknown)

export class SampleRing {
  readonly capacity: number;
  readonly #slots: Float64Array;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity ${capacity}`);
    this.capacity = capacity;
    this.#slots = new Float64Array(capacity * FIELDS);
  }

  get size(): number {
    return this.#size;
  }

  push(offset: number, timestamp: number, lag: number | null): void {
    const at = this.#next * FIELDS;
    this.#slots[at] = offset;
    this.#slots[at + 1] = timestamp;
    this.#slots[at + 2] = lag ?? Number.NaN;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The samples, oldest first. `observedAt` is the tick time, the same as `timestamp`. */
  toArray(): PartitionSample[] {
    const out: PartitionSample[] = new Array<PartitionSample>(this.#size);
    for (let i = 0; i < this.#size; i++) {
      const at = this.#slot(i);
      const lag = this.#slots[at + 2]!;
      const timestamp = this.#slots[at + 1]!;
      out[i] = {
        offset: this.#slots[at]!,
        timestamp,
        lag: Number.isNaN(lag) ? null : lag,
        observedAt: timestamp,
      };
    }
    return out;
  }

  /** The newest sample's offset, or undefined when empty. */
  lastOffset(): number | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#slot(this.#size - 1)];
  }

  /** The oldest and newest samples' offsets and times, for rates. */
  span(): { firstOffset: number; firstTime: number; lastOffset: number; lastTime: number } | null {
    if (this.#size < 2) return null;
    const first = this.#slot(0);
    const last = this.#slot(this.#size - 1);
    return {
      firstOffset: this.#slots[first]!,
      firstTime: this.#slots[first + 1]!,
      lastOffset: this.#slots[last]!,
      lastTime: this.#slots[last + 1]!,
    };
  }

  /**
   * The samples, oldest first, flat: (offset, timestamp, lag or NaN) per sample. Keeps the
   * original timestamps; `fromFlat` takes it back.
   */
  toFlat(): Float64Array {
    const out = new Float64Array(this.#size * FIELDS);
    const start = this.#slot(0);
    const first = Math.min(out.length, this.#slots.length - start);
    out.set(this.#slots.subarray(start, start + first), 0);
    if (first < out.length) out.set(this.#slots.subarray(0, out.length - first), first);
    return out;
  }

  /** A ring of `capacity` holding `flat` (as `toFlat` gives it); beyond capacity, the newest. */
  static fromFlat(capacity: number, flat: ArrayLike<number>): SampleRing {
    const ring = new SampleRing(capacity);
    const count = Math.floor(flat.length / FIELDS);
    for (let i = Math.max(0, count - capacity); i < count; i++) {
      const at = i * FIELDS;
      const lag = flat[at + 2]!;
      ring.push(flat[at]!, flat[at + 1]!, Number.isNaN(lag) ? null : lag);
    }
    return ring;
  }

  /** Index in #slots of the i-th oldest sample. */
  #slot(i: number): number {
    return ((this.#next - this.#size + i + this.capacity) % this.capacity) * FIELDS;
  }
}
