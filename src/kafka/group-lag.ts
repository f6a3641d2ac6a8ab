// From what a tick read to each group's lag: committed offsets against log ends and
// starts, owners as kafka-consumer-groups shows them, totals, the worst partition, and
// the fault that explains anything missing.
import { FaultCode } from '../contract/errors.js';
import type { GroupLag, PartitionLag, SampleFault } from '../contract/snapshot.js';
import { NO_ASSIGNMENTS, type OwnedPartitions, type PartitionOwner } from './assignment.js';
import { byTopicThenPartition } from '../contract/sort-orders.js';
import type { GroupSample } from './group-sampling.js';
import { LoggedPartitionLag } from './logged-partition-lag.js';
import type { PartitionLog, PartitionLogs } from './partition-logs.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

/** Marks which group a PartitionLog was last committed by (see PartitionLog.committedInTurn). */
let turn = 0;

// Called for every group of every tick (100,000 partitions at 10,000 groups), so it makes
// nothing per partition but the PartitionLag it reports (of three fields:
// logged-partition-lag.ts): no key string and no map of owners (the group's owners are
// written on the tick's PartitionLogs, marked with the group's turn), no Set (the turn
// marks what the group has committed), no sort when the partitions already come in order
// (as OffsetFetch lists them).
//
// With a `pool`, the partitions' lags and their list are the pool's, handed out again for
// the next group: for a caller that reads each group's lag and lets it go before asking for
// the next (the service's tick records it into the window store at once).
export function groupLag(
  sample: GroupSample,
  logs: PartitionLogs,
  pool: PartitionLagPool | null = null,
): GroupLag {
  const description = sample.description instanceof Error ? null : sample.description;
  const assignments = description !== null ? description.assignments : NO_ASSIGNMENTS;
  const thisTurn = ++turn;
  const owned = markOwners(assignments, logs, thisTurn);
  const made: PartitionLag[] | null = pool === null ? [] : null;
  pool?.start();
  const offsets = sample.offsets;
  let committedCount = 0;
  let ownedAndCommitted = 0;
  let topic: string | null = null;
  let logsOfTopic: readonly (PartitionLog | undefined)[] | undefined;
  for (let i = 0; offsets !== null && i < offsets.length; i++) {
    const offset = offsets.offset(i);
    if (offset < 0) continue; // -1: no commit for this partition
    const topicOf = offsets.topic(i);
    if (topicOf !== topic) {
      topic = topicOf;
      logsOfTopic = logs.byTopic.get(topic);
    }
    const log = logsOfTopic?.[offsets.partition(i)];
    if (log === undefined) continue; // a topic deleted or not admitted, or no such partition
    committedCount++;
    let owner: PartitionOwner | null = null;
    if (log.ownedInTurn === thisTurn) {
      owner = log.owner;
      if (log.committedInTurn !== thisTurn) ownedAndCommitted++;
    }
    log.committedInTurn = thisTurn;
    if (made !== null) made.push(new LoggedPartitionLag(log, offset, owner));
    else pool!.add(log, offset, owner);
  }
  // Partitions a member owns but the group never committed: only when some owner is left.
  if (ownedAndCommitted < owned) {
    for (const { topic, partitions: owns } of assignments) {
      const logsOfTopic = logs.byTopic.get(topic);
      if (logsOfTopic === undefined) continue;
      for (let j = 0; j < owns.length; j++) {
        const log = logsOfTopic[owns[j]!];
        if (log === undefined || log.ownedInTurn !== thisTurn || log.committedInTurn === thisTurn)
          continue;
        log.committedInTurn = thisTurn; // listed by two members: reported once
        if (made !== null) made.push(new LoggedPartitionLag(log, null, log.owner));
        else pool!.add(log, null, log.owner);
      }
    }
  }
  const partitions = made ?? pool!.list();
  if (!inOrder(partitions)) sortByTopicThenPartition(partitions);
  let totalLag = 0;
  let max: PartitionLag | null = null;
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i]!;
    if (p.lag === null) continue;
    totalLag += p.lag;
    if (max === null || p.lag > (max.lag ?? -1)) max = p;
  }
  const describeFault: SampleFault | null =
    sample.description instanceof Error
      ? { code: FaultCode.DESCRIBE_FAILED, message: sample.description.message }
      : description?.state === 'Dead' && committedCount === 0
        ? {
            code: FaultCode.GROUP_VANISHED,
            message: 'the group was deleted between list and describe',
          }
        : description?.state === 'Empty' && committedCount === 0 && !anyCommit(sample)
          ? {
              // Listed Empty, then no offset at all: deleted between list and offset fetch
              // (an Empty group is not described), or left with nothing Kafka will keep.
              // Reported as gone, as a deleted group is, not as a healthy group of no partitions.
              code: FaultCode.GROUP_VANISHED,
              message: 'the group has no members and no committed offsets (deleted)',
            }
          : null;
  return {
    group: sample.groupId,
    state: description?.state ?? sample.listedState,
    protocolType: description?.protocolType ?? '',
    type: sample.type,
    typeName: sample.typeName,
    groupEpoch: description?.groupEpoch ?? null,
    members: description?.members ?? 0,
    partitions,
    totalLag,
    maxLag: max,
    fault: sample.fault ?? describeFault,
  };
}

/**
 * Writes each owned partition's owner on its log, with the group's turn; returns how many
 * partitions that count have an owner. A partition two members list goes to the last, as
 * it did when owners were a map.
 */
function markOwners(
  assignments: readonly OwnedPartitions[],
  logs: PartitionLogs,
  thisTurn: number,
): number {
  let owned = 0;
  for (let i = 0; i < assignments.length; i++) {
    const { owner, topic, partitions } = assignments[i]!;
    const logsOfTopic = logs.byTopic.get(topic);
    if (logsOfTopic === undefined) continue;
    for (let j = 0; j < partitions.length; j++) {
      const log = logsOfTopic[partitions[j]!];
      if (log === undefined) continue;
      if (log.ownedInTurn !== thisTurn) owned++;
      log.ownedInTurn = thisTurn;
      log.owner = owner;
    }
  }
  return owned;
}

/** Already as the sort would leave them (a stable sort keeps equal neighbours as they are). */
function inOrder(partitions: readonly PartitionLag[]): boolean {
  for (let i = 1; i < partitions.length; i++)
    if (byTopicThenPartition(partitions[i - 1]!, partitions[i]!) > 0) return false;
  return true;
}

/** Lists up to this long are sorted by insertion (sortByTopicThenPartition). */
export const INSERTION_SORT_UP_TO = 64;

/**
 * Sorts by topic, then partition, stably and in place. A short list (a group's partitions,
 * as a rule) is sorted by insertion: Array.prototype.sort sets up a work array of its own
 * each call, and a real broker's OffsetFetch answer lists a group's partitions in no
 * particular order, so each group was sorted so: at 10,000 groups × 10 those work arrays
 * were a fifth of what a tick promoted (bench/service against a real broker, `promoted`
 * profile: 11 of 57 MiB a minute).
 */
export function sortByTopicThenPartition(list: PartitionLag[]): void {
  if (list.length > INSERTION_SORT_UP_TO) {
    list.sort(byTopicThenPartition);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    for (; j >= 0 && byTopicThenPartition(list[j]!, item) > 0; j--) list[j + 1] = list[j]!;
    list[j + 1] = item;
  }
}

/** Whether the group committed any offset at all (on any topic, admitted or not). */
function anyCommit(sample: GroupSample): boolean {
  const offsets = sample.offsets;
  if (offsets === null) return false;
  for (let i = 0; i < offsets.length; i++) if (offsets.offset(i) >= 0) return true;
  return false;
}

/**
 * The objects groupLag hands out again, group after group, with a pool: the partitions'
 * lags (reset in place) and their lists, one per length. A tick at 10,000 groups x 10
 * made 100,000 partition lags, each read once by the window store and dropped: a sixth of
 * all the service allocated.
 */
export class PartitionLagPool {
  readonly #lags: LoggedPartitionLag[] = [];
  readonly #lists: PartitionLag[][] = [];
  /** Lags of the group being made: the pool's first `#used`. */
  #used = 0;

  /** Starts a group: its lags take the pool's objects from the first again. */
  start(): void {
    this.#used = 0;
  }

  /** Adds the group's next lag, that of `log`: the pool's next object, reset. */
  add(log: PartitionLog, committedOffset: number | null, owner: PartitionOwner | null): void {
    const lag = this.#lags[this.#used++];
    if (lag !== undefined) lag.reset(log, committedOffset, owner);
    else this.#lags.push(new LoggedPartitionLag(log, committedOffset, owner));
  }

  /** The group's lags added since `start`, in the order added, in the pool's list of that length. */
  list(): PartitionLag[] {
    const count = this.#used;
    const list = (this.#lists[count] ??= new Array<PartitionLag>(count));
    for (let i = 0; i < count; i++) list[i] = this.#lags[i]!;
    return list;
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PartitionLagPool());
