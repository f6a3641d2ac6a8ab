// Commit-stream mode: each commit read from `__consumer_offsets` is a sample at its own
// time, as Burrow stores it (core/internal/storage/inmemory.go, addConsumerOffset):
// - its lag is measured against the last log-end offset a tick read for the partition
//   (Burrow: the last broker offset it fetched), floored at 0; unknown (null) until a
//   tick has read one — Burrow drops such commits, lagwatch keeps the offset and time;
// - a commit less than `minDistanceMs` after the newest sample replaces that sample's
//   offset and lag but keeps its timestamp, so a consumer committing faster than
//   min-distance still moves forward in time, one slot per min-distance.
// - a commit older than the newest sample is skipped (already taken before a restart);
// The group and partition are created here when new; the next tick fills in what only a
// tick knows (state, members, owners, current lag), and drops what it does not list.
import { topicPartition, type ClusterState, type WindowSizes } from './cluster-state.js';
import { GroupPartitions } from './group-partitions.js';

export interface CommitSample {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The commit's own time (OffsetCommitValue's commitTimestamp), ms. */
  readonly timestamp: number;
}

export function addCommit(
  cluster: ClusterState,
  commit: CommitSample,
  sizes: WindowSizes,
  minDistanceMs: number,
): void {
  let group = cluster.groups.get(commit.group);
  if (!group) {
    // lastSeen 0: not served until a tick lists the group (then lastSeen is the tick's).
    group = {
      lastSeen: 0,
      state: null,
      members: 0,
      type: null,
      partitions: GroupPartitions.empty(sizes.intervals),
    };
    cluster.groups.set(commit.group, group);
  }
  let gp = group.partitions;
  let i = gp.indexOf(commit.topic, commit.partition);
  const tp =
    i >= 0
      ? gp.tps[i]!
      : topicPartition(cluster, commit.topic, commit.partition, sizes.endOffsetHistory);
  if (i < 0) {
    const tps = [...gp.tps, tp];
    const from = gp.tps.map((_, index) => ({ group: gp, index }));
    gp = group.partitions = GroupPartitions.assemble(sizes.intervals, tps, [...from, null]);
    i = gp.count - 1;
  }
  const logEnd = tp.logEndOffset;
  const lag = logEnd === null ? null : Math.max(0, logEnd - commit.offset);
  const last = gp.lastTimestamp(i);
  // Older than the newest sample: already taken (a replay after a restart restored the
  // rings from the state directory), or a coordinator clock that stepped back.
  if (last !== undefined && commit.timestamp < last) return;
  if (last !== undefined && commit.timestamp - last < minDistanceMs) {
    gp.replaceLast(i, commit.offset, lag);
  } else {
    gp.push(i, commit.offset, commit.timestamp, lag);
  }
}
