// Metadata (key 3) v9–v12, the flexible versions (facts from Apache Kafka's
// MetadataRequest.json / MetadataResponse.json). Unlike kafkajs' decoder, which throws on
// the first partition error (LEADER_NOT_AVAILABLE when a broker is down), this one never
// throws on topic or partition error codes: they are data, and a leaderless partition
// keeps leader -1 so that only its own groups get a fault.
import { type KafkaApi } from './api.js';
import type { Reader } from './wire.js';

export interface MetadataRequest {
  /** Topic names; empty asks for every topic (sent as a null array). */
  readonly topics: readonly string[];
  readonly allowAutoTopicCreation: boolean;
}

export interface MetadataBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface MetadataPartition {
  readonly errorCode: number;
  readonly partitionIndex: number;
  /** -1 when the partition has no leader. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicaNodes: number[];
  readonly isrNodes: number[];
  readonly offlineReplicas: number[];
}

export interface MetadataTopic {
  readonly errorCode: number;
  /** Null only from v12 on, for a topic asked for by id. */
  readonly name: string | null;
  /** URL-safe base64 as Kafka prints it; null before v10. */
  readonly topicId: string | null;
  readonly isInternal: boolean;
  readonly partitions: MetadataPartition[];
}

export interface MetadataResponse {
  readonly throttleTimeMs: number;
  readonly brokers: MetadataBroker[];
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly topics: MetadataTopic[];
}

const ZERO_UUID = Buffer.alloc(16);

export const Metadata: KafkaApi<MetadataRequest, MetadataResponse> = {
  apiKey: 3,
  name: 'Metadata',
  minVersion: 9,
  maxVersion: 12,
  flexibleFrom: 9,
  encode(writer, version, request) {
    writer.compactArray(request.topics.length === 0 ? null : request.topics, (name) => {
      if (version >= 10) writer.raw(ZERO_UUID); // TopicId: asked by name
      writer.compactString(name).noTaggedFields();
    });
    writer.bool(request.allowAutoTopicCreation);
    if (version <= 10) writer.bool(false); // IncludeClusterAuthorizedOperations
    writer.bool(false); // IncludeTopicAuthorizedOperations
    writer.noTaggedFields();
  },
  decode(reader, version) {
    return readMetadata(reader, version, asRead);
  },
};

const asRead = (topic: MetadataTopic): MetadataTopic => topic;

/**
 * A Metadata answer, each topic handed to `topicOf` as soon as it is read, before the next
 * is: what it returns is the answer's topic (null leaves the topic out). A caller that keeps
 * an earlier answer's topic in place of an equal one lets the one just read go at once.
 */
export function readMetadata<Topic>(
  reader: Reader,
  version: number,
  topicOf: (topic: MetadataTopic) => Topic | null,
): Omit<MetadataResponse, 'topics'> & { topics: Topic[] } {
  const throttleTimeMs = reader.int32();
  const int32s = (): number[] => reader.compactArray(() => reader.int32()) ?? [];
  const brokers =
    reader.compactArray((): MetadataBroker => {
      const broker = {
        nodeId: reader.int32(),
        host: reader.compactString() ?? '',
        port: reader.int32(),
        rack: reader.compactString(),
      };
      reader.skipTaggedFields();
      return broker;
    }) ?? [];
  const clusterId = reader.compactString();
  const controllerId = reader.int32();
  const topics: Topic[] = [];
  for (let t = reader.compactArrayLength() ?? 0; t > 0; t--) {
    const errorCode = reader.int16();
    const name = reader.compactString();
    const topicId = version >= 10 ? reader.uuid() : null;
    const isInternal = reader.bool();
    const partitions =
      reader.compactArray((): MetadataPartition => {
        const partition = {
          errorCode: reader.int16(),
          partitionIndex: reader.int32(),
          leaderId: reader.int32(),
          leaderEpoch: reader.int32(),
          replicaNodes: int32s(),
          isrNodes: int32s(),
          offlineReplicas: int32s(),
        };
        reader.skipTaggedFields();
        return partition;
      }) ?? [];
    reader.int32(); // TopicAuthorizedOperations
    reader.skipTaggedFields();
    const topic = topicOf({ errorCode, name, topicId, isInternal, partitions });
    if (topic !== null) topics.push(topic);
  }
  if (version <= 10) reader.int32(); // ClusterAuthorizedOperations
  reader.skipTaggedFields();
  return { throttleTimeMs, brokers, clusterId, controllerId, topics };
}
