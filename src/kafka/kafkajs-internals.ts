// The parts of kafkajs' internal Cluster and Broker this code uses, and how to reach them.
//
// Why not kafkajs' public admin API alone: its ListOffsets is READ_COMMITTED (the last
// stable offset), while Kafka's kafka-consumer-groups reports the high watermark
// (READ_UNCOMMITTED); it looks the group coordinator up again on every call; and it
// asks for one topic's offsets at a time. So this builds kafkajs' internal Cluster —
// the same object its admin client wraps — with READ_UNCOMMITTED, and batches by broker.
// kafkajs is pinned to one exact version (package.json), so these internals cannot move.
import type { Kafka } from 'kafkajs';
import type { BrokerConnection } from './broker-request.js';
import { installOwnMetadata } from './kafkajs-metadata.js';

export const READ_UNCOMMITTED = 0;

/** The parts of kafkajs' internal Broker used here. */
export interface KafkajsBroker extends BrokerConnection {
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

/**
 * The Metadata kafkajs' broker pool kept from its last refresh, when that asked for every
 * topic (it asks only for its target topics once it has any; this code adds none); null
 * before a refresh. Read from kafkajs 2.2.4's BrokerPool (`metadata`) and Cluster
 * (`targetTopics`).
 */
export function metadataOfEveryTopic(cluster: KafkajsCluster): KafkajsMetadata | null {
  const internals = cluster as unknown as {
    brokerPool?: { metadata?: KafkajsMetadata | null };
    targetTopics?: ReadonlySet<string>;
  };
  if (internals.targetTopics === undefined || internals.targetTopics.size > 0) return null;
  return internals.brokerPool?.metadata ?? null;
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
  const cluster = (factory as (options: object) => KafkajsCluster)({
    allowAutoTopicCreation: false,
    isolationLevel: READ_UNCOMMITTED,
  });
  // Metadata that survives a leaderless partition (kafkajs' own throws on it).
  installOwnMetadata(cluster);
  return cluster;
}
