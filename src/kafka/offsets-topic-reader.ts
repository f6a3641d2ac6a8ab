// Reads `__consumer_offsets` from start to end and then follows it: Burrow's input, every
// commit with its own time. A consumer of its own without a group (so it commits nothing
// and joins nothing), over kafkajs' internal cluster and Fetch: one request per leader
// broker for all its partitions, records decoded by offsets-topic-record.ts. Replay is
// bounded: memory is one fetch response at a time, whatever the topic's size.
//
// Never throws out of its loop: a broker error is logged once per episode, counted and
// retried after `retryMs`; a topic this client may not read (no ACL) ends the reader in
// state `unreadable`, so the caller falls back to polling.
import type { Kafka } from 'kafkajs';
import type { Logger } from '../contract/logger.js';
import {
  createInternalCluster,
  type KafkajsBroker,
  type KafkajsCluster,
} from './kafkajs-internals.js';
import { listOffsets } from './list-offsets.js';
import { decodeOffsetsTopicRecord, type OffsetsTopicRecord } from './offsets-topic-record.js';

export const OFFSETS_TOPIC = '__consumer_offsets';
const READ_UNCOMMITTED = 0;

export type OffsetsTopicReaderState = 'starting' | 'replaying' | 'live' | 'unreadable' | 'stopped';

export interface OffsetsTopicReaderOptions {
  readonly cluster: string;
  readonly logger: Logger;
  /** Each record in log order per partition; the timestamp is the record's own. */
  readonly onRecord: (record: OffsetsTopicRecord) => void;
  /** Pause after a failed fetch or metadata request. */
  readonly retryMs?: number;
  /** How long a fetch may wait for new records once replay is done. */
  readonly maxWaitMs?: number;
  readonly maxBytes?: number;
  readonly partitionMaxBytes?: number;
  /** The topic read: __consumer_offsets, but for bench/commits (records of its own making). */
  readonly topic?: string;
}

export interface OffsetsTopicCounts {
  records: number;
  commits: number;
  tombstones: number;
  skipped: number;
  unreadable: number;
  fetches: number;
  errors: number;
  replayRecords: number;
  replayMs: number | null;
}

interface FetchBroker extends KafkajsBroker {
  fetch(request: object): Promise<{ responses: FetchTopic[] }>;
}
interface FetchTopic {
  topicName: string;
  partitions: {
    partition: number;
    highWatermark: string;
    messages: {
      offset: string;
      key: Buffer | null;
      value: Buffer | null;
      isControlRecord?: boolean;
      batchContext?: { firstOffset: string; lastOffsetDelta: number };
    }[];
  }[];
}

/** A topic this client may not read: Kafka's TOPIC_AUTHORIZATION_FAILED (29). */
function isNotAuthorized(error: unknown): boolean {
  const e = error as { type?: unknown; code?: unknown } | null;
  return e?.type === 'TOPIC_AUTHORIZATION_FAILED' || e?.code === 29;
}

export class OffsetsTopicReader {
  readonly counts: OffsetsTopicCounts = {
    records: 0,
    commits: 0,
    tombstones: 0,
    skipped: 0,
    unreadable: 0,
    fetches: 0,
    errors: 0,
    replayRecords: 0,
    replayMs: null,
  };
  #state: OffsetsTopicReaderState = 'starting';
  readonly #options: OffsetsTopicReaderOptions;
  readonly #kafkaCluster: KafkajsCluster;
  readonly #stop = new AbortController();
  readonly #topic: string;
  #loop: Promise<void> | null = null;
  #failing = false;
  #caughtUp!: () => void;
  /** Resolves when the records present at start have all been read (or the reader gave up). */
  readonly caughtUp = new Promise<void>((resolve) => (this.#caughtUp = resolve));

  constructor(kafka: Kafka, options: OffsetsTopicReaderOptions) {
    this.#options = options;
    this.#topic = options.topic ?? OFFSETS_TOPIC;
    this.#kafkaCluster = createInternalCluster(kafka);
  }

  get state(): OffsetsTopicReaderState {
    return this.#state;
  }

  /** Starts the loop in the background. */
  start(): void {
    this.#loop ??= this.#run().catch((error: unknown) => {
      this.#options.logger.error(
        { cluster: this.#options.cluster, err: error },
        'offsets topic reader ended',
      );
    });
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#state = 'stopped';
    this.#caughtUp();
    await this.#loop;
    await this.#kafkaCluster.disconnect().catch(() => undefined);
  }

  async #run(): Promise<void> {
    const log = this.#options.logger.child({
      cluster: this.#options.cluster,
      component: 'offsets-topic',
    });
    const startedAt = Date.now();
    let positions: Map<number, number> | null = null;
    let targets = new Map<number, number>();
    let leaders = new Map<number, number>();
    while (!this.#stop.signal.aborted) {
      try {
        if (positions === null) {
          await this.#kafkaCluster.connect();
          ({ leaders, positions, targets } = await this.#start());
          this.#state = 'replaying';
          log.info({ partitions: positions.size }, 'replaying the offsets topic');
        }
        await this.#fetchOnce(leaders, positions);
        if (
          this.#state === 'replaying' &&
          [...targets].every(([p, end]) => positions!.get(p)! >= end)
        ) {
          this.#state = 'live';
          this.counts.replayRecords = this.counts.records;
          this.counts.replayMs = Date.now() - startedAt;
          log.info(
            { records: this.counts.records, ms: this.counts.replayMs },
            'offsets topic replayed',
          );
          this.#caughtUp();
        }
        if (this.#failing) log.info('offsets topic readable again');
        this.#failing = false;
      } catch (error) {
        if (this.#stop.signal.aborted) return;
        this.counts.errors++;
        if (isNotAuthorized(error)) {
          log.warn({ err: error }, 'the offsets topic may not be read: falling back to polling');
          this.#state = 'unreadable';
          this.#caughtUp();
          return;
        }
        if (!this.#failing) log.warn({ err: error }, 'reading the offsets topic failed; retrying');
        this.#failing = true;
        // Leaders may have moved: look them up again, keep the positions.
        if (positions !== null) leaders = await this.#leaders().catch(() => leaders);
        await sleep(this.#options.retryMs ?? 1000, this.#stop.signal);
      }
    }
  }

  async #leaders(): Promise<Map<number, number>> {
    await this.#kafkaCluster.refreshMetadata();
    const metadata = await this.#kafkaCluster.metadata({ topics: [this.#topic] });
    const topic = metadata.topicMetadata.find((t) => t.topic === this.#topic);
    if (!topic) throw new Error(`${this.#topic} not found`);
    return new Map(topic.partitionMetadata.map((p) => [p.partitionId, p.leader]));
  }

  async #start(): Promise<{
    leaders: Map<number, number>;
    positions: Map<number, number>;
    targets: Map<number, number>;
  }> {
    const leaders = await this.#leaders();
    const leaderOf = new Map([[this.#topic, leaders]]);
    const counter = { requests: 0, byApi: {} };
    const [starts, ends] = await Promise.all([
      listOffsets(this.#kafkaCluster, counter, leaderOf, 'earliest'),
      listOffsets(this.#kafkaCluster, counter, leaderOf, 'latest'),
    ]);
    const failure = starts.failures[0] ?? ends.failures[0];
    if (failure) throw failure.error;
    return {
      leaders,
      positions: new Map(starts.offsets.toArray().map((o) => [o.partition, o.offset])),
      targets: new Map(ends.offsets.toArray().map((o) => [o.partition, o.offset])),
    };
  }

  async #fetchOnce(leaders: Map<number, number>, positions: Map<number, number>): Promise<void> {
    const byLeader = new Map<number, number[]>();
    for (const [partition, leader] of leaders) {
      if (leader < 0) continue;
      const list = byLeader.get(leader);
      if (list) list.push(partition);
      else byLeader.set(leader, [partition]);
    }
    const live = this.#state === 'live';
    await Promise.all(
      [...byLeader].map(async ([nodeId, partitions]) => {
        const broker = (await this.#kafkaCluster.findBroker({ nodeId })) as FetchBroker;
        this.counts.fetches++;
        const { responses } = await broker.fetch({
          replicaId: -1,
          isolationLevel: READ_UNCOMMITTED,
          maxWaitTime: live ? (this.#options.maxWaitMs ?? 500) : 10,
          minBytes: 1,
          maxBytes: this.#options.maxBytes ?? 16 * 1024 * 1024,
          topics: [
            {
              topic: this.#topic,
              partitions: partitions.map((partition) => ({
                partition,
                fetchOffset: String(positions.get(partition) ?? 0),
                maxBytes: this.#options.partitionMaxBytes ?? 4 * 1024 * 1024,
              })),
            },
          ],
        });
        if (this.#stop.signal.aborted) return;
        for (const topic of responses) for (const p of topic.partitions) this.#take(p, positions);
      }),
    );
  }

  #take(p: FetchTopic['partitions'][number], positions: Map<number, number>): void {
    const from = positions.get(p.partition) ?? 0;
    let next = from;
    for (const message of p.messages) {
      // A batch's end, past records compaction removed from it.
      const batch = message.batchContext;
      if (batch) next = Math.max(next, Number(batch.firstOffset) + batch.lastOffsetDelta + 1);
      const offset = Number(message.offset);
      if (offset < from) continue; // a batch starts before the offset asked for
      next = Math.max(next, offset + 1);
      if (message.isControlRecord) continue; // transaction markers
      this.#record(decodeOffsetsTopicRecord(message.key, message.value));
    }
    positions.set(p.partition, next);
  }

  #record(record: OffsetsTopicRecord): void {
    this.counts.records++;
    if (record.kind === 'commit') this.counts.commits++;
    else if (record.kind === 'skipped') this.counts.skipped++;
    else if (record.kind === 'unreadable') {
      // The first one is logged (a newer Kafka?); the rest are counted.
      if (this.counts.unreadable++ === 0)
        this.#options.logger.warn(
          { cluster: this.#options.cluster, reason: record.reason },
          'an offsets topic record could not be read: skipped (further ones are only counted)',
        );
    } else if (record.kind === 'offset-deleted' || record.kind === 'group-deleted')
      this.counts.tombstones++;
    this.#options.onRecord(record);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
