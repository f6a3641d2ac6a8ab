// ConsumerGroupDescribe (key 69) v0–v1: groups of the consumer protocol (KIP-848), which
// the classic DescribeGroups does not describe. Assignments come with topic names, so no
// Metadata lookup of topic ids is needed. v1 adds each member's type.
import { readArray, type KafkaApi } from './api.js';
import type { Reader } from './wire.js';

export interface AssignedTopicPartitions {
  readonly topicId: string;
  readonly topic: string;
  readonly partitions: number[];
}

export interface ConsumerGroupMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly assignment: AssignedTopicPartitions[];
}

export interface DescribedConsumerGroup {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly groupId: string;
  readonly state: string;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly assignorName: string;
  readonly members: ConsumerGroupMember[];
}

export interface ConsumerGroupDescribeResponse {
  readonly throttleTimeMs: number;
  readonly groups: DescribedConsumerGroup[];
}

function readAssignment(reader: Reader): AssignedTopicPartitions[] {
  const topics = readArray(reader, true, () => {
    const topicPartitions = {
      topicId: reader.uuid(),
      topic: reader.compactString() ?? '',
      partitions: readArray(reader, true, () => reader.int32()),
    };
    reader.skipTaggedFields();
    return topicPartitions;
  });
  reader.skipTaggedFields();
  return topics;
}

function readMember(reader: Reader, version: number): ConsumerGroupMember {
  const memberId = reader.compactString() ?? '';
  const instanceId = reader.compactString();
  reader.compactString(); // rack id
  const memberEpoch = reader.int32();
  const clientId = reader.compactString() ?? '';
  const clientHost = reader.compactString() ?? '';
  readArray(reader, true, () => reader.compactString()); // subscribed topic names
  reader.compactString(); // subscribed topic regex
  const assignment = readAssignment(reader);
  readAssignment(reader); // target assignment
  if (version >= 1) reader.int8(); // member type
  reader.skipTaggedFields();
  return { memberId, instanceId, memberEpoch, clientId, clientHost, assignment };
}

export const ConsumerGroupDescribe: KafkaApi<
  { readonly groupIds: readonly string[] },
  ConsumerGroupDescribeResponse
> = {
  apiKey: 69,
  name: 'ConsumerGroupDescribe',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 0,
  encode(writer, _version, request) {
    writer.compactArray(request.groupIds, (groupId) => writer.compactString(groupId));
    writer.bool(false); // IncludeAuthorizedOperations
    writer.noTaggedFields();
  },
  decode(reader, version) {
    const throttleTimeMs = reader.int32();
    const groups = readArray(reader, true, () => {
      const group = {
        errorCode: reader.int16(),
        errorMessage: reader.compactString(),
        groupId: reader.compactString() ?? '',
        state: reader.compactString() ?? '',
        groupEpoch: reader.int32(),
        assignmentEpoch: reader.int32(),
        assignorName: reader.compactString() ?? '',
        members: readArray(reader, true, () => readMember(reader, version)),
      };
      reader.int32(); // authorized operations
      reader.skipTaggedFields();
      return group;
    });
    reader.skipTaggedFields();
    return { throttleTimeMs, groups };
  },
};
