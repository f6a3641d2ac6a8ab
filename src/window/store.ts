// The window store: what lagwatch remembers between ticks, per cluster.
// - per group-partition: a ring of the last `intervals` samples (one per successful tick),
//   in columns per group (group-partitions.ts);
// - per topic-partition: the end-offset history (for lag in seconds) and the last
//   `intervals` log-end offsets (Burrow's broker offsets).
// Groups not seen for `expireGroupAfterMs` are dropped, so are partitions of deleted
// topics and partitions a group no longer commits to or owns. No I/O; memory is
// proportional to what is tracked.
import {
  listedGroups,
  type ClusterSnapshot,
  type GroupLag,
  type GroupLagSource,
  type SnapshotHead,
} from '../contract/snapshot.js';
import type { GroupWindow, PartitionWindow } from '../contract/evaluation.js';
import { addCommit, type CommitSample } from './commit-samples.js';
import {
  newClusterState,
  type ClusterState,
  type GroupState,
  type WindowSizes,
} from './cluster-state.js';
import { SnapshotRecording } from './snapshot-recording.js';
import {
  exportCluster,
  importCluster,
  type ImportCounts,
  type ImportFilter,
  type WindowStoreExport,
} from './store-export.js';
import { StoredWindow } from './stored-window.js';
import { byCodeUnit } from '../contract/sort-orders.js';
import type { Mutable } from '../contract/mutable.js';

export interface WindowStoreOptions extends WindowSizes {
  readonly expireGroupAfterMs: number;
}

const keepAll: ImportFilter = { group: () => true, topic: () => true };

export class WindowStore {
  readonly #options: WindowStoreOptions;
  readonly #clusters = new Map<string, ClusterState>();
  /** The partition windows windowToJudge hands out, again and again: as many as the largest group. */
  readonly #views: StoredWindow[] = [];
  /** The lists of them windowToJudge hands out, by length (a group's partition count). */
  readonly #viewLists: PartitionWindow[][] = [];
  /** The group window windowToJudge hands out, again and again. */
  readonly #judging: Mutable<GroupWindow> = {
    cluster: '',
    group: '',
    state: null,
    members: 0,
    type: null,
    partitions: [],
  };
  /** Each cluster's snapshot being recorded, while one is (at most one a cluster). */
  readonly #recordings = new Map<string, SnapshotRecording>();
  /**
   * Called by each recording as it ends. One function for the store's life, not a closure
   * per recording: V8 inlines the call into the recording's optimized code and holds its
   * target weakly, so a recording's own closure, dead by the next tick, threw that code
   * away each tick ("weak objects", "wrong call target") to be compiled again.
   */
  readonly #recordingEnded = (recording: SnapshotRecording): void => {
    if (this.#recordings.get(recording.cluster) === recording)
      this.#recordings.delete(recording.cluster);
  };

  constructor(options: WindowStoreOptions) {
    this.#options = options;
  }

  /**
   * Takes one tick's snapshot in, at once. A failed tick adds nothing. With `samples:
   * 'commits'` (commit-stream mode) the tick adds no samples: `recordCommit` does, one per
   * commit.
   */
  record(snapshot: ClusterSnapshot, samples: 'ticks' | 'commits' = 'ticks'): void {
    this.startRecording(snapshot, samples)?.finish();
  }

  /**
   * Starts taking one tick's snapshot in, a group at a time (snapshot-recording.ts); null
   * when it adds nothing (a failed tick, or one older than the cluster's last). A recording
   * of the same cluster still open is finished first. The groups are the snapshot's unless
   * `groups` hands them out (the service's tick makes each when it is recorded).
   */
  startRecording(
    snapshot: SnapshotHead & { readonly groups?: readonly GroupLag[] },
    samples: 'ticks' | 'commits' = 'ticks',
    groups: GroupLagSource = listedGroups(snapshot.groups ?? []),
  ): SnapshotRecording | null {
    if (!snapshot.available) return null;
    const name = snapshot.cluster;
    this.#finishRecording(name);
    const cluster = this.#cluster(name);
    const at = snapshot.takenAt;
    if (cluster.lastTakenAt !== null && at <= cluster.lastTakenAt) return null; // stale, out of order
    // The cluster's open recording was finished above, so this one is the only one to delete.
    const recording = new SnapshotRecording(
      cluster,
      snapshot,
      groups,
      samples,
      this.#options,
      this.#recordingEnded,
    );
    this.#recordings.set(name, recording);
    return recording;
  }

  /** Finishes the cluster's open recording, if any: for what must see its tick whole. */
  #finishRecording(clusterName: string): void {
    this.#recordings.get(clusterName)?.finish();
  }

  /** Finishes every open recording (each removes itself from the map as it ends). */
  #finishRecordings(): void {
    for (const recording of [...this.#recordings.values()]) recording.finish();
  }

  /** One commit read from the offsets topic, as a sample (commit-samples.ts says how). */
  recordCommit(clusterName: string, commit: CommitSample, minDistanceMs: number): void {
    addCommit(this.#cluster(clusterName), commit, this.#options, minDistanceMs);
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
    const seen = { at: cluster.lastTakenAt, names: [] as string[] };
    cluster.groups.forEach(addIfSeen, seen); // a for-of made an entry array per group
    return seen.names.sort(byCodeUnit);
  }

  /**
   * One group's window, as `windows` has it; null when the group was not seen at the
   * cluster's last successful tick (or was deleted since).
   */
  window(clusterName: string, groupName: string): GroupWindow | null {
    return this.#windowOf(clusterName, groupName);
  }

  /**
   * The same window as `window`, to be judged at once and let go: it, its list of partitions
   * and the partitions are views the store rewrites on its next call, so judging a tick's
   * groups makes no window object per group or partition (the evaluator keeps nothing of a window: its statuses copy what they
   * show). Judge it before anything else can call this (no await in between); whatever
   * keeps a window (the API's consumer detail, a DELETE's re-judging) calls `window`.
   */
  windowToJudge(clusterName: string, groupName: string): GroupWindow | null {
    return this.#windowOf(clusterName, groupName, this.#views);
  }

  #windowOf(clusterName: string, groupName: string, views?: StoredWindow[]): GroupWindow | null {
    const cluster = this.#clusters.get(clusterName);
    const group = cluster?.groups.get(groupName);
    if (!cluster || !group) return null;
    // Seen at the last tick, or already recorded by the tick being recorded (its new window).
    const at = group.lastSeen;
    if (at !== cluster.lastTakenAt && at !== this.#recordings.get(clusterName)?.at) return null;
    return this.#window(clusterName, groupName, group, at, views);
  }

  /**
   * With `views`: partitions from (and added to) that pool rather than new ones, in a list
   * and a group window that are handed out again too (windowToJudge's: a tick judges every
   * group, and their lists and windows were a tenth of what judging allocated).
   */
  #window(
    clusterName: string,
    name: string,
    group: GroupState,
    at: number,
    views?: StoredWindow[],
  ): GroupWindow {
    const gp = group.partitions;
    const count = gp.count;
    const partitions =
      views === undefined
        ? new Array<PartitionWindow>(count)
        : (this.#viewLists[count] ??= new Array<PartitionWindow>(count));
    for (let k = 0; k < count; k++) {
      const i = gp.order[k]!;
      if (views === undefined) partitions[k] = new StoredWindow(gp, i, at).keep();
      else if (k < views.length) partitions[k] = views[k]!.load(gp, i, at);
      else partitions[k] = views[views.push(new StoredWindow(gp, i, at)) - 1]!;
    }
    const window: Mutable<GroupWindow> = views === undefined ? { ...this.#judging } : this.#judging;
    window.cluster = clusterName;
    window.group = name;
    window.state = group.state;
    window.members = group.members;
    window.type = group.type;
    window.partitions = partitions;
    return window;
  }

  /** Forgets a group (Burrow's DELETE of a consumer). True if it was known. */
  deleteGroup(clusterName: string, group: string): boolean {
    this.#finishRecording(clusterName);
    return this.#clusters.get(clusterName)?.groups.delete(group) ?? false;
  }

  /**
   * Forgets what a group committed to one topic (Burrow's DELETE of a consumer's topic);
   * a group left with no partitions is forgotten whole. True if the group had the topic.
   * The next tick that sees the group commit to the topic starts its windows afresh.
   */
  deleteGroupTopic(clusterName: string, groupName: string, topic: string): boolean {
    this.#finishRecording(clusterName);
    const groups = this.#clusters.get(clusterName)?.groups;
    const group = groups?.get(groupName);
    if (!groups || !group) return false;
    const gp = group.partitions;
    const remaining = gp.without((i) => gp.tps[i]!.topic === topic);
    if (remaining.count === gp.count) return false;
    group.partitions = remaining;
    if (remaining.count === 0) groups.delete(groupName);
    return true;
  }

  /**
   * Everything the store keeps, as plain data (samples with their original timestamps),
   * for the state directory. A copy: later ticks do not change it. `reuse`: the previous
   * export, which the caller no longer reads: its numbers are written over rather than
   * allocated again (tens of MB each time at 100,000 group-partitions).
   */
  exportState(reuse?: WindowStoreExport): WindowStoreExport {
    this.#finishRecordings();
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
    this.#finishRecordings();
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
      for (const partitions of cluster.topics.values()) {
        for (const tp of partitions) if (tp?.listed) topicPartitions++;
      }
      for (const g of cluster.groups.values()) groupPartitions += g.partitions.count;
    }
    return { clusters: this.#clusters.size, groups, groupPartitions, topicPartitions };
  }

  /**
   * Bytes of the numbers the store holds in typed arrays and arrays of numbers (samples,
   * offsets, times): the part of its memory that grows with `intervals` and
   * `endOffsetHistory`. The objects around them are counted by bench/window.
   */
  numberBytes(): { groupPartitions: number; topicPartitions: number } {
    let groupPartitions = 0;
    let topicPartitions = 0;
    for (const cluster of this.#clusters.values()) {
      for (const g of cluster.groups.values()) groupPartitions += g.partitions.numberBytes;
      for (const partitions of cluster.topics.values()) {
        for (const tp of partitions) {
          if (tp) topicPartitions += tp.history.numberBytes + 8 * tp.recentEnds.length;
        }
      }
    }
    return { groupPartitions, topicPartitions };
  }

  #cluster(name: string): ClusterState {
    let cluster = this.#clusters.get(name);
    if (!cluster) {
      cluster = newClusterState();
      this.#clusters.set(name, cluster);
    }
    return cluster;
  }
}

/** forEach callback: lists the group's name if it was seen at `this.at`. */
function addIfSeen(
  this: { readonly at: number; readonly names: string[] },
  group: GroupState,
  name: string,
): void {
  if (group.lastSeen === this.at) this.names.push(name);
}
