// The values of the `__consumer_offsets` records lagwatch reads, every version Kafka
// 2.x–4.x writes (group-coordinator's OffsetCommitValue.json and GroupMetadataValue.json):
// an int16 version, then the fields. Versions 0–3 use classic strings and arrays; version 4
// is flexible (compact strings, arrays and bytes, tagged-field sections). A tombstone (a
// null value) is not decoded here: the record says what it deletes.
import { Reader, WireError } from './wire.js';

export interface OffsetCommitValue {
  readonly version: number;
  readonly offset: number;
  /** -1 when the committer did not say (and before version 3). */
  readonly leaderEpoch: number;
  readonly metadata: string;
  /** When the coordinator took the commit, ms since the epoch: Burrow's sample time. */
  readonly commitTimestamp: number;
  /** Version 1 only; -1 otherwise. */
  readonly expireTimestamp: number;
}

/** A classic group's member as its group metadata keeps it. */
export interface GroupMemberValue {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly subscription: Buffer;
  readonly assignment: Buffer;
}

export interface GroupMetadataValue {
  readonly version: number;
  readonly protocolType: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly leader: string | null;
  /** Version 2+; -1 before. */
  readonly currentStateTimestamp: number;
  readonly members: readonly GroupMemberValue[];
}

export const OFFSET_COMMIT_VALUE_VERSIONS = { min: 0, max: 4 } as const;
export const GROUP_METADATA_VALUE_VERSIONS = { min: 0, max: 4 } as const;

/** Thrown for a value version this code does not know: the record is skipped and counted. */
export class UnknownValueVersionError extends WireError {
  constructor(what: string, version: number) {
    super(`${what} value version ${version} is not known`);
  }
}

export function decodeOffsetCommitValue(bytes: Buffer): OffsetCommitValue {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version < OFFSET_COMMIT_VALUE_VERSIONS.min || version > OFFSET_COMMIT_VALUE_VERSIONS.max)
    throw new UnknownValueVersionError('OffsetCommit', version);
  const flexible = version >= 4;
  const offset = reader.int64();
  const leaderEpoch = version >= 3 ? reader.int32() : -1;
  const metadata = (flexible ? reader.compactString() : reader.string()) ?? '';
  const commitTimestamp = reader.int64();
  const expireTimestamp = version === 1 ? reader.int64() : -1;
  if (flexible) reader.skipTaggedFields();
  return { version, offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

export function decodeGroupMetadataValue(bytes: Buffer): GroupMetadataValue {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version < GROUP_METADATA_VALUE_VERSIONS.min || version > GROUP_METADATA_VALUE_VERSIONS.max)
    throw new UnknownValueVersionError('GroupMetadata', version);
  const flexible = version >= 4;
  const str = (): string | null => (flexible ? reader.compactString() : reader.string());
  const bytesField = (): Buffer => (flexible ? reader.compactBytes() : reader.bytes()) ?? EMPTY;
  const protocolType = str() ?? '';
  const generation = reader.int32();
  const protocol = str();
  const leader = str();
  const currentStateTimestamp = version >= 2 ? reader.int64() : -1;
  const member = (): GroupMemberValue => {
    const memberId = str() ?? '';
    const groupInstanceId = version >= 3 ? str() : null;
    const clientId = str() ?? '';
    const clientHost = str() ?? '';
    const rebalanceTimeoutMs = version >= 1 ? reader.int32() : -1;
    const sessionTimeoutMs = reader.int32();
    const subscription = bytesField();
    const assignment = bytesField();
    if (flexible) reader.skipTaggedFields();
    return {
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    };
  };
  const members = (flexible ? reader.compactArray(member) : reader.array(member)) ?? [];
  if (flexible) reader.skipTaggedFields();
  return { version, protocolType, generation, protocol, leader, currentStateTimestamp, members };
}

const EMPTY = Buffer.alloc(0);
