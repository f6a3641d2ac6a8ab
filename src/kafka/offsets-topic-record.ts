// One record of `__consumer_offsets`, key and value together, as lagwatch reads it: a
// commit, a deleted offset, a classic group's metadata, a deleted group, a member of a
// consumer-protocol group coming or going, a record kept for later use, or one that could
// not be read. Never throws: a record that does not decode says why, and the reader
// counts it and goes on (a new Kafka may add record types or value versions).
import { decodeKey } from './offsets-topic-key.js';
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  type GroupMetadataValue,
} from './offsets-topic-value.js';

export type OffsetsTopicRecord =
  | {
      readonly kind: 'commit';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
      readonly commitTimestamp: number;
    }
  /** An offset tombstone: the group's offset for this partition was deleted or expired. */
  | {
      readonly kind: 'offset-deleted';
      readonly group: string;
      readonly topic: string;
      readonly partition: number;
    }
  | { readonly kind: 'group-metadata'; readonly group: string; readonly value: GroupMetadataValue }
  /** A group-metadata tombstone (classic or consumer protocol): the group is gone. */
  | {
      readonly kind: 'group-deleted';
      readonly group: string;
      readonly protocol: 'classic' | 'consumer';
    }
  | {
      readonly kind: 'member';
      readonly group: string;
      readonly memberId: string;
      readonly present: boolean;
    }
  /** A known record type lagwatch does not use (assignments, share and streams groups…). */
  | { readonly kind: 'skipped'; readonly type: number; readonly group: string }
  /** A record type this code does not know, or bytes that do not decode: counted. */
  | { readonly kind: 'unreadable'; readonly reason: string };

export function decodeOffsetsTopicRecord(
  key: Buffer | null,
  value: Buffer | null,
): OffsetsTopicRecord {
  if (key === null || key.length < 2) return { kind: 'unreadable', reason: 'no key' };
  try {
    const k = decodeKey(key);
    switch (k.kind) {
      case 'unknown':
        return { kind: 'unreadable', reason: `unknown record type ${k.type}` };
      case 'offset-commit': {
        const { group, topic, partition } = k;
        if (value === null) return { kind: 'offset-deleted', group, topic, partition };
        const v = decodeOffsetCommitValue(value);
        return {
          kind: 'commit',
          group,
          topic,
          partition,
          offset: v.offset,
          commitTimestamp: v.commitTimestamp,
        };
      }
      case 'group-metadata':
        if (value === null) return { kind: 'group-deleted', group: k.group, protocol: 'classic' };
        return { kind: 'group-metadata', group: k.group, value: decodeGroupMetadataValue(value) };
      case 'consumer-group-metadata':
        if (value === null) return { kind: 'group-deleted', group: k.group, protocol: 'consumer' };
        return { kind: 'skipped', type: 3, group: k.group };
      case 'consumer-group-member':
        return { kind: 'member', group: k.group, memberId: k.memberId, present: value !== null };
      case 'other':
        return { kind: 'skipped', type: k.type, group: k.group };
    }
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}
