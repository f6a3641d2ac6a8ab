// OffsetFetch (key 9) v8–v9: the committed offsets of many groups in one request, each
// group with its own error code and each partition with its own. A null topic list asks
// for every topic the group has committed to. v9 adds the member id and epoch that
// consumer-protocol members send; an outside reader sends null and -1.
import { readArray, type KafkaApi } from './api.js';
import { OffsetColumns, type OffsetList } from './offset-list.js';

export interface OffsetFetchRequest {
  readonly groupIds: readonly string[];
}

export interface FetchedGroupOffsets {
  readonly groupId: string;
  /**
   * The partitions answered without an error, topic by topic (-1 where the group has no
   * commit); a partition answered with an error has no offset to show and is left out.
   */
  readonly offsets: OffsetList;
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
    // Every group of the answer writes into the same columns (offset-list.ts).
    const columns = new OffsetColumns();
    const groups = readArray(reader, true, () => {
      const groupId = reader.compactName() ?? '';
      const from = columns.count;
      // Counted loops, not readArray: the topics and partitions make no array of their own.
      for (let t = reader.compactArrayLength() ?? 0; t > 0; t--) {
        const topic = reader.compactName() ?? '';
        for (let p = reader.compactArrayLength() ?? 0; p > 0; p--) {
          const partition = reader.int32();
          const committedOffset = reader.int64();
          reader.int32(); // committed leader epoch
          reader.compactString(); // metadata
          const errorCode = reader.int16();
          reader.skipTaggedFields();
          if (errorCode === 0) columns.add(topic, partition, committedOffset);
        }
        reader.skipTaggedFields();
      }
      const errorCode = reader.int16();
      reader.skipTaggedFields();
      return { groupId, offsets: columns.listFrom(from), errorCode };
    });
    reader.skipTaggedFields();
    return { throttleTimeMs, groups };
  },
};
