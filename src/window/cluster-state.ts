// What the window store keeps per cluster, in memory: shared by the store and by its
// export and import (store-export.ts), which restore it after a restart.
//
// No composed string keys: topic-partitions are found by topic (one Map lookup of an
// interned name), then by partition number in an array; a group's partitions hold their
// topic-partitions by reference (group-partitions.ts), so a tick on an unchanged group
// looks nothing up at all.
import type { GroupType } from '../contract/snapshot.js';
import { EndOffsetHistory } from './end-offset-history.js';
import type { GroupPartitions } from './group-partitions.js';
import { RecentEnds } from './recent-ends.js';

export interface TopicPartitionState {
  /** The topic's name, the one string every group-partition of it shares. */
  readonly topic: string;
  readonly partition: number;
  readonly history: EndOffsetHistory;
  /** The last `intervals` log-end offsets, oldest first (windows' `brokerOffsets`). */
  readonly recentEnds: RecentEnds;
  logEndOffset: number | null;
  /**
   * Whether a tick's offsets listed it: a topic-partition known only because a group
   * lists it (or a commit names it) is not exported and reads as absent.
   */
  listed: boolean;
  /** The time of the last tick whose groups listed it: only those get its log end. */
  watchedAt: number;
  /** Set when the store forgets it (its topic was deleted): groups drop it then. */
  removed: boolean;
  /** Mark of the last sweep that found a group-partition reading it. */
  mark: number;
}

export interface GroupState {
  lastSeen: number;
  state: string | null;
  members: number;
  /** classic, consumer or other; null if the broker did not say. Kept across a restart. */
  type: GroupType | null;
  /** Replaced, not changed, when the group's set of partitions changes. */
  partitions: GroupPartitions;
}

/** How much the store keeps: samples per group-partition, history points per topic-partition. */
export interface WindowSizes {
  /** Samples kept per group-partition (Burrow's intervals). */
  readonly intervals: number;
  /** (log-end offset, time) points kept per topic-partition. */
  readonly endOffsetHistory: number;
}

export interface ClusterState {
  /** By topic, then by partition number (a sparse array). */
  readonly topics: Map<string, (TopicPartitionState | undefined)[]>;
  readonly groups: Map<string, GroupState>;
  /** The time of the last successful tick; the groups seen then are the current ones. */
  lastTakenAt: number | null;
  /** Counts sweeps of unread topic-partitions (see `forgetUnwatchedPartitions`). */
  sweeps: number;
}

export function newClusterState(lastTakenAt: number | null = null): ClusterState {
  return { topics: new Map(), groups: new Map(), lastTakenAt, sweeps: 0 };
}

/** The key of a topic-partition where one string is needed (a group's lazy index). */
export const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The topic-partition, if the cluster keeps it. */
export function findTopicPartition(
  cluster: ClusterState,
  topic: string,
  partition: number,
): TopicPartitionState | undefined {
  return cluster.topics.get(topic)?.[partition];
}

/** The topic-partition, made (not yet listed, nothing known) if the cluster has none. */
export function topicPartition(
  cluster: ClusterState,
  topic: string,
  partition: number,
  endOffsetHistory: number,
): TopicPartitionState {
  let partitions = cluster.topics.get(topic);
  if (!partitions) cluster.topics.set(topic, (partitions = []));
  let tp = partitions[partition];
  if (!tp) {
    // The topic's name as first stored: every later reference shares it.
    const name = partitions.find((p) => p !== undefined)?.topic ?? topic;
    tp = {
      topic: name,
      partition,
      history: new EndOffsetHistory(endOffsetHistory),
      recentEnds: new RecentEnds(),
      logEndOffset: null,
      listed: false,
      watchedAt: Number.NaN,
      removed: false,
      mark: 0,
    };
    partitions[partition] = tp;
  }
  return tp;
}

/** Drops topic-partitions and group-partitions of topics the cluster no longer has. */
export function forgetDeletedTopics(cluster: ClusterState, existing: ReadonlySet<string>): void {
  const size = cluster.topics.size;
  cluster.topics.forEach(forgetTopicUnless, existing);
  if (cluster.topics.size === size) return;
  for (const group of cluster.groups.values()) {
    if (group.partitions.readsRemoved()) group.partitions = group.partitions.withoutRemoved();
  }
}

// The sweeps below walk every group and topic of the cluster once a tick: too seldom for V8
// to optimize them, and a for-of over a Map made an entry array and a result object per step
// there (about 5 MB a minute at 10,000 groups). Map's forEach makes neither; each callback is
// a function made once, with what it needs as `this`.

/** forEach callback: forgets `topic` unless `this` (the existing topics) has it. */
function forgetTopicUnless(
  this: ReadonlySet<string>,
  partitions: (TopicPartitionState | undefined)[],
  topic: string,
  topics: Map<string, (TopicPartitionState | undefined)[]>,
): void {
  if (this.has(topic)) return;
  for (let p = 0; p < partitions.length; p++) {
    const tp = partitions[p];
    if (tp) tp.removed = true;
  }
  topics.delete(topic);
}

/** A topic-partition no tracked group commits to or owns needs no history. */
export function forgetUnwatchedPartitions(cluster: ClusterState): void {
  const mark = ++cluster.sweeps;
  cluster.groups.forEach(markRead, mark);
  cluster.topics.forEach(forgetUnmarked, mark);
}

/** forEach callback: marks what `group` reads with `this` (the sweep's mark). */
function markRead(this: number, group: GroupState): void {
  group.partitions.markRead(this);
}

/** forEach callback: forgets a topic's partitions not marked `this`, the topic if none is. */
function forgetUnmarked(
  this: number,
  partitions: (TopicPartitionState | undefined)[],
  topic: string,
  topics: Map<string, (TopicPartitionState | undefined)[]>,
): void {
  let kept = 0;
  for (let p = 0; p < partitions.length; p++) {
    const tp = partitions[p];
    if (!tp) continue;
    if (tp.mark === this) {
      kept++;
      continue;
    }
    tp.removed = true;
    partitions[p] = undefined;
  }
  if (kept === 0) topics.delete(topic);
}

/** Drops groups not seen for longer than `afterMs`. */
export function expireGroups(cluster: ClusterState, now: number, afterMs: number): void {
  cluster.groups.forEach(expireIfUnseen, { seenAfter: now - afterMs });
}

/** forEach callback: drops the group unless it was seen at or after `this.seenAfter`. */
function expireIfUnseen(
  this: { readonly seenAfter: number },
  group: GroupState,
  name: string,
  groups: Map<string, GroupState>,
): void {
  if (group.lastSeen < this.seenAfter) groups.delete(name);
}
