// The window store as plain data and back: what the state directory keeps across a
// restart. Samples and end-offset points keep their original timestamps (a long outage
// shows as a gap, and the rules see the real times). Numbers that come in runs are
// Float64Arrays, so a hundred thousand group-partitions copy in milliseconds.
import { EndOffsetHistory } from './end-offset-history.js';
import { SampleRing } from './sample-ring.js';
import { key, type ClusterState, type GroupPartitionState } from './cluster-state.js';
import type { WindowStoreOptions } from './store.js';

export interface TopicPartitionExport {
  readonly topic: string;
  readonly partition: number;
  readonly logEndOffset: number | null;
  /** The last log-end offsets, oldest first. */
  readonly recentEnds: Float64Array;
  /** The end-offset history, oldest first: (offset, timestamp) per point. */
  readonly history: Float64Array;
}

export interface GroupPartitionExport {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: number | null;
  readonly currentLag: number | null;
  readonly messagesLost: number;
  readonly host: string | null;
  readonly clientId: string | null;
  /** The sample ring, oldest first: (offset, timestamp, lag or NaN) per sample. */
  readonly samples: Float64Array;
}

export interface GroupExport {
  readonly group: string;
  readonly lastSeen: number;
  readonly state: string | null;
  readonly members: number;
  readonly partitions: readonly GroupPartitionExport[];
}

export interface ClusterWindowsExport {
  readonly cluster: string;
  /** The last successful tick's time: its groups are the ones `windows()` returns. */
  readonly lastTakenAt: number | null;
  readonly topicPartitions: readonly TopicPartitionExport[];
  readonly groups: readonly GroupExport[];
}

export interface WindowStoreExport {
  readonly clusters: readonly ClusterWindowsExport[];
}

export function exportCluster(name: string, cluster: ClusterState): ClusterWindowsExport {
  const topicPartitions: TopicPartitionExport[] = [];
  for (const [k, tp] of cluster.topics) {
    const cut = k.lastIndexOf('\u0000');
    topicPartitions.push({
      topic: k.slice(0, cut),
      partition: Number(k.slice(cut + 1)),
      logEndOffset: tp.logEndOffset,
      recentEnds: Float64Array.from(tp.recentEnds),
      history: tp.history.toFlat(),
    });
  }
  const groups: GroupExport[] = [];
  for (const [group, g] of cluster.groups) {
    const partitions: GroupPartitionExport[] = [];
    for (const p of g.partitions.values()) {
      partitions.push({
        topic: p.topic,
        partition: p.partition,
        committedOffset: p.committedOffset,
        currentLag: p.currentLag,
        messagesLost: p.messagesLost,
        host: p.host,
        clientId: p.clientId,
        samples: p.samples.toFlat(),
      });
    }
    groups.push({ group, lastSeen: g.lastSeen, state: g.state, members: g.members, partitions });
  }
  return { cluster: name, lastTakenAt: cluster.lastTakenAt, topicPartitions, groups };
}

export function importCluster(
  exported: ClusterWindowsExport,
  options: WindowStoreOptions,
): ClusterState {
  const cluster: ClusterState = {
    topics: new Map(),
    groups: new Map(),
    lastTakenAt: exported.lastTakenAt,
  };
  for (const tp of exported.topicPartitions) {
    const recentEnds = Array.from(tp.recentEnds);
    cluster.topics.set(key(tp.topic, tp.partition), {
      history: EndOffsetHistory.fromFlat(options.endOffsetHistory, tp.history),
      recentEnds: recentEnds.slice(Math.max(0, recentEnds.length - options.intervals)),
      logEndOffset: tp.logEndOffset,
    });
  }
  for (const g of exported.groups) {
    const partitions = new Map<string, GroupPartitionState>();
    for (const p of g.partitions) {
      partitions.set(key(p.topic, p.partition), {
        topic: p.topic,
        partition: p.partition,
        samples: SampleRing.fromFlat(options.intervals, p.samples),
        committedOffset: p.committedOffset,
        currentLag: p.currentLag,
        messagesLost: p.messagesLost,
        host: p.host,
        clientId: p.clientId,
      });
    }
    cluster.groups.set(g.group, {
      lastSeen: g.lastSeen,
      state: g.state,
      members: g.members,
      partitions,
    });
  }
  return cluster;
}
