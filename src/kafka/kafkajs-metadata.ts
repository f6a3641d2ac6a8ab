// kafkajs' own Metadata path throws on any partition error (its v0 response parser fails
// on LEADER_NOT_AVAILABLE), so one stopped broker made the whole cluster look
// unavailable. This puts our Metadata codec (metadata.ts) behind `metadata` on every
// Broker kafkajs' broker pool creates — the seed broker included, as the pool creates it
// with the same factory — and answers in kafkajs' shape, leader -1 for a leaderless
// partition. A broker without Metadata v9 keeps kafkajs' path. Shapes of kafkajs 2.2.4.
import { sendRequest, type BrokerConnection, type RequestCounter } from './broker-request.js';
import { Metadata, type MetadataResponse, type MetadataTopic } from './metadata.js';
import { negotiate } from './negotiation.js';
import {
  TopicMetadataMemo,
  type KafkajsPartitionMetadata,
  type KafkajsTopicMetadata,
} from './topic-metadata-memo.js';

/** What kafkajs' Broker#metadata returns (its BrokerMetadata type). */
export interface KafkajsMetadataShape {
  throttleTime: number;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topicMetadata: KafkajsTopicMetadata[];
}

/**
 * The answer in kafkajs' shape. With a memo, each topic that says the same as in the last
 * answer is the last answer's object (topic-metadata-memo.ts says why).
 */
export function toKafkajsMetadata(
  response: MetadataResponse,
  memo?: TopicMetadataMemo,
): KafkajsMetadataShape {
  // Loops, not map/flatMap callbacks: this runs once a tick over every topic-partition.
  const topicMetadata: KafkajsTopicMetadata[] = [];
  for (let i = 0; i < response.topics.length; i++) {
    const t = response.topics[i]!;
    // kafkajs keys topics by name; a topic without one (asked by id) means nothing to it.
    if (t.name === null) continue;
    const topic = memo?.kept(t) ?? kafkajsTopic(t, t.name);
    memo?.keep(topic);
    topicMetadata.push(topic);
  }
  memo?.answered();
  return {
    throttleTime: response.throttleTimeMs,
    brokers: response.brokers.map(({ nodeId, host, port, rack }) => ({ nodeId, host, port, rack })),
    clusterId: response.clusterId,
    controllerId: response.controllerId,
    topicMetadata,
  };
}

function kafkajsTopic(t: MetadataTopic, name: string): KafkajsTopicMetadata {
  const partitionMetadata: KafkajsPartitionMetadata[] = [];
  for (let i = 0; i < t.partitions.length; i++) {
    const p = t.partitions[i]!;
    partitionMetadata.push({
      partitionErrorCode: p.errorCode,
      partitionId: p.partitionIndex,
      leader: p.leaderId,
      leaderEpoch: p.leaderEpoch,
      replicas: p.replicaNodes,
      isr: p.isrNodes,
      offlineReplicas: p.offlineReplicas,
    });
  }
  return { topicErrorCode: t.errorCode, topic: name, isInternal: t.isInternal, partitionMetadata };
}

interface MetadataBroker extends BrokerConnection {
  metadata(topics?: string[]): Promise<unknown>;
}

/**
 * Our Metadata on one kafkajs Broker. Requests are not counted here: ProtocolClient counts
 * each Metadata it asks kafkajs for, whichever path answers it.
 */
export function useOwnMetadata(
  broker: MetadataBroker,
  memo: TopicMetadataMemo = new TopicMetadataMemo(),
): void {
  const kafkajsMetadata = broker.metadata.bind(broker);
  const uncounted: RequestCounter = { requests: 0, byApi: {} };
  broker.metadata = async (topics: string[] = []) => {
    const version = negotiate(broker.versions, Metadata);
    if (version === null) return kafkajsMetadata(topics);
    const response = await sendRequest(
      broker,
      Metadata,
      version,
      { topics, allowAutoTopicCreation: false },
      uncounted,
    );
    return toKafkajsMetadata(response, memo);
  };
}

/**
 * Wraps the broker factory of kafkajs' internal Cluster's broker pool. Its brokers share one
 * memo: kafkajs asks whichever broker it likes, and keeps the cluster's last answer.
 */
export function installOwnMetadata(cluster: object): void {
  const memo = new TopicMetadataMemo();
  const pool = (cluster as { brokerPool?: { createBroker?: unknown } }).brokerPool;
  const create = pool?.createBroker;
  if (!pool || typeof create !== 'function')
    throw new Error('kafkajs internals changed: a cluster without a broker factory');
  pool.createBroker = (options: object): MetadataBroker => {
    const broker = (create as (o: object) => MetadataBroker).call(pool, options);
    useOwnMetadata(broker, memo);
    return broker;
  };
}
