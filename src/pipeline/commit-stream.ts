// Commit-stream mode for one cluster (`offsets: commits`): the offsets topic's records,
// read by OffsetsTopicReader, become the window store's samples (one per commit, at its
// own time) and deleted groups leave the store and the read model at once, without waiting
// for a tick. Ticks still run: they read log ends, members, owners, and judge; they add no
// samples of their own while the stream is readable, and fall back to adding them (poll
// mode) where it is not (no ACL on __consumer_offsets).
//
// A group is deleted when its metadata is tombstoned (classic or consumer protocol), or,
// for a group that never had metadata (offsets committed by a client outside any group),
// when its last offset is. A tick that started before a deletion may still have listed
// the group: `deletedSince` tells the tick which groups to leave out.
import type { ClusterConfig } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import { connectionFor } from '../kafka/connection.js';
import { admits } from '../kafka/filters.js';
import { createKafka } from '../kafka/kafka-client.js';
import type { OffsetsTopicRecord } from '../kafka/offsets-topic-record.js';
import {
  OffsetsTopicReader,
  type OffsetsTopicCounts,
  type OffsetsTopicReaderState,
} from '../kafka/offsets-topic-reader.js';
import type { WindowStore } from '../window/store.js';

/** What the stream needs of a reader (OffsetsTopicReader, or a test double). */
export interface OffsetsTopicSource {
  readonly state: OffsetsTopicReaderState;
  readonly counts: OffsetsTopicCounts;
  readonly caughtUp: Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export type OffsetsTopicSourceFactory = (
  cluster: ClusterConfig,
  logger: Logger,
  onRecord: (record: OffsetsTopicRecord) => void,
) => OffsetsTopicSource;

/** The real readers: a kafkajs connection of their own per cluster; SASL secrets from `env`. */
export function offsetsTopicReaders(
  env: NodeJS.ProcessEnv = process.env,
): OffsetsTopicSourceFactory {
  return (cluster, logger, onRecord) =>
    new OffsetsTopicReader(createKafka(connectionFor(cluster, env), logger), {
      cluster: cluster.name,
      logger,
      onRecord,
    });
}

export type GroupDeletedListener = (cluster: string, group: string) => void;

export interface CommitStreamOptions {
  readonly cluster: ClusterConfig;
  readonly store: WindowStore;
  readonly sourceFor: OffsetsTopicSourceFactory;
  readonly logger: Logger;
  readonly now?: (() => number) | undefined;
}

export class CommitStream {
  readonly cluster: string;
  readonly source: OffsetsTopicSource;
  readonly #config: ClusterConfig;
  readonly #store: WindowStore;
  readonly #now: () => number;
  readonly #listeners: GroupDeletedListener[] = [];
  /** When each group was seen deleted (this process's clock); cleared by a later commit. */
  readonly #deletedAt = new Map<string, number>();
  /** Groups with metadata records: their deletion is the metadata's tombstone. */
  readonly #withMetadata = new Set<string>();
  /** Partitions with a live offset, per group without metadata ("topic\0partition"). */
  readonly #offsetsOf = new Map<string, Set<string>>();
  #started = false;

  constructor(options: CommitStreamOptions) {
    this.#config = options.cluster;
    this.cluster = options.cluster.name;
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.source = options.sourceFor(options.cluster, options.logger, (r) => this.#take(r));
  }

  /** Where a tick's samples come from now. */
  get samples(): 'ticks' | 'commits' {
    return this.#started && this.source.state !== 'unreadable' ? 'commits' : 'ticks';
  }

  onGroupDeleted(listener: GroupDeletedListener): void {
    this.#listeners.push(listener);
  }

  start(): void {
    this.#started = true;
    this.source.start();
  }

  stop(): Promise<void> {
    return this.source.stop();
  }

  /**
   * Whether the group was deleted at or after `takenAt` (a tick's time): such a group is not
   * judged again. Forgets deletions older than `takenAt`.
   */
  deletedSince(takenAt: number): (group: string) => boolean {
    for (const [group, at] of this.#deletedAt) {
      if (at < takenAt) this.#deletedAt.delete(group);
    }
    return this.#isDeleted;
  }

  readonly #isDeleted = (group: string): boolean => this.#deletedAt.has(group);

  #take(record: OffsetsTopicRecord): void {
    if (record.kind === 'unreadable') return; // counted by the reader
    if (!admits(this.#config.groups, record.group)) return;
    switch (record.kind) {
      case 'commit': {
        if (!admits(this.#config.topics, record.topic)) return;
        this.#deletedAt.delete(record.group);
        if (!this.#withMetadata.has(record.group)) {
          let live = this.#offsetsOf.get(record.group);
          if (!live) this.#offsetsOf.set(record.group, (live = new Set()));
          live.add(`${record.topic}\u0000${record.partition}`);
        }
        this.#store.recordCommit(
          this.cluster,
          {
            group: record.group,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            timestamp: record.commitTimestamp,
          },
          this.#config.commitMinDistanceMs,
        );
        return;
      }
      case 'offset-deleted': {
        const live = this.#offsetsOf.get(record.group);
        if (!live?.delete(`${record.topic}\u0000${record.partition}`)) return;
        if (live.size === 0) this.#deleted(record.group);
        return;
      }
      case 'group-metadata':
      case 'member':
      case 'skipped':
        this.#withMetadata.add(record.group);
        this.#offsetsOf.delete(record.group);
        return;
      case 'group-deleted':
        this.#deleted(record.group);
        return;
    }
  }

  #deleted(group: string): void {
    this.#withMetadata.delete(group);
    this.#offsetsOf.delete(group);
    this.#deletedAt.set(group, this.#now());
    this.#store.deleteGroup(this.cluster, group);
    for (const listener of this.#listeners) listener(this.cluster, group);
  }
}
