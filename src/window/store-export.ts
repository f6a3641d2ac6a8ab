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
import { SampleRing } from './sample-ring.js';
import { key, type ClusterState, type GroupPartitionState } from './cluster-state.js';
import { NumberColumn, NumberReader } from './number-column.js';
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
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** `reuse`: a previous export's numbers that nobody reads any more, written over. */
export function exportCluster(
  name: string,
  cluster: ClusterState,
  options: WindowStoreOptions,
  reuse?: Float64Array,
): ClusterWindowsExport {
  const strings = new StringTable();
  const numbers = new NumberColumn(exportSizeBound(cluster, options), reuse);
  for (const [k, tp] of cluster.topics) {
    const cut = k.lastIndexOf('\u0000');
    const out = numbers.reserve(4 + tp.recentEnds.length + tp.history.exportLength);
    let at = numbers.length;
    out[at++] = strings.index(k.slice(0, cut));
    out[at++] = Number(k.slice(cut + 1));
    out[at++] = tp.logEndOffset ?? NULL;
    out[at++] = tp.recentEnds.length;
    for (const end of tp.recentEnds) out[at++] = end;
    numbers.advance(tp.history.writeTo(out, at));
  }
  const groups: GroupExport[] = [];
  const topicAt = strings.lane();
  const hostAt = strings.lane();
  const clientIdAt = strings.lane();
  for (const [group, g] of cluster.groups) {
    for (const p of g.partitions.values()) {
      // One write per partition into the column's array: the export's hot loop.
      const out = numbers.reserve(7 + p.samples.exportLength);
      let at = numbers.length;
      out[at++] = topicAt(p.topic);
      out[at++] = p.partition;
      out[at++] = p.committedOffset ?? NULL;
      out[at++] = p.currentLag ?? NULL;
      out[at++] = p.messagesLost;
      out[at++] = hostAt(p.host);
      out[at++] = clientIdAt(p.clientId);
      numbers.advance(p.samples.writeTo(out, at));
    }
    groups.push({
      group,
      lastSeen: g.lastSeen,
      state: g.state,
      members: g.members,
      type: g.type,
      partitions: g.partitions.size,
    });
  }
  return {
    cluster: name,
    lastTakenAt: cluster.lastTakenAt,
    strings: strings.strings,
    topicPartitions: cluster.topics.size,
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
  for (const g of cluster.groups.values()) partitions += g.partitions.size;
  const perTopicPartition = 5 + options.intervals + 2 * options.endOffsetHistory;
  return cluster.topics.size * perTopicPartition + partitions * (8 + 3 * options.intervals);
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
  const cluster: ClusterState = {
    topics: new Map(),
    groups: new Map(),
    lastTakenAt: exported.lastTakenAt,
  };
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
  for (let i = 0; i < exported.topicPartitions; i++) {
    const topic = text(reader.next());
    const partition = reader.next();
    const logEndOffset = orNull(reader.next());
    const recentEnds = Array.from(reader.run());
    const history = EndOffsetHistory.readFrom(options.endOffsetHistory, reader);
    if (!admitted(topic)) continue;
    cluster.topics.set(key(topic, partition), {
      history,
      recentEnds: recentEnds.slice(Math.max(0, recentEnds.length - options.intervals)),
      logEndOffset,
    });
  }
  // One block for every ring restored (see SampleRing's constructor).
  let rings = 0;
  for (const g of exported.groups) rings += g.partitions;
  if (!Number.isInteger(rings) || rings < 0 || rings * 8 > exported.numbers.length) {
    throw new RangeError(`${rings} group-partitions cannot fit in the numbers`);
  }
  const block = SampleRing.block(options.intervals, rings);
  let ring = 0;
  for (const g of exported.groups) {
    const keepGroup = filter.group(name, g.group);
    const partitions = new Map<string, GroupPartitionState>();
    for (let i = 0; i < g.partitions; i++) {
      const p: GroupPartitionState = {
        topic: text(reader.next()),
        partition: reader.next(),
        committedOffset: orNull(reader.next()),
        currentLag: orNull(reader.next()),
        messagesLost: reader.next(),
        host: textOrNull(reader.next()),
        clientId: textOrNull(reader.next()),
        samples: SampleRing.readFrom(
          options.intervals,
          reader,
          SampleRing.slotsIn(block, options.intervals, ring++),
        ),
      };
      if (!keepGroup || !admitted(p.topic)) {
        counts.droppedPartitions++;
        continue;
      }
      partitions.set(key(p.topic, p.partition), p);
      const newest = p.samples.lastTimestamp();
      if (newest !== undefined && (counts.newestSampleAt ?? -Infinity) < newest) {
        counts.newestSampleAt = newest;
      }
    }
    if (!keepGroup || (partitions.size === 0 && g.partitions > 0)) {
      counts.droppedGroups++;
      continue;
    }
    counts.groups++;
    counts.partitions += partitions.size;
    cluster.groups.set(g.group, {
      lastSeen: g.lastSeen,
      state: g.state,
      members: g.members,
      type: g.type,
      partitions,
    });
  }
  if (reader.remaining !== 0) throw new RangeError(`${reader.remaining} numbers left over`);
  // A topic-partition no kept group-partition reads needs no history (as after a tick).
  const read = new Set<string>();
  for (const g of cluster.groups.values()) for (const k of g.partitions.keys()) read.add(k);
  for (const k of cluster.topics.keys()) if (!read.has(k)) cluster.topics.delete(k);
  return cluster;
}
