// Judges a consumer group: every partition, then the group's worst status, completeness,
// the partition with the most lag and the total lag, as Burrow's v3 API reports them.
import type { EvaluatorOptions } from './options.js';
import { EvaluatedGroup, NAMES_PER_PARTITION } from './evaluated-group.js';
import { judgePartition } from './partition.js';
import {
  PARTITION_SLOTS,
  partitionNumbers,
  Slot,
  type PartitionArena,
} from './partition-numbers.js';
import { REASON_NUMBER, REASON_STATUS, type ReasonCode } from './reasons.js';
import { groupStatusFor, statusNumber } from '../contract/statuses.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import type { GroupStatus, GroupWindow } from '../contract/evaluation.js';

/**
 * `arena`: where the partitions' numbers go, shared by a report's groups (PartitionArena).
 * `previous`: the names of the group's partitions the tick before (namesOf its status);
 * when they (topic, owner, client.id) are the same as this tick's, the new status shares
 * that array instead of holding a new one. A report lives a whole tick, so each array it
 * holds is promoted to V8's old generation and freed only by a full collection: 10,000 of
 * them (260 bytes each at 10 partitions) a tick at 10,000 groups x 10, most of them equal
 * to the last tick's. The reasons go with the numbers (Slot.REASON), not with the names: a partition
 * near its allowed lag changes reason from one tick to the next (LAG_WITHIN_ALLOWED,
 * CAUGHT_UP_IN_WINDOW), and with the reasons among the names half the groups of
 * bench/service's cluster needed a new array every tick.
 */
export function evaluateGroup(
  group: GroupWindow,
  options: EvaluatorOptions,
  nowMs: number,
  arena?: PartitionArena,
  previous?: readonly string[] | null,
): GroupStatus {
  const state = group.state ?? null;
  const windows = group.partitions;
  const count = windows.length;
  const size = count * NAMES_PER_PARTITION;
  const previousNames = previous?.length === size ? previous : null;
  // Made at the first name that differs from the previous status's (then those before it
  // are copied), or at once without one.
  let names = previousNames === null ? new Array<string>(size) : null;
  let worst: PartitionStatusCode = 'OK';
  let maxlagIndex = -1;
  let maxlag = 0;
  let totallag = 0;
  let completeCount = 0;
  // Runs of one reason are the rule: its number and status are looked up, and the status
  // weighed against the worst, only where the reason changes.
  let lastReason: ReasonCode | null = null;
  let reasonNumber = 0;
  // A group judged alone (tests, a DELETE's re-judging) gets room of its own size.
  const first = arena ? arena.reserve(count) : 0;
  const numbers = arena ? arena.chunk : partitionNumbers(count);
  for (let i = 0; i < count; i++) {
    const window = windows[i]!;
    const reason = judgePartition(window, options, nowMs, state, numbers, first + i);
    const k = i * NAMES_PER_PARTITION;
    const owner = window.owner ?? '';
    const clientId = window.clientId ?? '';
    if (
      names === null &&
      (previousNames![k] !== window.topic ||
        previousNames![k + 1] !== owner ||
        previousNames![k + 2] !== clientId)
    ) {
      names = new Array<string>(size);
      for (let j = 0; j < k; j++) names[j] = previousNames![j]!;
    }
    if (names !== null) {
      names[k] = window.topic;
      names[k + 1] = owner;
      names[k + 2] = clientId;
    }
    const at = (first + i) * PARTITION_SLOTS;
    if (reason !== lastReason) {
      lastReason = reason;
      reasonNumber = REASON_NUMBER[reason];
      const status = REASON_STATUS[reason];
      if (statusNumber[status] > statusNumber[worst]) worst = status;
    }
    numbers[at + Slot.REASON] = reasonNumber;
    const currentLag = numbers[at + Slot.CURRENT_LAG]!;
    if (maxlagIndex < 0 || currentLag > maxlag) {
      maxlagIndex = i;
      maxlag = currentLag;
    }
    if (numbers[at + Slot.COMPLETE] === 1) completeCount++;
    totallag += currentLag;
  }
  const figures = {
    cluster: group.cluster,
    group: group.group,
    status: groupStatusFor(worst),
    complete: count === 0 ? 0 : completeCount / count,
    totallag,
    state,
    members: group.members ?? null,
    type: group.type ?? null,
    maxlagIndex,
  };
  return new EvaluatedGroup(figures, names ?? previousNames!, numbers, first);
}

/** The names of `group`'s partitions an evaluateGroup of the next tick may share; null if none. */
export function namesOf(group: GroupStatus): readonly string[] | null {
  return group instanceof EvaluatedGroup ? group.names : null;
}

/** What is reported for a group the sampler does not know. */
export function notFoundGroupStatus(cluster: string, group: string): GroupStatus {
  return {
    cluster,
    group,
    status: 'NOTFOUND',
    complete: 1,
    partitions: [],
    partitionCount: 0,
    maxlag: null,
    totallag: 0,
    state: null,
    members: null,
    type: null,
  };
}
