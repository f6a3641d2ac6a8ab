// ListOffsets (key 2) v6–v9, its flexible versions: Kafka 3.6 speaks up to v8, 4.x up to v10
// (facts from Apache Kafka's ListOffsetsRequest.json / ListOffsetsResponse.json, as shipped
// in kafka-clients 3.6.2 and 4.1.2). Asks for one timestamp per partition (-1: the log end, -2: the
// log start) as an outside reader (replica id -1). Each partition comes back with its own
// error code; kafkajs' decoder threw on the first, and encoded every partition of the
// request into a Buffer of its own (10,000 of them a tick at 10,000 groups x 10, twice).
// The answer keeps its partitions as numbers in a flat array, not an object each.
import type { KafkaApi } from './api.js';

export interface ListOffsetsRequest {
  /** 0: READ_UNCOMMITTED (the high watermark), 1: READ_COMMITTED. */
  readonly isolationLevel: number;
  /** The timestamp asked for every partition: -1 latest, -2 earliest. */
  readonly timestamp: number;
  readonly topics: readonly { readonly topic: string; readonly partitions: readonly number[] }[];
}

export interface ListOffsetsTopic {
  readonly topic: string;
  /** Per partition three numbers: partition index, error code, offset (-1 when none). */
  readonly partitions: readonly number[];
}

export interface ListOffsetsResponse {
  readonly throttleTimeMs: number;
  readonly topics: ListOffsetsTopic[];
}

/** Numbers per partition in ListOffsetsTopic.partitions. */
export const LISTED_PARTITION_FIELDS = 3;

export const ListOffsets: KafkaApi<ListOffsetsRequest, ListOffsetsResponse> = {
  apiKey: 2,
  name: 'ListOffsets',
  minVersion: 6,
  maxVersion: 9,
  flexibleFrom: 6,
  encode(writer, _version, request) {
    writer.int32(-1); // ReplicaId: not a broker
    writer.int8(request.isolationLevel);
    writer.compactArray(request.topics, ({ topic, partitions }) => {
      writer.compactString(topic);
      writer.compactArray(partitions, (partition) => {
        writer.int32(partition);
        writer.int32(-1); // CurrentLeaderEpoch: not known, not checked
        writer.int64(request.timestamp);
        writer.noTaggedFields();
      });
      writer.noTaggedFields();
    });
    writer.noTaggedFields();
  },
  decode(reader) {
    const throttleTimeMs = reader.int32();
    const topics: ListOffsetsTopic[] = [];
    // Counted loops, not readArray: the partitions make no object of their own.
    for (let t = reader.compactArrayLength() ?? 0; t > 0; t--) {
      const topic = reader.compactName() ?? '';
      const partitions: number[] = [];
      for (let p = reader.compactArrayLength() ?? 0; p > 0; p--) {
        const partition = reader.int32();
        const errorCode = reader.int16();
        reader.int64(); // Timestamp
        const offset = reader.int64();
        reader.int32(); // LeaderEpoch
        reader.skipTaggedFields();
        partitions.push(partition, errorCode, offset);
      }
      reader.skipTaggedFields();
      topics.push({ topic, partitions });
    }
    reader.skipTaggedFields();
    return { throttleTimeMs, topics };
  },
};
