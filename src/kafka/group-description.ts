// A group as the sampler sees it, whichever API described it: classic groups through
// DescribeGroups, consumer-protocol groups (KIP-848) through ConsumerGroupDescribe.
import { assignmentsOf, type OwnedPartitions, type PartitionOwner } from './assignment.js';
import type { DescribedConsumerGroup } from './consumer-group-describe.js';
import { KafkaErrorCode } from './kafka-errors.js';
import type { RawGroupDescription } from './kafkajs-internals.js';
import type { GroupType } from '../contract/snapshot.js';

export type { GroupType };

export function groupTypeOf(listedType: string | null): GroupType {
  if (listedType === null || listedType === '' || listedType.toLowerCase() === 'classic')
    return 'classic';
  return listedType.toLowerCase() === 'consumer' ? 'consumer' : 'other';
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly members: number;
  /** Which member owns which partitions (assignment.ts); empty when nobody owns any. */
  readonly assignments: readonly OwnedPartitions[];
  /** Consumer-protocol groups only. */
  readonly groupEpoch: number | null;
  /** The error Kafka answered for this group alone (0: none). */
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export function fromClassic(raw: RawGroupDescription): GroupDescription {
  return {
    groupId: raw.groupId,
    state: raw.state,
    protocolType: raw.protocolType,
    members: raw.members.length,
    assignments: assignmentsOf(raw),
    groupEpoch: null,
    errorCode: raw.errorCode,
    errorMessage: null,
  };
}

/** Owners as kafka-consumer-groups shows them: each member on the partitions it holds now. */
export function fromConsumerProtocol(group: DescribedConsumerGroup): GroupDescription {
  if (group.errorCode === KafkaErrorCode.GROUP_ID_NOT_FOUND) {
    // Deleted since it was listed: what DescribeGroups reports as a Dead group.
    return {
      ...fromClassic({
        errorCode: 0,
        groupId: group.groupId,
        state: 'Dead',
        protocolType: 'consumer',
        protocol: '',
        members: [],
      }),
      groupEpoch: group.groupEpoch,
    };
  }
  const assignments: OwnedPartitions[] = [];
  for (const member of group.members) {
    // One owner per member, shared by its partitions (read-only; lag copies the fields).
    const owner: PartitionOwner = {
      consumerId: member.memberId,
      host: member.clientHost,
      clientId: member.clientId,
    };
    for (const { topic, partitions } of member.assignment)
      assignments.push({ owner, topic, partitions });
  }
  return {
    groupId: group.groupId,
    state: group.state,
    protocolType: 'consumer',
    members: group.members.length,
    assignments,
    groupEpoch: group.groupEpoch,
    errorCode: group.errorCode,
    errorMessage: group.errorMessage,
  };
}
