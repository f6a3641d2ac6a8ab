// One partition's ring of samples (group-partitions.ts) as the evaluator reads it: in place,
// one number at a time, so judging a window makes no object per sample. A view, not a copy:
// it shows the ring as it is when read, so it is read before the store's next tick.
import type { PartitionSample, SampleSeries } from '../contract/evaluation.js';
import type { GroupPartitions } from './group-partitions.js';

export class RingSeries implements SampleSeries {
  readonly #partitions: GroupPartitions;
  readonly #index: number;

  constructor(partitions: GroupPartitions, index: number) {
    this.#partitions = partitions;
    this.#index = index;
  }

  get length(): number {
    return this.#partitions.size(this.#index);
  }

  offset(j: number): number {
    return this.#partitions.offsetAt(this.#index, j);
  }

  timestamp(j: number): number {
    return this.#partitions.timestampAt(this.#index, j);
  }

  lag(j: number): number | null {
    return this.#partitions.lagAt(this.#index, j);
  }

  sample(j: number): PartitionSample {
    const timestamp = this.timestamp(j);
    return { offset: this.offset(j), timestamp, lag: this.lag(j), observedAt: timestamp };
  }

  /** Every sample as objects, oldest first (for the API's and the status page's views). */
  toArray(): PartitionSample[] {
    return this.#partitions.samples(this.#index);
  }
}
