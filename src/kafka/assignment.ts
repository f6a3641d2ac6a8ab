// Which member owns which partition: decoded from the assignment bytes that
// DescribeGroups returns for groups of the `consumer` protocol.
import { AssignerProtocol } from 'kafkajs';
import type { RawGroupDescription } from './protocol-client.js';

export interface PartitionOwner {
  readonly consumerId: string;
  readonly host: string;
  readonly clientId: string;
}

/**
 * The partitions of one topic that one member owns, as the group's description lists them.
 * A group's owners are kept this way, not as a map from each partition to its owner: the
 * tick reads each group's owners once (group-lag.ts), and a map per group with a key string
 * per partition was most of what describing 10,000 groups made and promoted every tick.
 */
export interface OwnedPartitions {
  readonly owner: PartitionOwner;
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** No owner at all (an Empty group, or no description): shared, and no reader changes it. */
export const NO_ASSIGNMENTS: readonly OwnedPartitions[] = [];

/** Each member's partitions, member by member and topic by topic. */
export function assignmentsOf(description: RawGroupDescription): OwnedPartitions[] {
  const assignments: OwnedPartitions[] = [];
  if (description.protocolType !== 'consumer') return assignments;
  for (const member of description.members) {
    if (!member.memberAssignment || member.memberAssignment.length === 0) continue;
    let decoded: ReturnType<typeof AssignerProtocol.MemberAssignment.decode>;
    try {
      decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    } catch {
      continue; // an assignor with its own format: owners stay unknown, offsets still count
    }
    // One owner per member, shared by its partitions (read-only; lag copies the fields).
    const owner: PartitionOwner = {
      consumerId: member.memberId,
      host: member.clientHost,
      clientId: member.clientId,
    };
    const byTopic = decoded?.assignment ?? {};
    for (const topic of Object.keys(byTopic))
      assignments.push({ owner, topic, partitions: byTopic[topic]! });
  }
  return assignments;
}
