// The window store as data and back: what the state directory keeps across a restart.
// Samples and end-offset points keep their original timestamps (a long outage shows as a
// gap, and the rules see the real times). Per cluster, the numbers go into one
// Float64Array and the names into one string table, rather than an object per
// partition (which, at 100,000 group-partitions, cost 2.6 times the CPU: bench/state).
//
// A cluster's numbers, in order (null numbers as NaN, null names as -1):
//   per topic-partition: topic, partition, logEndOffset, recentEnds (count, values),
//                        history (count, (offset, timestamp)...)
//   per group, per partition: topic, partition, committedOffset, currentLag,
//                        messagesLost, host, clientId, samples (count, (offset, timestamp, lag)...)
// Names are indexes into `strings`.
import type { GroupType } from '../contract/snapshot.js';
import { EndOffsetHistory } from './end-offset-history.js';
import {
  forgetUnwatchedPartitions,
  newClusterState,
  topicPartition,
  type ClusterState,
  type TopicPartitionState,
} from './cluster-state.js';
import { orNull } from '../contract/nan-null.js';
import { GroupPartitions } from './group-partitions.js';
import { NumberColumn, NumberReader } from './number-column.js';
import { RecentEnds } from './recent-ends.js';
import type { WindowStoreOptions } from './store.js';

export interface GroupExport {
  readonly group: string;
  readonly lastSeen: number;
  readonly state: string | null;
  readonly members: number;
  /** classic, consumer or other (share, streams); null if the broker did not say. */
  readonly type: GroupType | null;
  /** How many of the cluster's group-partition records are this group's. */
  readonly partitions: number;
}

export interface ClusterWindowsExport {
  readonly cluster: string;
  /** The last successful tick's time: its groups are the ones `windows()` returns. */
  readonly lastTakenAt: number | null;
  readonly strings: readonly string[];
  readonly topicPartitions: number;
  readonly groups: readonly GroupExport[];
  readonly numbers: Float64Array;
}

export interface WindowStoreExport {
  readonly clusters: readonly ClusterWindowsExport[];
}

/** What to keep on import: the filters of the config now (names it no longer watches go). */
export interface ImportFilter {
  group(cluster: string, group: string): boolean;
  topic(cluster: string, topic: string): boolean;
}

export interface ImportCounts {
  groups: number;
  partitions: number;
  /** The newest sample's time among those kept; null with none. */
  newestSampleAt: number | null;
  droppedGroups: number;
  droppedPartitions: number;
}

const NULL = Number.NaN;

/** `reuse`: a previous export's numbers that nobody reads any more, written over. */
export function exportCluster(
  name: string,
  cluster: ClusterState,
  options: WindowStoreOptions,
  reuse?: Float64Array,
): ClusterWindowsExport {
  const strings = new StringTable();
  const numbers = new NumberColumn(exportSizeBound(cluster, options), reuse);
  let topicPartitions = 0;
  for (const [topic, partitions] of cluster.topics) {
    for (const tp of partitions) {
      if (!tp?.listed) continue; // known only by name: nothing to keep
      topicPartitions++;
      const out = numbers.reserve(4 + tp.recentEnds.length + tp.history.exportLength);
      let at = numbers.length;
      out[at++] = strings.index(topic);
      out[at++] = tp.partition;
      out[at++] = tp.logEndOffset ?? NULL;
      out[at++] = tp.recentEnds.length;
      for (let i = 0; i < tp.recentEnds.length; i++) out[at++] = tp.recentEnds.at(i);
      numbers.advance(tp.history.writeTo(out, at));
    }
  }
  const groups: GroupExport[] = [];
  const topicAt = strings.lane();
  const hostAt = strings.lane();
  const clientIdAt = strings.lane();
  for (const [group, g] of cluster.groups) {
    const gp = g.partitions;
    for (let i = 0; i < gp.count; i++) {
      // One write per partition into the column's array: the export's hot loop.
      const out = numbers.reserve(7 + 1 + 3 * gp.size(i));
      let at = numbers.length;
      const tp = gp.tps[i]!;
      out[at++] = topicAt(tp.topic);
      out[at++] = tp.partition;
      out[at++] = gp.committedOffset(i) ?? NULL;
      out[at++] = gp.currentLag(i) ?? NULL;
      out[at++] = gp.messagesLost(i);
      out[at++] = hostAt(gp.hosts[i]!);
      out[at++] = clientIdAt(gp.clientIds[i]!);
      numbers.advance(gp.writeSamples(i, out, at));
    }
    groups.push({
      group,
      lastSeen: g.lastSeen,
      state: g.state,
      members: g.members,
      type: g.type,
      partitions: g.partitions.count,
    });
  }
  return {
    cluster: name,
    lastTakenAt: cluster.lastTakenAt,
    strings: strings.strings,
    topicPartitions,
    groups,
    numbers: numbers.toArray(),
  };
}

/**
 * At least as many numbers as `exportCluster` writes (full rings and histories), counted
 * from the map sizes alone: the column is made that long once, never copied, and the
 * pages a short ring leaves unwritten are never touched.
 */
function exportSizeBound(cluster: ClusterState, options: WindowStoreOptions): number {
  let partitions = 0;
  for (const g of cluster.groups.values()) partitions += g.partitions.count;
  let topicPartitions = 0;
  for (const tps of cluster.topics.values()) topicPartitions += tps.length;
  const perTopicPartition = 5 + options.intervals + 2 * options.endOffsetHistory;
  return topicPartitions * perTopicPartition + partitions * (8 + 3 * options.intervals);
}

/** Names as indexes into one list (null as -1). */
class StringTable {
  readonly strings: string[] = [];
  readonly #index = new Map<string, number>();

  index(text: string): number {
    let at = this.#index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.#index.set(text, at);
    }
    return at;
  }

  /**
   * `index` for one field of the partitions: a group's partitions mostly repeat the
   * field's last value (one topic, one member), found then without a lookup.
   */
  lane(): (text: string | null) => number {
    let last: string | null = null;
    let lastAt = -1;
    return (text) => {
      if (text === last) return lastAt;
      last = text;
      lastAt = text === null ? -1 : this.index(text);
      return lastAt;
    };
  }
}

/**
 * The cluster as the store keeps it, less the groups and topics `filter` no longer
 * admits (and the topic-partitions only they read). Throws ColumnOverrun or RangeError
 * (both RangeErrors) when the numbers do not match the description (damaged data).
 */
export function importCluster(
  exported: ClusterWindowsExport,
  options: WindowStoreOptions,
  filter: ImportFilter,
  counts: ImportCounts,
): ClusterState {
  const name = exported.cluster;
  const cluster = newClusterState(exported.lastTakenAt);
  const reader = new NumberReader(exported.numbers);
  const text = (at: number): string => {
    const value = exported.strings[at];
    if (value === undefined) throw new RangeError(`no string ${at}`);
    return value;
  };
  const textOrNull = (at: number): string | null => (at === -1 ? null : text(at));
  const topicOk = new Map<string, boolean>();
  const admitted = (topic: string): boolean => {
    let ok = topicOk.get(topic);
    if (ok === undefined) topicOk.set(topic, (ok = filter.topic(name, topic)));
    return ok;
  };
  const tpOf = (topic: string, partition: number): TopicPartitionState => {
    if (!Number.isInteger(partition) || partition < 0) {
      throw new RangeError(`partition ${partition} of ${topic}`);
    }
    return topicPartition(cluster, topic, partition, options.endOffsetHistory);
  };
  for (let i = 0; i < exported.topicPartitions; i++) {
    const topic = text(reader.next());
    const partition = reader.next();
    const logEndOffset = orNull(reader.next());
    const recentEnds = Array.from(reader.run());
    const history = EndOffsetHistory.readFrom(options.endOffsetHistory, reader);
    if (!admitted(topic)) continue;
    const tp = tpOf(topic, partition);
    // The history read, in place of the empty one made with the topic-partition.
    cluster.topics.get(topic)![partition] = {
      ...tp,
      history,
      recentEnds: RecentEnds.of(recentEnds, options.intervals),
      logEndOffset,
      listed: true,
    };
  }
  let rings = 0;
  for (const g of exported.groups) rings += g.partitions;
  if (!Number.isInteger(rings) || rings < 0 || rings * 8 > exported.numbers.length) {
    throw new RangeError(`${rings} group-partitions cannot fit in the numbers`);
  }
  const scalars = new Float64Array(3);
  for (const g of exported.groups) {
    const keepGroup = filter.group(name, g.group);
    // Read first, then laid out: the count kept is known only at the end.
    const tps: TopicPartitionState[] = [];
    const rows: {
      scalars: Float64Array;
      host: string | null;
      clientId: string | null;
      samples: Float64Array;
    }[] = [];
    const seen = new Set<TopicPartitionState>();
    for (let i = 0; i < g.partitions; i++) {
      const topic = text(reader.next());
      const partition = reader.next();
      scalars[0] = reader.next();
      scalars[1] = reader.next();
      scalars[2] = reader.next();
      const host = textOrNull(reader.next());
      const clientId = textOrNull(reader.next());
      const samples = reader.run();
      if (!keepGroup || !admitted(topic)) {
        counts.droppedPartitions++;
        continue;
      }
      const tp = tpOf(topic, partition);
      if (seen.has(tp)) continue; // listed twice: the first is kept
      seen.add(tp);
      tps.push(tp);
      rows.push({ scalars: scalars.slice(), host, clientId, samples });
    }
    if (!keepGroup || (tps.length === 0 && g.partitions > 0)) {
      counts.droppedGroups++;
      continue;
    }
    const gp = GroupPartitions.assemble(options.intervals, tps, []);
    rows.forEach((row, i) => {
      gp.setScalars(i, row.scalars[0]!, row.scalars[1]!, row.scalars[2]!);
      gp.hosts[i] = row.host;
      gp.clientIds[i] = row.clientId;
      gp.readSamples(i, row.samples);
      const newest = gp.lastTimestamp(i);
      if (newest !== undefined && (counts.newestSampleAt ?? -Infinity) < newest) {
        counts.newestSampleAt = newest;
      }
    });
    counts.groups++;
    counts.partitions += gp.count;
    cluster.groups.set(g.group, {
      lastSeen: g.lastSeen,
      state: g.state,
      members: g.members,
      type: g.type,
      partitions: gp,
    });
  }
  if (reader.remaining !== 0) throw new RangeError(`${reader.remaining} numbers left over`);
  // A topic-partition no kept group-partition reads needs no history (as after a tick).
  forgetUnwatchedPartitions(cluster);
  return cluster;
}
