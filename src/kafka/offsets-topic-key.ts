// The key of a record of `__consumer_offsets`: an int16 record type, then that type's
// fields (Apache Kafka's group-coordinator message definitions, `*Key.json`). Kafka 2.x–3.x
// wrote types 0 and 1 (an offset commit; older brokers called the type the key's
// "version") and 2 (a classic group's metadata); Kafka 4's group coordinator adds the
// records of consumer-protocol (KIP-848), share and streams groups, 3–24 so far. Every
// key but an offset commit's holds the group id first, so the group of any known record
// is read; a type not in this table is `unknown` and is counted, never fatal.
import { Reader } from './wire.js';

export type OffsetsTopicKey =
  | {
      readonly kind: 'offset-commit';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
    }
  /** A classic group's metadata (type 2): its tombstone means the group is gone. */
  | { readonly kind: 'group-metadata'; readonly group: string }
  /** A consumer-protocol group's metadata (type 3): its tombstone means the group is gone. */
  | { readonly kind: 'consumer-group-metadata'; readonly group: string }
  /** A consumer-protocol group's member (type 5): its tombstone means the member left. */
  | { readonly kind: 'consumer-group-member'; readonly group: string; readonly memberId: string }
  /** A known record this code has no use for (assignments, share and streams groups…). */
  | { readonly kind: 'other'; readonly type: number; readonly name: string; readonly group: string }
  | { readonly kind: 'unknown'; readonly type: number };

/** Record types by Kafka's names; the ones decoded in full are handled in `decodeKey`. */
export const RECORD_TYPES: Readonly<Record<number, string>> = {
  0: 'LegacyOffsetCommit',
  1: 'OffsetCommit',
  2: 'GroupMetadata',
  3: 'ConsumerGroupMetadata',
  4: 'ConsumerGroupPartitionMetadata',
  5: 'ConsumerGroupMemberMetadata',
  6: 'ConsumerGroupTargetAssignmentMetadata',
  7: 'ConsumerGroupTargetAssignmentMember',
  8: 'ConsumerGroupCurrentMemberAssignment',
  9: 'ShareGroupPartitionMetadata',
  10: 'ShareGroupMemberMetadata',
  11: 'ShareGroupMetadata',
  12: 'ShareGroupTargetAssignmentMetadata',
  13: 'ShareGroupTargetAssignmentMember',
  14: 'ShareGroupCurrentMemberAssignment',
  15: 'ShareGroupStatePartitionMetadata',
  16: 'ConsumerGroupRegularExpression',
  17: 'StreamsGroupMetadata',
  // 18–23: the streams group's topology, members and assignments (their numbering moved
  // while the protocol was in development; only the group id is read from them).
  18: 'StreamsGroup(18)',
  19: 'StreamsGroup(19)',
  20: 'StreamsGroup(20)',
  21: 'StreamsGroup(21)',
  22: 'StreamsGroup(22)',
  23: 'StreamsGroup(23)',
  24: 'StreamsGroupTargetAssignmentResolvedTopicIds',
};

/** Decodes a record key; throws WireError when a known type's bytes are short. */
export function decodeKey(bytes: Buffer): OffsetsTopicKey {
  const reader = new Reader(bytes);
  const type = reader.int16();
  const name = RECORD_TYPES[type];
  if (name === undefined) return { kind: 'unknown', type };
  // Every key is non-flexible: classic int16-length strings.
  const group = reader.string() ?? '';
  switch (type) {
    case 0:
    case 1: {
      const topic = reader.string() ?? '';
      return { kind: 'offset-commit', group, topic, partition: reader.int32() };
    }
    case 2:
      return { kind: 'group-metadata', group };
    case 3:
      return { kind: 'consumer-group-metadata', group };
    case 5:
      return { kind: 'consumer-group-member', group, memberId: reader.string() ?? '' };
    default:
      return { kind: 'other', type, name, group };
  }
}
