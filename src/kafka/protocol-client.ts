// The requests the sampler needs, sent with as few round trips as each broker allows,
// over kafkajs' own connection handling (SASL, TLS, retries): our own codecs where a
// broker speaks the batched versions (FindCoordinator v4+, OffsetFetch v8+, ListGroups
// v3+, ConsumerGroupDescribe, ListOffsets v6+, Metadata v9+ behind kafkajs' own), kafkajs'
// requests where it is older. Every method takes
// the tick's AbortSignal: once it is aborted, no further request is sent.
import type { Kafka } from 'kafkajs';
import type { Logger } from '../contract/logger.js';
import type { RequestCounter } from './broker-request.js';
import { countRequest } from './broker-request.js';
import { committedOffsets, type CommittedOffsets } from './committed-offsets.js';
import { explainConnectError } from './connect-error.js';
import {
  CoordinatorCache,
  type CoordinatorRequestOptions,
  type FoundCoordinators,
} from './coordinators.js';
import { describeGroups } from './group-describe.js';
import type { GroupDescription } from './group-description.js';
import { listAllGroups, type GroupListing, type HeldListings } from './group-listing.js';
import {
  createInternalCluster,
  metadataOfEveryTopic,
  type KafkajsCluster,
  type TopicPartitions,
} from './kafkajs-internals.js';
import { listOffsets, type ListedOffsets } from './list-offsets.js';
import { WireNames } from './wire-names.js';

export {
  createInternalCluster,
  type KafkajsCluster,
  type RawGroupDescription,
  type TopicPartitions,
} from './kafkajs-internals.js';
export type { RequestCounter } from './broker-request.js';

/**
 * How old the Metadata listGroups asked for may be for topics() to use it instead of asking:
 * the sampler asks for the topics right after the listing, in the same tick.
 */
export const LISTING_METADATA_FRESH_MS = 5_000;

type KafkajsTopic = NonNullable<ReturnType<typeof metadataOfEveryTopic>>['topicMetadata'][number];

/**
 * Each kafkajs topic's partitions and leaders as topics() hands them out, made once per topic
 * object: a topic that says the same as in the last Metadata answer is the same object
 * (topic-metadata-memo.ts), so its list is too, and a tick that holds it holds nothing new
 * (10,000 partitions' objects a tick at 10,000 topic-partitions, all promoted).
 */
const topicPartitionsMade = new WeakMap<KafkajsTopic, TopicPartitions>();

function topicPartitionsOf(t: KafkajsTopic): TopicPartitions {
  let made = topicPartitionsMade.get(t);
  if (made === undefined) {
    const partitions: TopicPartitions['partitions'] = [];
    for (let i = 0; i < t.partitionMetadata.length; i++) {
      const p = t.partitionMetadata[i]!;
      partitions.push({ partition: p.partitionId, leader: p.leader >= 0 ? p.leader : null });
    }
    made = { topic: t.topic, partitions };
    topicPartitionsMade.set(t, made);
  }
  return made;
}

export class ProtocolClient {
  readonly #cluster: KafkajsCluster;
  readonly counter: RequestCounter = { requests: 0, byApi: {} };
  readonly #coordinators: CoordinatorCache;
  readonly #heldListings: HeldListings = new Map();
  readonly #logger: Logger | undefined;
  /** When listGroups last finished (performance.now()), until topics() takes its Metadata. */
  #listedAt: number | null = null;
  /** Group ids, topics and states read off the wire, kept from one tick to the next. */
  readonly #names = new WireNames();

  constructor(kafka: Kafka, options: { readonly logger?: Logger } = {}) {
    this.#logger = options.logger;
    this.#cluster = createInternalCluster(kafka);
    this.#coordinators = new CoordinatorCache(this.#cluster, this.counter);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#cluster.isConnected()) return;
    signal?.throwIfAborted();
    // The seed broker's ApiVersions and Metadata, then the cluster's brokers.
    countRequest(this.counter, 'ApiVersions');
    countRequest(this.counter, 'Metadata');
    try {
      await this.#cluster.connect();
      countRequest(this.counter, 'Metadata');
      await this.#cluster.refreshMetadata();
    } catch (error) {
      throw explainConnectError(error);
    }
  }

  async disconnect(): Promise<void> {
    await this.#cluster.disconnect();
  }

  /**
   * Every topic with its partitions and their leaders: from the Metadata that listGroups
   * has just asked for every topic (once), else from a Metadata request of its own.
   */
  async topics(signal?: AbortSignal): Promise<TopicPartitions[]> {
    signal?.throwIfAborted();
    const listed = this.#listedAt;
    this.#listedAt = null;
    let metadata =
      listed !== null && performance.now() - listed <= LISTING_METADATA_FRESH_MS
        ? metadataOfEveryTopic(this.#cluster)
        : null;
    if (metadata === null) {
      countRequest(this.counter, 'Metadata');
      metadata = await this.#cluster.metadata({ topics: [] });
    }
    const topics: TopicPartitions[] = [];
    for (let i = 0; i < metadata.topicMetadata.length; i++)
      topics.push(topicPartitionsOf(metadata.topicMetadata[i]!));
    return topics;
  }

  /**
   * Every group on every broker, with its state and type where the broker says. Asks
   * kafkajs for the cluster's Metadata first (to learn its brokers), which asks for every
   * topic: the next topics() reads that answer instead of asking again.
   */
  async listGroups(signal?: AbortSignal): Promise<GroupListing[]> {
    this.#listedAt = null;
    // A tick starts with its listing: names no answer of the last two ticks read are let go.
    this.#names.turn();
    const listing = await listAllGroups(this.#cluster, this.counter, {
      signal,
      held: this.#heldListings,
      logger: this.#logger,
      names: this.#names,
    });
    this.#listedAt = performance.now();
    this.#coordinators.keepOnly(listing);
    return listing;
  }

  findCoordinators(
    groupIds: readonly string[],
    options: CoordinatorRequestOptions,
  ): Promise<FoundCoordinators> {
    return this.#coordinators.find(groupIds, options);
  }

  forgetCoordinator(groupId: string): void {
    this.#coordinators.forget(groupId);
  }

  /** Groups of one protocol that share a coordinator (one request). */
  async describeGroups(
    nodeId: number,
    groupIds: string[],
    protocol: 'classic' | 'consumer',
    signal?: AbortSignal,
  ): Promise<GroupDescription[]> {
    const broker = await this.#cluster.findBroker({ nodeId });
    return describeGroups(broker, this.counter, groupIds, protocol, signal);
  }

  /** Committed offsets of groups that share a coordinator (one request where it can). */
  async committedOffsets(
    nodeId: number,
    groupIds: readonly string[],
    options: { readonly concurrency: number; readonly signal?: AbortSignal },
  ): Promise<CommittedOffsets> {
    const broker = await this.#cluster.findBroker({ nodeId });
    return committedOffsets(broker, this.counter, groupIds, { ...options, names: this.#names });
  }

  /** Log-end or log-start offsets: one ListOffsets request per leader broker. */
  listOffsets(
    leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
    which: 'latest' | 'earliest',
    signal?: AbortSignal,
  ): Promise<ListedOffsets> {
    return listOffsets(this.#cluster, this.counter, leaderOf, which, signal, this.#names);
  }
}
