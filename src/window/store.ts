// The window store: what lagwatch remembers between ticks, per cluster.
// - per group-partition: a ring of the last `intervals` samples (one per successful tick);
// - per topic-partition: the end-offset history (for lag in seconds) and the last
//   `intervals` log-end offsets (Burrow's broker offsets).
// Groups not seen for `expireGroupAfterMs` are dropped, so are partitions of deleted
// topics and partitions a group no longer commits to or owns. No I/O; memory is
// proportional to what is tracked.
import type { ClusterSnapshot } from '../contract/snapshot.js';
import type { GroupWindow, PartitionWindow } from '../contract/evaluation.js';
import { addCommit, type CommitSample } from './commit-samples.js';
import { EndOffsetHistory } from './end-offset-history.js';
import {
  expireGroups,
  forgetDeletedTopics,
  forgetUnwatchedPartitions,
  key,
  newGroupPartition,
  type ClusterState,
  type GroupState,
} from './cluster-state.js';
import {
  exportCluster,
  importCluster,
  type ImportCounts,
  type ImportFilter,
  type WindowStoreExport,
} from './store-export.js';
import { catchUpMs, timeLagMs } from './time-lag.js';

export interface WindowStoreOptions {
  /** Samples kept per group-partition (Burrow's intervals). */
  readonly intervals: number;
  readonly expireGroupAfterMs: number;
  /** (log-end offset, time) points kept per topic-partition. */
  readonly endOffsetHistory: number;
}

const keepAll: ImportFilter = { group: () => true, topic: () => true };

export class WindowStore {
  readonly #options: WindowStoreOptions;
  readonly #clusters = new Map<string, ClusterState>();

  constructor(options: WindowStoreOptions) {
    this.#options = options;
  }

  /**
   * Takes one tick's snapshot in. A failed tick adds nothing. With `samples: 'commits'`
   * (commit-stream mode) the tick adds no samples: `recordCommit` does, one per commit.
   */
  record(snapshot: ClusterSnapshot, samples: 'ticks' | 'commits' = 'ticks'): void {
    if (!snapshot.available) return;
    const cluster = this.#cluster(snapshot.cluster);
    const at = snapshot.takenAt;
    if (cluster.lastTakenAt !== null && at <= cluster.lastTakenAt) return; // stale, out of order
    cluster.lastTakenAt = at;

    // History is kept only where some group commits or owns: lag in time needs no more.
    const watched = new Set<string>();
    for (const g of snapshot.groups)
      for (const p of g.partitions) watched.add(key(p.topic, p.partition));
    for (const o of snapshot.offsets) {
      const k = key(o.topic, o.partition);
      if (!watched.has(k)) continue;
      let tp = cluster.topics.get(k);
      if (!tp) {
        tp = {
          history: new EndOffsetHistory(this.#options.endOffsetHistory),
          recentEnds: [],
          logEndOffset: null,
        };
        cluster.topics.set(k, tp);
      }
      tp.logEndOffset = o.logEndOffset;
      if (o.logEndOffset !== null) {
        tp.history.add(o.logEndOffset, at);
        tp.recentEnds.push(o.logEndOffset);
        if (tp.recentEnds.length > this.#options.intervals) tp.recentEnds.shift();
      }
    }

    for (const g of snapshot.groups) {
      if (g.fault?.code === 'GROUP_VANISHED') {
        cluster.groups.delete(g.group);
        continue;
      }
      let group = cluster.groups.get(g.group);
      if (!group) {
        group = { lastSeen: at, state: null, members: 0, type: null, partitions: new Map() };
        cluster.groups.set(g.group, group);
      }
      group.lastSeen = at;
      // Known even for a group sampled in part (share and streams groups are not judged).
      group.type = g.type ?? null;
      if (g.fault) continue; // partly sampled: keep the window as it was, add nothing
      group.state = g.state;
      group.members = g.members;
      const present = new Set<string>();
      for (const p of g.partitions) {
        const k = key(p.topic, p.partition);
        present.add(k);
        let state = group.partitions.get(k);
        if (!state) {
          state = newGroupPartition(p.topic, p.partition, this.#options.intervals);
          group.partitions.set(k, state);
        }
        state.committedOffset = p.committedOffset;
        state.currentLag = p.lag;
        state.messagesLost = p.messagesLost;
        state.host = p.host;
        state.clientId = p.clientId;
        if (p.committedOffset !== null && samples === 'ticks')
          state.samples.push(p.committedOffset, at, p.lag);
      }
      for (const [k, p] of group.partitions) {
        // A commit read after the tick asked for offsets stays for the next tick.
        if (!present.has(k) && !(samples === 'commits' && (p.samples.lastTimestamp() ?? 0) >= at))
          group.partitions.delete(k);
      }
    }

    forgetDeletedTopics(cluster, new Set(snapshot.topics));
    expireGroups(cluster, at, this.#options.expireGroupAfterMs);
    forgetUnwatchedPartitions(cluster);
  }

  /** One commit read from the offsets topic, as a sample (commit-samples.ts says how). */
  recordCommit(clusterName: string, commit: CommitSample, minDistanceMs: number): void {
    addCommit(this.#cluster(clusterName), commit, this.#options.intervals, minDistanceMs);
  }

  /** Samples kept per group-partition (Burrow's intervals): the length of a full ring. */
  get intervals(): number {
    return this.#options.intervals;
  }

  /** The windows of the groups seen at the cluster's last successful tick, by group name. */
  windows(clusterName: string): GroupWindow[] {
    const out: GroupWindow[] = [];
    for (const name of this.currentGroups(clusterName)) out.push(this.window(clusterName, name)!);
    return out;
  }

  /** The names of the groups seen at the cluster's last successful tick, sorted. */
  currentGroups(clusterName: string): string[] {
    const cluster = this.#clusters.get(clusterName);
    if (!cluster || cluster.lastTakenAt === null) return [];
    const names: string[] = [];
    for (const [name, group] of cluster.groups)
      if (group.lastSeen === cluster.lastTakenAt) names.push(name);
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * One group's window, as `windows` has it; null when the group was not seen at the
   * cluster's last successful tick (or was deleted since).
   */
  window(clusterName: string, groupName: string): GroupWindow | null {
    const cluster = this.#clusters.get(clusterName);
    const group = cluster?.groups.get(groupName);
    if (!cluster || !group || cluster.lastTakenAt === null) return null;
    if (group.lastSeen !== cluster.lastTakenAt) return null;
    return this.#window(clusterName, cluster, groupName, group, cluster.lastTakenAt);
  }

  #window(
    clusterName: string,
    cluster: ClusterState,
    name: string,
    group: GroupState,
    at: number,
  ): GroupWindow {
    const partitions: PartitionWindow[] = [];
    // The partition's key in `group.partitions` is its topic-partition's in `cluster.topics`.
    for (const [k, p] of group.partitions) {
      const tp = cluster.topics.get(k);
      const currentLag = p.currentLag ?? 0;
      partitions.push({
        topic: p.topic,
        partition: p.partition,
        samples: p.samples.toArray(),
        brokerOffsets: tp ? [...tp.recentEnds] : [],
        currentLag,
        owner: p.host ?? undefined,
        clientId: p.clientId ?? undefined,
        timeLagMs:
          p.committedOffset !== null && tp?.logEndOffset != null
            ? timeLagMs(tp.history, p.committedOffset, tp.logEndOffset, at)
            : null,
        catchUpMs:
          p.committedOffset !== null ? catchUpMs(p.samples, tp?.history, currentLag) : null,
        messagesLost: p.messagesLost,
      });
    }
    partitions.sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    return {
      cluster: clusterName,
      group: name,
      state: group.state,
      members: group.members,
      type: group.type,
      partitions,
    };
  }

  /** Forgets a group (Burrow's DELETE of a consumer). True if it was known. */
  deleteGroup(clusterName: string, group: string): boolean {
    return this.#clusters.get(clusterName)?.groups.delete(group) ?? false;
  }

  /**
   * Forgets what a group committed to one topic (Burrow's DELETE of a consumer's topic);
   * a group left with no partitions is forgotten whole. True if the group had the topic.
   * The next tick that sees the group commit to the topic starts its windows afresh.
   */
  deleteGroupTopic(clusterName: string, groupName: string, topic: string): boolean {
    const groups = this.#clusters.get(clusterName)?.groups;
    const group = groups?.get(groupName);
    if (!groups || !group) return false;
    let found = false;
    for (const [k, p] of group.partitions) {
      if (p.topic !== topic) continue;
      group.partitions.delete(k);
      found = true;
    }
    if (found && group.partitions.size === 0) groups.delete(groupName);
    return found;
  }

  /**
   * Everything the store keeps, as plain data (samples with their original timestamps),
   * for the state directory. A copy: later ticks do not change it. `reuse`: the previous
   * export, which the caller no longer reads: its numbers are written over rather than
   * allocated again (tens of MB each time at 100,000 group-partitions).
   */
  exportState(reuse?: WindowStoreExport): WindowStoreExport {
    const previous = new Map(reuse?.clusters.map((c) => [c.cluster, c.numbers]));
    return {
      clusters: [...this.#clusters].map(([name, cluster]) =>
        exportCluster(name, cluster, this.#options, previous.get(name)),
      ),
    };
  }

  /**
   * Takes back what `exportState` gave, replacing what the store holds for those clusters,
   * less the groups and topics `filter` no longer admits. Rings and histories are cut to
   * this store's sizes (the newest kept) when the config shrank them; nothing is judged or
   * expired here: the next tick does that. All or nothing: damaged data throws
   * (RangeError) before the store changes.
   */
  importState(state: WindowStoreExport, filter: ImportFilter = keepAll): ImportCounts {
    const counts: ImportCounts = {
      groups: 0,
      partitions: 0,
      newestSampleAt: null,
      droppedGroups: 0,
      droppedPartitions: 0,
    };
    const imported = state.clusters.map((c) => importCluster(c, this.#options, filter, counts));
    state.clusters.forEach((c, i) => this.#clusters.set(c.cluster, imported[i]!));
    return counts;
  }

  stats(): { clusters: number; groups: number; groupPartitions: number; topicPartitions: number } {
    let groups = 0;
    let groupPartitions = 0;
    let topicPartitions = 0;
    for (const cluster of this.#clusters.values()) {
      groups += cluster.groups.size;
      topicPartitions += cluster.topics.size;
      for (const g of cluster.groups.values()) groupPartitions += g.partitions.size;
    }
    return { clusters: this.#clusters.size, groups, groupPartitions, topicPartitions };
  }

  #cluster(name: string): ClusterState {
    let cluster = this.#clusters.get(name);
    if (!cluster) {
      cluster = { topics: new Map(), groups: new Map(), lastTakenAt: null };
      this.#clusters.set(name, cluster);
    }
    return cluster;
  }
}
