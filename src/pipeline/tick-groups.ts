// A tick's groups as its recording takes them (a GroupLagSource): each group's lag made as
// it is recorded (the sampler's GroupLags), groups the commit stream saw deleted since the
// tick's time left out, and the faults counted. The service lets each lag go once it is
// recorded, and the next group's lag reuses its partitions' objects; `lagwatch once` keeps
// them, for its snapshot's table.
import type { GroupLag, GroupLagSource } from '../contract/snapshot.js';
import type { GroupLags } from '../kafka/group-lags.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

export class TickGroups implements GroupLagSource {
  /** Every group handed out, in order; null unless kept. */
  readonly kept: GroupLag[] | null;
  /** Groups handed out that carry a fault. */
  faults = 0;
  readonly #lags: GroupLags | null;
  readonly #deleted: ((group: string) => boolean) | null;

  constructor(lags: GroupLags | null, deleted: ((group: string) => boolean) | null, keep: boolean) {
    this.#lags = lags;
    this.#deleted = deleted;
    this.kept = keep ? [] : null;
    // Nothing keeps a group once the store has recorded it: its partitions' objects can
    // be the next group's (GroupLags.reuseObjects).
    if (!keep) lags?.reuseObjects();
  }

  /** The highest lag of any partition of the groups made so far. */
  get maxLag(): number {
    return this.#lags?.maxLag ?? 0;
  }

  next(): GroupLag | null {
    if (this.#lags === null) return null;
    for (;;) {
      const lag = this.#lags.next();
      if (lag === null) return null;
      if (this.#deleted?.(lag.group) === true) continue;
      if (lag.fault !== null) this.faults++;
      this.kept?.push(lag);
      return lag;
    }
  }

  /** Makes the groups not handed out yet (a recording the store did not start). */
  drain(): void {
    while (this.next() !== null);
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new TickGroups(null, null, false));
