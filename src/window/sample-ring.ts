// The last N consumer samples of one group-partition, in three flat number arrays
// rather than N objects: a hundred thousand tracked partitions stay a few tens of MB.
import type { PartitionSample } from '../status/types.js';

export class SampleRing {
  readonly capacity: number;
  readonly #offsets: Float64Array;
  readonly #timestamps: Float64Array;
  /** NaN stands for an unknown lag. */
  readonly #lags: Float64Array;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity ${capacity}`);
    this.capacity = capacity;
    this.#offsets = new Float64Array(capacity);
    this.#timestamps = new Float64Array(capacity);
    this.#lags = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(offset: number, timestamp: number, lag: number | null): void {
    this.#offsets[this.#next] = offset;
    this.#timestamps[this.#next] = timestamp;
    this.#lags[this.#next] = lag ?? Number.NaN;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The samples, oldest first. `observedAt` is the tick time, the same as `timestamp`. */
  toArray(): PartitionSample[] {
    const out: PartitionSample[] = new Array<PartitionSample>(this.#size);
    const first = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) {
      const at = (first + i) % this.capacity;
      const lag = this.#lags[at]!;
      const timestamp = this.#timestamps[at]!;
      out[i] = {
        offset: this.#offsets[at]!,
        timestamp,
        lag: Number.isNaN(lag) ? null : lag,
        observedAt: timestamp,
      };
    }
    return out;
  }

  /** The newest sample's offset, or undefined when empty. */
  lastOffset(): number | undefined {
    if (this.#size === 0) return undefined;
    return this.#offsets[(this.#next - 1 + this.capacity) % this.capacity];
  }

  /** The oldest and newest samples' offsets and times, for rates. */
  span(): { firstOffset: number; firstTime: number; lastOffset: number; lastTime: number } | null {
    if (this.#size < 2) return null;
    const first = (this.#next - this.#size + this.capacity) % this.capacity;
    const last = (this.#next - 1 + this.capacity) % this.capacity;
    return {
      firstOffset: this.#offsets[first]!,
      firstTime: this.#timestamps[first]!,
      lastOffset: this.#offsets[last]!,
      lastTime: this.#timestamps[last]!,
    };
  }
}
