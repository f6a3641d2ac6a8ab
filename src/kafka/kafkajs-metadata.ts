// kafkajs' own Metadata path throws on any partition error (its v0 response parser fails
// on LEADER_NOT_AVAILABLE), so one stopped broker made the whole cluster look
// unavailable. This puts our Metadata codec (metadata.ts) behind `metadata` on every
// Broker kafkajs' broker pool creates — the seed broker included, as the pool creates it
// with the same factory — and answers in kafkajs' shape, leader -1 for a leaderless
// partition. A broker without Metadata v9 keeps kafkajs' path. Shapes of kafkajs 2.2.4.
import { sendRequest, type BrokerConnection, type RequestCounter } from './broker-request.js';
import type { KafkaApi } from './api.js';
import {
  Metadata,
  readMetadata,
  type MetadataRequest,
  type MetadataResponse,
  type MetadataTopic,
} from './metadata.js';
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
  const topicOf = kafkajsTopicOf(memo);
  memo?.reading();
  const topicMetadata: KafkajsTopicMetadata[] = [];
  for (let i = 0; i < response.topics.length; i++) {
    const topic = topicOf(response.topics[i]!);
    if (topic !== null) topicMetadata.push(topic);
  }
  memo?.answered();
  return kafkajsShape({ ...response, topics: topicMetadata });
}

/**
 * Metadata whose answer is decoded straight into kafkajs' shape, each topic compared with the
 * memo as soon as it is read: a topic equal to the kept one is let go before the next is read,
 * so it dies young even when a collection comes in the middle of a large answer.
 */
export function kafkajsMetadataApi(
  memo: TopicMetadataMemo,
): KafkaApi<MetadataRequest, KafkajsMetadataShape> {
  const topicOf = kafkajsTopicOf(memo);
  return {
    ...Metadata,
    decode(reader, version) {
      memo.reading();
      const answer = readMetadata(reader, version, topicOf);
      memo.answered();
      return kafkajsShape(answer);
    },
  };
}

/** A read topic in kafkajs' shape: the memo's when it says the same; null without a name. */
function kafkajsTopicOf(
  memo: TopicMetadataMemo | undefined,
): (t: MetadataTopic) => KafkajsTopicMetadata | null {
  return (t) => {
    // kafkajs keys topics by name; a topic without one (asked by id) means nothing to it.
    if (t.name === null) return null;
    const topic = memo?.kept(t) ?? kafkajsTopic(t, t.name);
    memo?.keep(topic);
    return topic;
  };
}

function kafkajsShape(
  answer: Omit<MetadataResponse, 'topics'> & { topics: KafkajsTopicMetadata[] },
): KafkajsMetadataShape {
  return {
    throttleTime: answer.throttleTimeMs,
    brokers: answer.brokers.map(({ nodeId, host, port, rack }) => ({ nodeId, host, port, rack })),
    clusterId: answer.clusterId,
    controllerId: answer.controllerId,
    topicMetadata: answer.topics,
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
  const api = kafkajsMetadataApi(memo);
  broker.metadata = async (topics: string[] = []) => {
    const version = negotiate(broker.versions, api);
    if (version === null) return kafkajsMetadata(topics);
    return sendRequest(broker, api, version, { topics, allowAutoTopicCreation: false }, uncounted);
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
