// What one sampling tick of one cluster saw: the sampler's output, the window store's
// input. Offsets are JavaScript numbers: exact up to 2^53, far beyond any real offset.
import type { Fault } from './errors.js';
import type { TopicPartitionOffsets } from './report.js';

export type { TopicPartitionOffsets };

/** A fault met while sampling, kept with the data it spoiled. */
export type SampleFault = Fault;

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset; null when a member owns the partition but never committed. */
  readonly committedOffset: number | null;
  /** High watermark (what kafka-consumer-groups calls LOG-END-OFFSET); null if unreadable now. */
  readonly logEndOffset: number | null;
  /** The oldest offset retention has kept; null if unreadable now. */
  readonly logStartOffset: number | null;
  /** max(0, logEnd − committed); null when either is unknown. */
  readonly lag: number | null;
  /** logStart − committed when the group fell behind retention (messages it never read), else 0. */
  readonly messagesLost: number;
  /** The owning member, when the group has one for this partition. */
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
  /** Why some number above is missing. */
  readonly fault: SampleFault | null;
}

/** classic: JoinGroup/SyncGroup; consumer: Kafka 4's consumer protocol (KIP-848); other: share, streams, … */
export type GroupType = 'classic' | 'consumer' | 'other';

export interface GroupLag {
  readonly group: string;
  /**
   * Kafka's group state as the group's own API reports it: classic groups Stable, Empty,
   * PreparingRebalance, CompletingRebalance, Dead; consumer-protocol groups also Assigning,
   * Reconciling.
   */
  readonly state: string | null;
  readonly protocolType: string;
  /** Optional for older producers of snapshots; the sampler always sets it. */
  readonly type?: GroupType;
  /** Kafka's type name as listed (classic, consumer, share, streams); null if the broker does not say. */
  readonly typeName?: string | null;
  /** The group epoch of a consumer-protocol group; null for classic groups. */
  readonly groupEpoch?: number | null;
  readonly members: number;
  /** Sorted by topic, then partition. */
  readonly partitions: readonly PartitionLag[];
  /** Sum of the known lags. */
  readonly totalLag: number;
  /** The first partition with the highest lag; null when no lag is known. */
  readonly maxLag: PartitionLag | null;
  /** Set when the group could not be sampled whole; the rest of the cluster is unaffected. */
  readonly fault: SampleFault | null;
}

export interface ClusterSnapshot {
  readonly cluster: string;
  /** When the tick started, ms since the epoch: every sample of this tick carries it. */
  readonly takenAt: number;
  readonly durationMs: number;
  /** False when the cluster could not be sampled at all (see `fault`). */
  readonly available: boolean;
  readonly fault: SampleFault | null;
  /** Sorted by group name. */
  readonly groups: readonly GroupLag[];
  /** End and start offsets of every partition of every topic the topic filter admits. */
  readonly offsets: readonly TopicPartitionOffsets[];
  /** Every topic the cluster has now (partitions of other topics are gone). */
  readonly topics: readonly string[];
  /** The highest lag of any partition of any group: Kafka's records-lag-max, seen from outside. */
  readonly maxLag: number;
  /** Broker requests this tick sent. */
  readonly requests: number;
}

/** A snapshot but its groups: what a tick knows before its groups' lags are made. */
export type SnapshotHead = Omit<ClusterSnapshot, 'groups' | 'maxLag'>;

/**
 * A tick's groups handed out one at a time, in the snapshot's order, each made when asked
 * for: what the window store records from. The service's ticks make each group's lag as
 * it is recorded and let it go, so that a tick never holds every group's lag at once (at
 * 10,000 groups x 10 partitions they lived through the whole tick, and the collector
 * promoted 8 MB of them every tick).
 */
export interface GroupLagSource {
  /**
   * The next group; null once every group has been handed out. A source may hand out the
   * same partition objects again for the next group (the service's tick does): read a
   * group before asking for the next, and keep none of its partitions.
   */
  next(): GroupLag | null;
}

/** A source that hands out `groups` in their order. */
export function listedGroups(groups: readonly GroupLag[]): GroupLagSource {
  return new ListedGroups(groups);
}

class ListedGroups implements GroupLagSource {
  readonly #groups: readonly GroupLag[];
  #next = 0;

  constructor(groups: readonly GroupLag[]) {
    this.#groups = groups;
  }

  next(): GroupLag | null {
    return this.#next < this.#groups.length ? this.#groups[this.#next++]! : null;
  }
}
