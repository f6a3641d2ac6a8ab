// Which member owns which partition: decoded from the assignment bytes that
// DescribeGroups returns for groups of the `consumer` protocol.
import { AssignerProtocol } from 'kafkajs';
import type { RawGroupDescription } from './protocol-client.js';

export interface PartitionOwner {
  readonly consumerId: string;
  readonly host: string;
  readonly clientId: string;
}

/** "topic\u0000partition" -> the member that owns it. */
export function ownersOf(description: RawGroupDescription): Map<string, PartitionOwner> {
  const owners = new Map<string, PartitionOwner>();
  if (description.protocolType !== 'consumer') return owners;
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
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {}))
      for (const partition of partitions) owners.set(partitionKey(topic, partition), owner);
  }
  return owners;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
