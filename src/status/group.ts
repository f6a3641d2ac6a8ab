// Judges a consumer group: every partition, then the group's worst status, completeness,
// the partition with the most lag and the total lag, as Burrow's v3 API reports them.
import type { EvaluatorOptions } from './options.js';
import { evaluatePartition } from './partition.js';
import { partitionNumbers, type PartitionArena } from './partition-numbers.js';
import { groupStatusFor, statusNumber } from '../contract/statuses.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import type { GroupStatus, GroupWindow, PartitionStatus } from '../contract/evaluation.js';

/** `arena`: where the partitions' numbers go, shared by a report's groups (PartitionArena). */
export function evaluateGroup(
  group: GroupWindow,
  options: EvaluatorOptions,
  nowMs: number,
  arena?: PartitionArena,
): GroupStatus {
  const state = group.state ?? null;
  const windows = group.partitions;
  // Of its final size at once: the report keeps it until the next tick (so the collector
  // promotes it), and an array grown by push keeps room for 17 at 10 partitions.
  const partitions = new Array<PartitionStatus>(windows.length);
  let worst: PartitionStatusCode = 'OK';
  let maxlag: PartitionStatus | null = null;
  let totallag = 0;
  let completeCount = 0;
  // A group judged alone (tests, a DELETE's re-judging) gets room of its own size.
  const first = arena ? arena.reserve(windows.length) : 0;
  const numbers = arena ? arena.chunk : partitionNumbers(windows.length);
  for (let i = 0; i < windows.length; i++) {
    const partition = evaluatePartition(windows[i]!, options, nowMs, state, numbers, first + i);
    partitions[i] = partition;
    if (statusNumber[partition.status] > statusNumber[worst]) worst = partition.status;
    if (maxlag === null || partition.currentLag > maxlag.currentLag) maxlag = partition;
    if (partition.complete === 1) completeCount++;
    totallag += partition.currentLag;
  }
  return {
    cluster: group.cluster,
    group: group.group,
    status: groupStatusFor(worst),
    complete: partitions.length === 0 ? 0 : completeCount / partitions.length,
    partitions,
    partitionCount: partitions.length,
    maxlag,
    totallag,
    state,
    members: group.members ?? null,
    type: group.type ?? null,
  };
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
