// A test double of the sampler's client (our own interface, not Kafka's): a small
// in-memory cluster with switches to make each request kind fail.
import { AssignerProtocol } from 'kafkajs';
import type { ListedOffset, RawGroupDescription } from '../../../src/kafka/protocol-client.js';
import type { SamplerClient } from '../../../src/kafka/sampler.js';

export interface FakeGroup {
  state: string;
  members?: { id: string; host: string; clientId: string; assignment: Record<string, number[]> }[];
  committed: Record<string, number[]>; // topic -> offset per partition (-1: none)
}

export class FakeClient implements SamplerClient {
  readonly counter = { requests: 0 };
  topicsByName: Record<string, { ends: number[]; starts?: number[] }> = {};
  groups: Record<string, FakeGroup> = {};
  failConnect: Error | null = null;
  failDescribe = false;
  failOffsetsFor = new Set<string>();
  failTopics = new Set<string>();
  hangCommitted = false;
  readonly committedAskedFor: string[] = [];

  connect(): Promise<void> {
    this.counter.requests++;
    return this.failConnect ? Promise.reject(this.failConnect) : Promise.resolve();
  }

  listGroups(): Promise<{ groupId: string; protocolType: string }[]> {
    return Promise.resolve(
      Object.keys(this.groups).map((groupId) => ({ groupId, protocolType: 'consumer' })),
    );
  }

  topics(): Promise<
    { topic: string; partitions: { partition: number; leader: number | null }[] }[]
  > {
    return Promise.resolve(
      Object.entries(this.topicsByName).map(([topic, t]) => ({
        topic,
        partitions: t.ends.map((_, partition) => ({ partition, leader: 1 })),
      })),
    );
  }

  coordinatorOf(): Promise<number> {
    return Promise.resolve(1);
  }

  forgetCoordinator(): void {}

  describeGroups(_nodeId: number, groupIds: string[]): Promise<RawGroupDescription[]> {
    if (this.failDescribe) return Promise.reject(new Error('NOT_COORDINATOR'));
    return Promise.resolve(
      groupIds.map((groupId) => {
        const g = this.groups[groupId] ?? { state: 'Dead', committed: {} };
        return {
          errorCode: 0,
          groupId,
          state: g.state,
          protocolType: 'consumer',
          protocol: 'RoundRobinAssigner',
          members: (g.members ?? []).map((m) => ({
            memberId: m.id,
            clientId: m.clientId,
            clientHost: m.host,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: 0,
              assignment: m.assignment,
              userData: Buffer.alloc(0),
            }),
          })),
        };
      }),
    );
  }

  committedOffsets(_nodeId: number, groupId: string): Promise<ListedOffset[]> {
    this.committedAskedFor.push(groupId);
    if (this.hangCommitted) return new Promise(() => undefined);
    if (this.failOffsetsFor.has(groupId))
      return Promise.reject(new Error('COORDINATOR_LOAD_IN_PROGRESS'));
    const g = this.groups[groupId];
    return Promise.resolve(
      Object.entries(g?.committed ?? {}).flatMap(([topic, offsets]) =>
        offsets.map((offset, partition) => ({ topic, partition, offset })),
      ),
    );
  }

  listOffsets(
    leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
    which: 'latest' | 'earliest',
  ): Promise<{ offsets: ListedOffset[]; failures: { topic: string; error: unknown }[] }> {
    const offsets: ListedOffset[] = [];
    const failures: { topic: string; error: unknown }[] = [];
    for (const [topic, partitions] of leaderOf) {
      if (this.failTopics.has(topic)) {
        failures.push({ topic, error: new Error('NOT_LEADER_OR_FOLLOWER') });
        continue;
      }
      const t = this.topicsByName[topic]!;
      for (const partition of partitions.keys()) {
        const offset = which === 'latest' ? t.ends[partition]! : (t.starts?.[partition] ?? 0);
        offsets.push({ topic, partition, offset });
      }
    }
    return Promise.resolve({ offsets, failures });
  }
}
