// OffsetFetch (key 9) v8–v9: the committed offsets of many groups in one request, each
// group with its own error code and each partition with its own. A null topic list asks
// for every topic the group has committed to. v9 adds the member id and epoch that
// consumer-protocol members send; an outside reader sends null and -1.
import { readArray, type KafkaApi } from './api.js';

export interface OffsetFetchRequest {
  readonly groupIds: readonly string[];
}

export interface FetchedPartitionOffset {
  readonly partition: number;
  readonly committedOffset: number;
  readonly errorCode: number;
}

export interface FetchedTopicOffsets {
  readonly topic: string;
  readonly partitions: FetchedPartitionOffset[];
}

export interface FetchedGroupOffsets {
  readonly groupId: string;
  readonly topics: FetchedTopicOffsets[];
  readonly errorCode: number;
}

export interface OffsetFetchResponse {
  readonly throttleTimeMs: number;
  readonly groups: FetchedGroupOffsets[];
}

export const OffsetFetch: KafkaApi<OffsetFetchRequest, OffsetFetchResponse> = {
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 8,
  maxVersion: 9,
  flexibleFrom: 6,
  encode(writer, version, request) {
    writer.compactArray(request.groupIds, (groupId) => {
      writer.compactString(groupId);
      if (version >= 9) writer.compactString(null).int32(-1); // member id, member epoch
      writer.compactArray(null, () => undefined); // null: every topic
      writer.noTaggedFields();
    });
    writer.bool(false); // RequireStable
    writer.noTaggedFields();
  },
  decode(reader) {
    const throttleTimeMs = reader.int32();
    const groups = readArray(reader, true, () => {
      const groupId = reader.compactString() ?? '';
      const topics = readArray(reader, true, () => {
        const topic = reader.compactString() ?? '';
        const partitions = readArray(reader, true, () => {
          const partition = reader.int32();
          const committedOffset = reader.int64();
          reader.int32(); // committed leader epoch
          reader.compactString(); // metadata
          const errorCode = reader.int16();
          reader.skipTaggedFields();
          return { partition, committedOffset, errorCode };
        });
        reader.skipTaggedFields();
        return { topic, partitions };
      });
      const errorCode = reader.int16();
      reader.skipTaggedFields();
      return { groupId, topics, errorCode };
    });
    reader.skipTaggedFields();
    return { throttleTimeMs, groups };
  },
};
