// A test double of the sampler's client (our own interface, not Kafka's): a small
// in-memory cluster with switches to make each request kind fail, hang or answer late.
// Every call is logged with whether the tick's signal was already aborted.
import { AssignerProtocol } from 'kafkajs';
import type {
  CoordinatorRequestOptions,
  FoundCoordinators,
} from '../../../src/kafka/coordinators.js';
import { OffsetColumns, offsetList, type OffsetList } from '../../../src/kafka/offset-list.js';
import type { CommittedOffsets } from '../../../src/kafka/committed-offsets.js';
import {
  fromClassic,
  fromConsumerProtocol,
  type GroupDescription,
} from '../../../src/kafka/group-description.js';
import type { GroupListing } from '../../../src/kafka/group-listing.js';
import { KafkaErrorCode, KafkaResponseError } from '../../../src/kafka/kafka-errors.js';
import type { SamplerClient } from '../../../src/kafka/sampler.js';

export interface FakeGroup {
  state: string;
  /** Kafka's group type as ListGroups v5 lists it; absent: classic. */
  type?: string;
  members?: { id: string; host: string; clientId: string; assignment: Record<string, number[]> }[];
  committed: Record<string, number[]>; // topic -> offset per partition (-1: none)
}

export interface FakeCall {
  readonly api: string;
  readonly groups?: readonly string[];
  readonly hadSignal: boolean;
  readonly afterAbort: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeClient implements SamplerClient {
  readonly counter = { requests: 0, byApi: {} as Record<string, number> };
  topicsByName: Record<string, { ends: number[]; starts?: number[] }> = {};
  groups: Record<string, FakeGroup> = {};
  failConnect: Error | null = null;
  failDescribe = false;
  failOffsetsFor = new Set<string>();
  /** Groups whose first OffsetFetch answers NOT_COORDINATOR (the coordinator moved). */
  movedCoordinatorOf = new Set<string>();
  /** Groups whose first DescribeGroups / ConsumerGroupDescribe answers NOT_COORDINATOR. */
  movedDescribeOf = new Set<string>();
  failTopics = new Set<string>();
  hangCommitted = false;
  /** Committed offsets answer this late (ms), after the tick may be over. */
  committedDelayMs = 0;
  readonly calls: FakeCall[] = [];
  readonly forgotten: string[] = [];

  #call(api: string, signal: AbortSignal | undefined, groups?: readonly string[]): void {
    this.counter.requests++;
    this.counter.byApi[api] = (this.counter.byApi[api] ?? 0) + 1;
    this.calls.push({
      api,
      ...(groups && { groups }),
      hadSignal: signal !== undefined,
      afterAbort: signal?.aborted ?? false,
    });
  }

  get committedAskedFor(): string[] {
    return this.calls.filter((c) => c.api === 'OffsetFetch').flatMap((c) => c.groups ?? []);
  }

  connect(signal?: AbortSignal): Promise<void> {
    this.#call('Connect', signal);
    return this.failConnect ? Promise.reject(this.failConnect) : Promise.resolve();
  }

  listGroups(signal?: AbortSignal): Promise<GroupListing[]> {
    this.#call('ListGroups', signal);
    return Promise.resolve(
      Object.entries(this.groups).map(([groupId, g]) => ({
        groupId,
        protocolType:
          g.type === undefined || g.type === 'classic' || g.type === 'consumer' ? 'consumer' : '',
        state: g.state,
        type: g.type ?? 'classic',
      })),
    );
  }

  topics(
    signal?: AbortSignal,
  ): Promise<{ topic: string; partitions: { partition: number; leader: number | null }[] }[]> {
    this.#call('Metadata', signal);
    return Promise.resolve(
      Object.entries(this.topicsByName).map(([topic, t]) => ({
        topic,
        partitions: t.ends.map((_, partition) => ({ partition, leader: 1 })),
      })),
    );
  }

  findCoordinators(
    groupIds: readonly string[],
    options: CoordinatorRequestOptions,
  ): Promise<FoundCoordinators> {
    this.#call('FindCoordinator', options.signal, groupIds);
    return Promise.resolve({ ids: new Map(groupIds.map((id) => [id, 1])), errors: new Map() });
  }

  forgetCoordinator(groupId: string): void {
    this.forgotten.push(groupId);
  }

  describeGroups(
    _nodeId: number,
    groupIds: string[],
    protocol: 'classic' | 'consumer',
    signal?: AbortSignal,
  ): Promise<GroupDescription[]> {
    this.#call(
      protocol === 'consumer' ? 'ConsumerGroupDescribe' : 'DescribeGroups',
      signal,
      groupIds,
    );
    if (this.failDescribe) return Promise.reject(new Error('NOT_COORDINATOR'));
    return Promise.resolve(
      groupIds.map((groupId) => {
        const g = this.groups[groupId] ?? { state: 'Dead', committed: {} };
        const members = g.members ?? [];
        const moved = this.movedDescribeOf.delete(groupId);
        if (protocol === 'consumer')
          return fromConsumerProtocol({
            errorCode: moved
              ? KafkaErrorCode.NOT_COORDINATOR
              : this.groups[groupId]
                ? 0
                : KafkaErrorCode.GROUP_ID_NOT_FOUND,
            errorMessage: null,
            groupId,
            state: g.state,
            groupEpoch: 7,
            assignmentEpoch: 7,
            assignorName: 'uniform',
            members: members.map((m) => ({
              memberId: m.id,
              instanceId: null,
              memberEpoch: 7,
              clientId: m.clientId,
              clientHost: m.host,
              assignment: Object.entries(m.assignment).map(([topic, partitions]) => ({
                topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
                topic,
                partitions,
              })),
            })),
          });
        return fromClassic({
          errorCode: moved ? KafkaErrorCode.NOT_COORDINATOR : 0,
          groupId,
          state: g.state,
          protocolType: 'consumer',
          protocol: 'RoundRobinAssigner',
          members: members.map((m) => ({
            memberId: m.id,
            clientId: m.clientId,
            clientHost: m.host,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: 0,
              assignment: m.assignment,
              userData: Buffer.alloc(0),
            }),
          })),
        });
      }),
    );
  }

  async committedOffsets(
    _nodeId: number,
    groupIds: readonly string[],
    options: { readonly concurrency: number; readonly signal?: AbortSignal },
  ): Promise<CommittedOffsets> {
    this.#call('OffsetFetch', options.signal, groupIds);
    if (this.hangCommitted) return new Promise(() => undefined);
    if (this.committedDelayMs > 0) await sleep(this.committedDelayMs);
    const result: CommittedOffsets = new Map();
    for (const groupId of groupIds) {
      if (this.movedCoordinatorOf.delete(groupId)) {
        result.set(groupId, new KafkaResponseError(KafkaErrorCode.NOT_COORDINATOR));
      } else if (this.failOffsetsFor.has(groupId)) {
        result.set(groupId, new KafkaResponseError(KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
      } else {
        const g = this.groups[groupId];
        result.set(
          groupId,
          offsetList(
            Object.entries(g?.committed ?? {}).flatMap(([topic, offsets]) =>
              offsets.map((offset, partition) => ({ topic, partition, offset })),
            ),
          ),
        );
      }
    }
    return result;
  }

  listOffsets(
    leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
    which: 'latest' | 'earliest',
    signal?: AbortSignal,
  ): Promise<{ offsets: OffsetList; failures: { topic: string; error: unknown }[] }> {
    this.#call('ListOffsets', signal);
    const offsets = new OffsetColumns();
    const failures: { topic: string; error: unknown }[] = [];
    for (const [topic, partitions] of leaderOf) {
      if (this.failTopics.has(topic)) {
        failures.push({ topic, error: new Error('NOT_LEADER_OR_FOLLOWER') });
        continue;
      }
      const t = this.topicsByName[topic]!;
      for (const partition of partitions.keys()) {
        const offset = which === 'latest' ? t.ends[partition]! : (t.starts?.[partition] ?? 0);
        offsets.add(topic, partition, offset);
      }
    }
    return Promise.resolve({ offsets: offsets.listFrom(0), failures });
  }
}
