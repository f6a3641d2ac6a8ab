// What the window store keeps per cluster, in memory: shared by the store and by its
// export and import (store-export.ts), which restore it after a restart.
import type { GroupType } from '../contract/snapshot.js';
import type { EndOffsetHistory } from './end-offset-history.js';
import { SampleRing } from './sample-ring.js';

export interface TopicPartitionState {
  readonly history: EndOffsetHistory;
  /** The last `intervals` log-end offsets, oldest first. */
  readonly recentEnds: number[];
  logEndOffset: number | null;
}

export interface GroupPartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly samples: SampleRing;
  committedOffset: number | null;
  currentLag: number | null;
  messagesLost: number;
  host: string | null;
  clientId: string | null;
}

export interface GroupState {
  lastSeen: number;
  state: string | null;
  members: number;
  /** classic, consumer or other; null if the broker did not say. Kept across a restart. */
  type: GroupType | null;
  readonly partitions: Map<string, GroupPartitionState>;
}

export interface ClusterState {
  readonly topics: Map<string, TopicPartitionState>;
  readonly groups: Map<string, GroupState>;
  /** The time of the last successful tick; the groups seen then are the current ones. */
  lastTakenAt: number | null;
}

/** The key of a topic-partition in the maps above. */
export const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** A group-partition seen for the first time: no samples, nothing known yet. */
export function newGroupPartition(
  topic: string,
  partition: number,
  intervals: number,
): GroupPartitionState {
  return {
    topic,
    partition,
    samples: new SampleRing(intervals),
    committedOffset: null,
    currentLag: null,
    messagesLost: 0,
    host: null,
    clientId: null,
  };
}

/** Drops topic-partitions and group-partitions of topics the cluster no longer has. */
export function forgetDeletedTopics(cluster: ClusterState, existing: ReadonlySet<string>): void {
  for (const k of cluster.topics.keys()) {
    if (!existing.has(k.slice(0, k.lastIndexOf('\u0000')))) cluster.topics.delete(k);
  }
  for (const group of cluster.groups.values()) {
    for (const [k, p] of group.partitions) if (!existing.has(p.topic)) group.partitions.delete(k);
  }
}

/** A topic-partition no tracked group commits to or owns needs no history. */
export function forgetUnwatchedPartitions(cluster: ClusterState): void {
  const watched = new Set<string>();
  for (const group of cluster.groups.values()) {
    for (const k of group.partitions.keys()) watched.add(k);
  }
  for (const k of cluster.topics.keys()) if (!watched.has(k)) cluster.topics.delete(k);
}

/** Drops groups not seen for longer than `afterMs`. */
export function expireGroups(cluster: ClusterState, now: number, afterMs: number): void {
  for (const [name, group] of cluster.groups) {
    if (now - group.lastSeen > afterMs) cluster.groups.delete(name);
  }
}
