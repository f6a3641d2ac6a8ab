// The samples a partition is judged on (the newest `intervals` of its window), copied into
// plain columns before the rules read them. The rules read each sample several times (up to
// six passes over the window); read through the window's series they went through an
// interface with two implementations (the store's ring, a test's array) and the ring's
// wrap-around arithmetic on every read, and V8 did not inline those calls (callgrind, a
// 2,000 x 10 tick run: RingSeries.offset alone was over a quarter of judging). One copy per
// partition, then every read is one typed-array load.
import type { PartitionSample, SampleSeries } from '../contract/evaluation.js';
import { orNaN, orNull } from '../contract/nan-null.js';

/**
 * Samples 0..length-1: the judged window, oldest first. Unknown values (a null lag, an
 * absent observedAt) are NaN. Reused partition after partition: its contents hold until
 * the next `fill`.
 */
export class JudgedSamples implements SampleSeries {
  length = 0;
  // Empty until the first fill makes room (#grow).
  offsets = new Float64Array(0);
  timestamps = new Float64Array(0);
  /** NaN: unknown. */
  lags = new Float64Array(0);
  /** NaN: the sample does not say. */
  observedAts = new Float64Array(0);

  /** Becomes samples `first` to the end of `series`. */
  fill(series: SampleSeries, first: number): this {
    const count = series.length - first;
    if (count > this.offsets.length) this.#grow(count);
    this.length = count;
    if (series.copyColumns !== undefined) {
      series.copyColumns(first, this.offsets, this.timestamps, this.lags, this.observedAts);
      return this;
    }
    for (let k = 0; k < count; k++) {
      const j = first + k;
      this.offsets[k] = series.offset(j);
      this.timestamps[k] = series.timestamp(j);
      this.lags[k] = orNaN(series.lag(j));
      this.observedAts[k] = orNaN(series.observedAt(j));
    }
    return this;
  }

  offset(j: number): number {
    return this.offsets[j]!;
  }

  timestamp(j: number): number {
    return this.timestamps[j]!;
  }

  lag(j: number): number | null {
    return orNull(this.lags[j]!);
  }

  observedAt(j: number): number | undefined {
    const at = this.observedAts[j]!;
    return Number.isNaN(at) ? undefined : at;
  }

  sample(j: number): PartitionSample {
    const observedAt = this.observedAt(j);
    const base = { offset: this.offset(j), timestamp: this.timestamp(j), lag: this.lag(j) };
    return observedAt === undefined ? base : { ...base, observedAt };
  }

  #grow(capacity: number): void {
    this.offsets = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.lags = new Float64Array(capacity);
    this.observedAts = new Float64Array(capacity);
  }
}
