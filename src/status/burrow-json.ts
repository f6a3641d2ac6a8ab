// Statuses in the JSON shape of Burrow's v3 `status` object, so that tools written for
// Burrow read them unchanged. lagwatch's additions are extra keys Burrow clients ignore.
import type { GroupStatusCode, PartitionStatusCode } from '../contract/statuses.js';
import type { GroupStatus, PartitionSample, PartitionStatus } from '../contract/evaluation.js';
import type { GroupType } from '../contract/snapshot.js';

export interface BurrowConsumerOffset {
  offset: number;
  timestamp: number;
  /** Burrow's own camelCase key; present only when the sample carries it. */
  observedAt?: number;
  lag: number | null;
}

export interface BurrowPartitionStatus {
  topic: string;
  partition: number;
  owner: string;
  client_id: string;
  status: PartitionStatusCode;
  start: BurrowConsumerOffset | null;
  end: BurrowConsumerOffset | null;
  current_lag: number;
  complete: number;
  // lagwatch's additions
  time_lag_ms: number | null;
  catch_up_ms: number | null;
  messages_lost: number | null;
  reason: string;
  reason_text: string;
}

export interface BurrowGroupStatus {
  cluster: string;
  group: string;
  status: GroupStatusCode;
  complete: number;
  partitions: BurrowPartitionStatus[];
  partition_count: number;
  maxlag: BurrowPartitionStatus | null;
  totallag: number;
  // lagwatch's additions
  state: string | null;
  members: number | null;
  /** classic, consumer or other (Kafka 4's consumer protocol, KIP-848 is `consumer`). */
  type: GroupType | null;
}

export function toBurrowConsumerOffset(sample: PartitionSample): BurrowConsumerOffset {
  return sample.observedAt === undefined
    ? { offset: sample.offset, timestamp: sample.timestamp, lag: sample.lag }
    : {
        offset: sample.offset,
        timestamp: sample.timestamp,
        observedAt: sample.observedAt,
        lag: sample.lag,
      };
}

export function toBurrowPartitionStatus(status: PartitionStatus): BurrowPartitionStatus {
  return {
    topic: status.topic,
    partition: status.partition,
    owner: status.owner,
    client_id: status.clientId,
    status: status.status,
    start: status.start === null ? null : toBurrowConsumerOffset(status.start),
    end: status.end === null ? null : toBurrowConsumerOffset(status.end),
    current_lag: status.currentLag,
    complete: status.complete,
    time_lag_ms: status.timeLagMs,
    catch_up_ms: status.catchUpMs,
    messages_lost: status.messagesLost,
    reason: status.reason,
    reason_text: status.reasonText,
  };
}

/** The group with every partition (Burrow's `/lag` view; `/status` keeps only those not OK). */
export function toBurrowGroupStatus(status: GroupStatus): BurrowGroupStatus {
  // Read once each: an evaluated group makes its partitions' objects anew on every read,
  // so maxlag is found among them by topic and partition, not by identity.
  const list = status.partitions;
  const maxlag = status.maxlag;
  const partitions = list.map(toBurrowPartitionStatus);
  const maxlagIndex =
    maxlag === null
      ? -1
      : list.findIndex((p) => p.topic === maxlag.topic && p.partition === maxlag.partition);
  return {
    cluster: status.cluster,
    group: status.group,
    status: status.status,
    complete: status.complete,
    partitions,
    partition_count: status.partitionCount,
    maxlag: maxlag === null ? null : (partitions[maxlagIndex] ?? toBurrowPartitionStatus(maxlag)),
    totallag: status.totallag,
    state: status.state,
    members: status.members,
    type: status.type,
  };
}
