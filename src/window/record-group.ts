// One group of a tick's snapshot into the window store: its topic-partitions marked as
// watched, its partitions' columns laid out again only when the set of partitions changed,
// and each partition's numbers (and, per tick, a sample) written in place.
import type { GroupLag, PartitionLag } from '../contract/snapshot.js';
import {
  topicPartition,
  type ClusterState,
  type TopicPartitionState,
  type WindowSizes,
} from './cluster-state.js';
import { GroupPartitions } from './group-partitions.js';

export function recordGroup(
  cluster: ClusterState,
  g: GroupLag,
  at: number,
  samples: 'ticks' | 'commits',
  sizes: WindowSizes,
): void {
  let group = cluster.groups.get(g.group);
  const unchanged = !g.fault && group !== undefined && group.partitions.matches(g.partitions);
  if (unchanged) {
    const tps = group!.partitions.tps;
    for (let i = 0; i < tps.length; i++) tps[i]!.watchedAt = at;
  } else {
    // Not the usual case (a new group, a change of partitions, a fault): find each by name.
    for (const p of g.partitions)
      topicPartition(cluster, p.topic, p.partition, sizes.endOffsetHistory).watchedAt = at;
  }
  if (g.fault?.code === 'GROUP_VANISHED') {
    cluster.groups.delete(g.group);
    return;
  }
  if (!group) {
    group = {
      lastSeen: at,
      state: null,
      members: 0,
      type: null,
      partitions: GroupPartitions.empty(sizes.intervals),
    };
    cluster.groups.set(g.group, group);
  }
  group.lastSeen = at;
  // Known even for a group sampled in part (share and streams groups are not judged).
  group.type = g.type ?? null;
  if (g.fault) return; // partly sampled: keep the window as it was, add nothing
  group.state = g.state;
  group.members = g.members;
  const addSample = samples === 'ticks';
  const listed = g.partitions;
  let partitions = group.partitions;
  if (!unchanged)
    partitions = group.partitions = relayout(cluster, partitions, listed, at, samples, sizes);
  if (unchanged || partitions.matches(listed)) {
    for (let i = 0; i < listed.length; i++) partitions.update(i, listed[i]!, at, addSample);
  } else {
    // Listed twice, or kept from before (commit mode): find each.
    for (const p of listed) {
      partitions.update(partitions.indexOf(p.topic, p.partition), p, at, addSample);
    }
  }
}

/**
 * The group's partitions as the tick lists them (those listed twice once), carrying over
 * what was known of each; in commit mode a partition not listed stays when a commit was
 * read after the tick asked for offsets (the next tick decides).
 */
function relayout(
  cluster: ClusterState,
  old: GroupPartitions,
  listed: readonly PartitionLag[],
  at: number,
  samples: 'ticks' | 'commits',
  sizes: WindowSizes,
): GroupPartitions {
  const tps: TopicPartitionState[] = [];
  const from: ({ group: GroupPartitions; index: number } | null)[] = [];
  const taken = new Set<number>();
  const seen = new Set<TopicPartitionState>();
  for (const p of listed) {
    const tp = topicPartition(cluster, p.topic, p.partition, sizes.endOffsetHistory);
    if (seen.has(tp)) continue;
    seen.add(tp);
    const index = old.indexOf(p.topic, p.partition);
    tps.push(tp);
    from.push(index >= 0 && !old.tps[index]!.removed ? { group: old, index } : null);
    if (index >= 0) taken.add(index);
  }
  if (samples === 'commits') {
    for (let i = 0; i < old.count; i++) {
      if (taken.has(i) || old.tps[i]!.removed || (old.lastTimestamp(i) ?? 0) < at) continue;
      tps.push(old.tps[i]!);
      from.push({ group: old, index: i });
    }
  }
  return GroupPartitions.assemble(sizes.intervals, tps, from);
}
