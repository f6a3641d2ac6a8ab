// One partition's ring of samples (group-partitions.ts) as the evaluator reads it: in place,
// one number at a time, so judging a window makes no object per sample. A view, not a copy:
// where the ring starts and how full it is are taken when the view is made, so it is read
// before the store's next tick (which writes the ring over).
import type { PartitionSample, SampleSeries } from '../contract/evaluation.js';
import { orNull } from '../contract/nan-null.js';

/** Numbers per sample in the ring: offset, timestamp, lag (NaN: unknown). */
export const SAMPLE_FIELDS = 3;

export class RingSeries implements SampleSeries {
  length: number;
  #numbers: Float64Array;
  /** Index in #numbers of the ring's first slot. */
  #ringStart: number;
  /** The oldest sample's slot. */
  #oldest: number;
  #capacity: number;

  constructor(
    numbers: Float64Array,
    ringStart: number,
    oldest: number,
    size: number,
    capacity: number,
  ) {
    this.#numbers = numbers;
    this.#ringStart = ringStart;
    this.#oldest = oldest;
    this.length = size;
    this.#capacity = capacity;
  }

  /** Views another ring instead (a view the store reuses: WindowStore.windowToJudge). */
  view(numbers: Float64Array, ringStart: number, oldest: number, size: number, capacity: number) {
    this.#numbers = numbers;
    this.#ringStart = ringStart;
    this.#oldest = oldest;
    this.length = size;
    this.#capacity = capacity;
  }

  offset(j: number): number {
    return this.#numbers[this.#at(j)]!;
  }

  timestamp(j: number): number {
    return this.#numbers[this.#at(j) + 1]!;
  }

  lag(j: number): number | null {
    return orNull(this.#numbers[this.#at(j) + 2]!);
  }

  /** A stored sample's time is when lagwatch stored it. */
  observedAt(j: number): number {
    return this.timestamp(j);
  }

  sample(j: number): PartitionSample {
    const timestamp = this.timestamp(j);
    return { offset: this.offset(j), timestamp, lag: this.lag(j), observedAt: timestamp };
  }

  /** The store's samples are stamped when stored: observedAt is the timestamp. */
  copyColumns(
    first: number,
    offsets: Float64Array,
    timestamps: Float64Array,
    lags: Float64Array,
    observedAts: Float64Array,
  ): void {
    const numbers = this.#numbers;
    const capacity = this.#capacity;
    let slot = this.#oldest + first;
    if (slot >= capacity) slot -= capacity;
    for (let k = 0, n = this.length - first; k < n; k++) {
      const at = this.#ringStart + slot * SAMPLE_FIELDS;
      const timestamp = numbers[at + 1]!;
      offsets[k] = numbers[at]!;
      timestamps[k] = timestamp;
      lags[k] = numbers[at + 2]!;
      observedAts[k] = timestamp;
      if (++slot === capacity) slot = 0;
    }
  }

  /** Every sample as objects, oldest first (for the API's and the status page's views). */
  toArray(): PartitionSample[] {
    const out = new Array<PartitionSample>(this.length);
    for (let j = 0; j < this.length; j++) out[j] = this.sample(j);
    return out;
  }

  /** Index in #numbers of sample j (0: the oldest). */
  #at(j: number): number {
    let slot = this.#oldest + j;
    if (slot >= this.#capacity) slot -= this.#capacity;
    return this.#ringStart + slot * SAMPLE_FIELDS;
  }
}
