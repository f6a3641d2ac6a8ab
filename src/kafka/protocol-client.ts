// The few Kafka requests the sampler needs, sent with as few round trips as the
// protocol allows, over kafkajs' own connection handling (SASL, TLS, retries).
//
// Why not kafkajs' public admin API alone: its ListOffsets is READ_COMMITTED (the last
// stable offset), while Kafka's kafka-consumer-groups reports the high watermark
// (READ_UNCOMMITTED); it looks the group coordinator up again on every call; and it
// asks for one topic's offsets at a time. So this builds kafkajs' internal Cluster —
// the same object its admin client wraps — with READ_UNCOMMITTED, and batches by broker.
// kafkajs is pinned to one exact version (package.json), so these internals cannot move.
import type { Kafka } from 'kafkajs';

const READ_UNCOMMITTED = 0;
const LATEST = -1;
const EARLIEST = -2;

/** The parts of kafkajs' internal Broker used here. */
export interface KafkajsBroker {
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  describeGroups(request: { groupIds: string[] }): Promise<{ groups: RawGroupDescription[] }>;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{
    responses: {
      topic: string;
      partitions: { partition: number; offset: string; metadata: string | null }[];
    }[];
  }>;
  listOffsets(request: {
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{
    responses: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }>;
}

interface KafkajsMetadata {
  brokers: { nodeId: number; host: string; port: number }[];
  topicMetadata: {
    topic: string;
    topicErrorCode: number;
    partitionMetadata: { partitionId: number; leader: number; partitionErrorCode: number }[];
  }[];
}

/** The parts of kafkajs' internal Cluster used here. */
export interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  refreshMetadata(): Promise<void>;
  metadata(request?: { topics: string[] }): Promise<KafkajsMetadata>;
  getNodeIds(): number[];
  findBroker(request: { nodeId: number }): Promise<KafkajsBroker>;
  findGroupCoordinatorMetadata(request: {
    groupId: string;
  }): Promise<{ coordinator: { nodeId: number } }>;
}

export interface RawGroupDescription {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    memberAssignment: Buffer;
  }[];
}

export interface TopicPartitions {
  topic: string;
  partitions: { partition: number; leader: number | null }[];
}

export interface ListedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export function createInternalCluster(kafka: Kafka): KafkajsCluster {
  // Kafka keeps its cluster factory under a private symbol; it is the only way to get a
  // Cluster that shares the client's brokers, TLS, SASL, timeouts and retry settings.
  const factorySymbol = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === 'private:Kafka:createCluster',
  );
  const factory = factorySymbol
    ? (kafka as unknown as Record<symbol, unknown>)[factorySymbol]
    : undefined;
  if (typeof factory !== 'function') {
    throw new Error('kafkajs internals changed: no cluster factory (is kafkajs still 2.2.4?)');
  }
  return (factory as (options: object) => KafkajsCluster)({
    allowAutoTopicCreation: false,
    isolationLevel: READ_UNCOMMITTED,
  });
}

/** Counts the requests sent, so benchmarks can report round trips per tick. */
export interface RequestCounter {
  requests: number;
}

export class ProtocolClient {
  readonly #cluster: KafkajsCluster;
  // The coordinator of a group rarely moves; asking for it every tick would cost one
  // round trip per group. Forgotten when a request to it fails.
  readonly #coordinators = new Map<string, number>();
  readonly counter: RequestCounter = { requests: 0 };

  constructor(kafka: Kafka) {
    this.#cluster = createInternalCluster(kafka);
  }

  async connect(): Promise<void> {
    if (this.#cluster.isConnected()) return;
    this.counter.requests += 2; // the seed broker's metadata, then the cluster's brokers
    await this.#cluster.connect();
    await this.#cluster.refreshMetadata();
  }

  async disconnect(): Promise<void> {
    await this.#cluster.disconnect();
  }

  /** Every topic with its partitions and their leaders (one Metadata request). */
  async topics(): Promise<TopicPartitions[]> {
    this.counter.requests++;
    const metadata = await this.#cluster.metadata({ topics: [] });
    return metadata.topicMetadata.map((t) => ({
      topic: t.topic,
      partitions: t.partitionMetadata.map((p) => ({
        partition: p.partitionId,
        leader: p.leader >= 0 ? p.leader : null,
      })),
    }));
  }

  /** Every consumer group on every broker (one ListGroups request per broker). */
  async listGroups(): Promise<{ groupId: string; protocolType: string }[]> {
    await this.#cluster.refreshMetadata();
    this.counter.requests++;
    const nodeIds = this.#cluster.getNodeIds();
    const perBroker = await Promise.all(
      nodeIds.map(async (nodeId) => {
        const broker = await this.#cluster.findBroker({ nodeId });
        this.counter.requests++;
        return (await broker.listGroups()).groups;
      }),
    );
    const seen = new Map<string, { groupId: string; protocolType: string }>();
    for (const group of perBroker.flat()) seen.set(group.groupId, group);
    return [...seen.values()];
  }

  async coordinatorOf(groupId: string): Promise<number> {
    const known = this.#coordinators.get(groupId);
    if (known !== undefined) return known;
    this.counter.requests++;
    const { coordinator } = await this.#cluster.findGroupCoordinatorMetadata({ groupId });
    this.#coordinators.set(groupId, coordinator.nodeId);
    return coordinator.nodeId;
  }

  forgetCoordinator(groupId: string): void {
    this.#coordinators.delete(groupId);
  }

  /** DescribeGroups for groups that share one coordinator (one request). */
  async describeGroups(nodeId: number, groupIds: string[]): Promise<RawGroupDescription[]> {
    const broker = await this.#cluster.findBroker({ nodeId });
    this.counter.requests++;
    return (await broker.describeGroups({ groupIds })).groups;
  }

  /** Every offset the group has committed, on every topic (one OffsetFetch request). */
  async committedOffsets(nodeId: number, groupId: string): Promise<ListedOffset[]> {
    const broker = await this.#cluster.findBroker({ nodeId });
    this.counter.requests++;
    // An empty topic list asks for all topics the group has committed offsets for.
    const { responses } = await broker.offsetFetch({ groupId, topics: [] });
    return responses.flatMap(({ topic, partitions }) =>
      partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
    );
  }

  /**
   * Log-end (high watermark, READ_UNCOMMITTED) or log-start offsets of the given
   * partitions: one ListOffsets request per leader broker. Kafka answers a batch with one
   * error code per partition and kafkajs fails the whole batch on the first; so a batch
   * that fails is asked again topic by topic, and only the topics that still fail are
   * reported as failed (a deleted topic, a leader on the move).
   */
  async listOffsets(
    leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
    which: 'latest' | 'earliest',
  ): Promise<{ offsets: ListedOffset[]; failures: { topic: string; error: unknown }[] }> {
    const timestamp = which === 'latest' ? LATEST : EARLIEST;
    const byLeader = new Map<number, Map<string, { partition: number; timestamp: number }[]>>();
    for (const [topic, partitions] of leaderOf) {
      for (const [partition, leader] of partitions) {
        let topics = byLeader.get(leader);
        if (!topics)
          byLeader.set(
            leader,
            (topics = new Map<string, { partition: number; timestamp: number }[]>()),
          );
        let list = topics.get(topic);
        if (!list) topics.set(topic, (list = []));
        list.push({ partition, timestamp });
      }
    }
    const offsets: ListedOffset[] = [];
    const failures: { topic: string; error: unknown }[] = [];
    const ask = async (
      broker: KafkajsBroker,
      topics: [string, { partition: number; timestamp: number }[]][],
    ): Promise<void> => {
      this.counter.requests++;
      const { responses } = await broker.listOffsets({
        isolationLevel: READ_UNCOMMITTED,
        topics: topics.map(([topic, partitions]) => ({ topic, partitions })),
      });
      for (const { topic, partitions } of responses) {
        for (const p of partitions) {
          offsets.push({ topic, partition: p.partition, offset: Number(p.offset) });
        }
      }
    };
    await Promise.all(
      [...byLeader].map(async ([nodeId, topics]) => {
        let broker: KafkajsBroker;
        try {
          broker = await this.#cluster.findBroker({ nodeId });
        } catch (error) {
          for (const topic of topics.keys()) failures.push({ topic, error });
          return;
        }
        try {
          await ask(broker, [...topics]);
        } catch {
          for (const entry of topics) {
            await ask(broker, [entry]).catch((error: unknown) =>
              failures.push({ topic: entry[0], error }),
            );
          }
        }
      }),
    );
    return { offsets, failures };
  }
}
