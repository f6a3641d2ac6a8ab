// A tick's groups' lags, each made when the window store asks for it (GroupLagSource): the
// service records a group, judges it later from the store, and never needs its GroupLag
// again, so each is let go at once instead of living through the whole tick. Each
// group's sample (its description and committed offsets) is let go as its lag is made.
import type { GroupLag, GroupLagSource } from '../contract/snapshot.js';
import { groupLag, PartitionLagPool } from './group-lag.js';
import type { GroupSample } from './group-sampling.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import { PartitionLogs } from './partition-logs.js';
import { offsetList } from './offset-list.js';

export class GroupLags implements GroupLagSource {
  /** The highest lag of any partition of the groups made so far. */
  maxLag = 0;
  readonly #samples: (GroupSample | undefined)[];
  readonly #logs: PartitionLogs;
  #pool: PartitionLagPool | null = null;
  #next = 0;

  /** Takes `samples` over: it clears each one as its lag is made. */
  constructor(samples: GroupSample[], logs: PartitionLogs) {
    this.#samples = samples;
    this.#logs = logs;
  }

  /**
   * From now on each group's partitions (its lags and their list) are objects handed out
   * again for the next group: for a taker that reads each group and lets it go before
   * asking for the next (the service's tick, which keeps no lags).
   */
  reuseObjects(): void {
    this.#pool ??= new PartitionLagPool();
  }

  next(): GroupLag | null {
    if (this.#next >= this.#samples.length) return null;
    const sample = this.#samples[this.#next]!;
    this.#samples[this.#next++] = undefined;
    // In order, once each: groupLag marks the tick's PartitionLogs with each group's turn.
    const lag = groupLag(sample, this.#logs, this.#pool);
    // A sample kept for the next tick (KeptSamples) must not hold this tick's answers.
    sample.description = null;
    sample.offsets = null;
    const worst = lag.maxLag?.lag;
    if (worst != null && worst > this.maxLag) this.maxLag = worst;
    return lag;
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held), with a pool as the
// service's.
holdHiddenClass(
  new GroupLags([], new PartitionLogs([], offsetList([]), offsetList([]), new Map())),
).reuseObjects();
