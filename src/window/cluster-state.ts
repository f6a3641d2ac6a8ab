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
