// A window's samples given as an array (tests, `lagwatch evaluate`, a replayed file) read as
// the series the evaluator reads; the window store hands its rings over as series directly.
import type { PartitionSample, SampleSeries } from '../contract/evaluation.js';

export class ArraySeries implements SampleSeries {
  readonly #samples: readonly PartitionSample[];

  constructor(samples: readonly PartitionSample[]) {
    this.#samples = samples;
  }

  get length(): number {
    return this.#samples.length;
  }

  offset(j: number): number {
    return this.#samples[j]!.offset;
  }

  timestamp(j: number): number {
    return this.#samples[j]!.timestamp;
  }

  lag(j: number): number | null {
    return this.#samples[j]!.lag;
  }

  observedAt(j: number): number | undefined {
    return this.#samples[j]!.observedAt;
  }

  /** The array's own object. */
  sample(j: number): PartitionSample {
    return this.#samples[j]!;
  }
}

/** What the evaluator reads of a window: its series, else its array. */
export const seriesOf = (window: {
  readonly samples: readonly PartitionSample[];
  readonly series?: SampleSeries | undefined;
}): SampleSeries => window.series ?? new ArraySeries(window.samples);
