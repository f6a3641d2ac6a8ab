// kafkajs' own Metadata path throws on any partition error (its v0 response parser fails
// on LEADER_NOT_AVAILABLE), so one stopped broker made the whole cluster look
// unavailable. This puts our Metadata codec (metadata.ts) behind `metadata` on every
// Broker kafkajs' broker pool creates — the seed broker included, as the pool creates it
// with the same factory — and answers in kafkajs' shape, leader -1 for a leaderless
// partition. A broker without Metadata v9 keeps kafkajs' path. Shapes of kafkajs 2.2.4.
import { sendRequest, type BrokerConnection, type RequestCounter } from './broker-request.js';
import { Metadata, type MetadataResponse } from './metadata.js';
import { negotiate } from './negotiation.js';

/** What kafkajs' Broker#metadata returns (its BrokerMetadata type). */
export interface KafkajsMetadataShape {
  throttleTime: number;
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topicMetadata: {
    topicErrorCode: number;
    topic: string;
    isInternal: boolean;
    partitionMetadata: {
      partitionErrorCode: number;
      partitionId: number;
      leader: number;
      leaderEpoch: number;
      replicas: number[];
      isr: number[];
      offlineReplicas: number[];
    }[];
  }[];
}

export function toKafkajsMetadata(response: MetadataResponse): KafkajsMetadataShape {
  return {
    throttleTime: response.throttleTimeMs,
    brokers: response.brokers.map(({ nodeId, host, port, rack }) => ({ nodeId, host, port, rack })),
    clusterId: response.clusterId,
    controllerId: response.controllerId,
    // kafkajs keys topics by name; a topic without one (asked by id) means nothing to it.
    topicMetadata: response.topics.flatMap((t) =>
      t.name === null
        ? []
        : [
            {
              topicErrorCode: t.errorCode,
              topic: t.name,
              isInternal: t.isInternal,
              partitionMetadata: t.partitions.map((p) => ({
                partitionErrorCode: p.errorCode,
                partitionId: p.partitionIndex,
                leader: p.leaderId,
                leaderEpoch: p.leaderEpoch,
                replicas: p.replicaNodes,
                isr: p.isrNodes,
                offlineReplicas: p.offlineReplicas,
              })),
            },
          ],
    ),
  };
}

interface MetadataBroker extends BrokerConnection {
  metadata(topics?: string[]): Promise<unknown>;
}

/**
 * Our Metadata on one kafkajs Broker. Requests are not counted here: ProtocolClient counts
 * each Metadata it asks kafkajs for, whichever path answers it.
 */
export function useOwnMetadata(broker: MetadataBroker): void {
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
    return toKafkajsMetadata(response);
  };
}

/** Wraps the broker factory of kafkajs' internal Cluster's broker pool. */
export function installOwnMetadata(cluster: object): void {
  const pool = (cluster as { brokerPool?: { createBroker?: unknown } }).brokerPool;
  const create = pool?.createBroker;
  if (!pool || typeof create !== 'function')
    throw new Error('kafkajs internals changed: a cluster without a broker factory');
  pool.createBroker = (options: object): MetadataBroker => {
    const broker = (create as (o: object) => MetadataBroker).call(pool, options);
    useOwnMetadata(broker);
    return broker;
  };
}
