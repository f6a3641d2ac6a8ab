// Reads groups' partitions one at a time for a reader that keeps none of them: the /metrics
// rendering reads every partition of every group seven times a rendering (once for the
// labels, once per family that has a line per partition or a group value made from them).
// An evaluated group makes its partitions' objects on each read (evaluated-group.ts); read
// through `partitions` that was 700,000 objects a rendering at 100,000 group-partitions.
// Here one object, moved from partition to partition, stands for each in turn.
import { EvaluatedGroup } from './evaluated-group.js';
import { EvaluatedPartition } from './partition-status.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import type { GroupStatus, PartitionStatus } from '../contract/evaluation.js';

export class PartitionReader {
  readonly #cursor = new EvaluatedPartition('', 0, '', '', 'NO_SAMPLES', new Float64Array(0), 0);
  #evaluated: EvaluatedGroup | null = null;
  #listed: readonly PartitionStatus[] = [];

  /** Starts reading `group`; returns how many partitions it has. */
  read(group: GroupStatus): number {
    if (group instanceof EvaluatedGroup) {
      this.#evaluated = group;
      return group.partitionCount;
    }
    this.#evaluated = null;
    this.#listed = group.partitions;
    return this.#listed.length;
  }

  /**
   * Partition `i` of the group being read. Valid until the next `at` or `read`: the same
   * object may stand for the next partition then (keep its values, never the object).
   */
  at(i: number): PartitionStatus {
    const group = this.#evaluated;
    return group === null ? this.#listed[i]! : group.moveCursor(i, this.#cursor);
  }
}

// One per rendering (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PartitionReader());
