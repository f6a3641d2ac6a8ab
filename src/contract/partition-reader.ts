// Reads a group's partitions one at a time through one object, for loops that go over
// every partition of a report and keep none of them (/metrics' rendering, the sinks'
// encoders). An evaluated group makes a new object per partition on each read of
// `partitions` (src/status/evaluated-group.ts says why); /metrics read every partition
// seven times a rendering, and those objects were 45 % of all the service allocated at
// 10,000 groups × 10 (bench/service's `alloc` profile: 870 of 1,950 MiB in 120 s).
// A group that has `partitionAt` (an evaluated one) points one object at each partition
// in turn; a plain group is read from its array.
import { holdHiddenClass } from './hidden-class.js';
import type { GroupStatus, PartitionStatus } from './evaluation.js';

export class PartitionReader {
  #group: GroupStatus | null = null;
  /** The object `partitionAt` handed out last, pointed at the next partition on each read. */
  #view: PartitionStatus | null = null;
  /** The open group's partitions, when it has no `partitionAt` (made once per open). */
  #list: readonly PartitionStatus[] | null = null;

  /** Starts reading `group`; returns how many partitions it has. */
  open(summaryOrGroup: GroupStatus): number {
    const group = summaryOrGroup.judged?.() ?? summaryOrGroup;
    if (group.partitionAt !== undefined) {
      this.#group = group;
      this.#list = null;
      return group.partitionCount;
    }
    this.#group = null;
    this.#list = group.partitions;
    return this.#list.length;
  }

  /**
   * Partition `i` of the open group. Valid only until the next `at` or `open`: the same
   * object may be pointed at each partition in turn, so keep what it says, not the object.
   */
  at(i: number): PartitionStatus {
    const group = this.#group;
    if (group !== null) return (this.#view = group.partitionAt!(i, this.#view));
    return this.#list![i]!;
  }

  /**
   * Lets go of the open group. The last object `partitionAt` handed out is kept for the next
   * use, and with it the group it was pointed at last: one group, not a report.
   */
  close(): void {
    this.#group = null;
    this.#list = null;
  }
}

// Made once per rendering and per encoding (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PartitionReader());
