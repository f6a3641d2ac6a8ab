// The per-group half of a tick: coordinators, descriptions and committed offsets, batched
// per coordinator and per protocol. Each group ends with its own result or its own fault;
// one bad group never spoils a batch. A group whose coordinator moved or was not ready is
// looked up again and asked once more within the tick.
import { FaultCode } from '../contract/errors.js';
import type { Logger } from '../contract/logger.js';
import type { SampleFault } from '../contract/snapshot.js';
import { mapLimit } from '../util/map-limit.js';
import { groupTypeOf, type GroupDescription, type GroupType } from './group-description.js';
import type { GroupListing } from './group-listing.js';
import type { PartitionOwner } from './assignment.js';
import { isCoordinatorError, KafkaResponseError } from './kafka-errors.js';
import type { ListedOffset } from './kafkajs-internals.js';
import type { SamplerClient } from './sampler-client.js';

export interface GroupSample {
  readonly groupId: string;
  readonly type: GroupType;
  readonly typeName: string | null;
  readonly listedState: string | null;
  readonly listedProtocolType: string;
  description: GroupDescription | Error | null;
  offsets: ListedOffset[] | null;
  fault: SampleFault | null;
}

export interface GroupSamplingOptions {
  readonly groupsPerRequest: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

export async function sampleGroups(
  client: SamplerClient,
  listing: readonly GroupListing[],
  options: GroupSamplingOptions,
): Promise<GroupSample[]> {
  const samples = listing.map((g): GroupSample => ({
    groupId: g.groupId,
    type: groupTypeOf(g.type),
    typeName: g.type,
    listedState: g.state,
    listedProtocolType: g.protocolType,
    description: null,
    offsets: null,
    fault: null,
  }));
  // Loops rather than map/filter chains: this runs for every group of every tick.
  const byId = new Map<string, GroupSample>();
  let pending: string[] = [];
  for (const s of samples) {
    byId.set(s.groupId, s);
    if (s.type !== 'other') {
      pending.push(s.groupId);
      continue;
    }
    s.fault = {
      code: FaultCode.GROUP_TYPE_NOT_JUDGED,
      message: `groups of type ${s.typeName ?? 'unknown'} are listed, not judged`,
    };
  }
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    pending = await sampleOnce(client, pending, byId, options, attempt === 1);
  }
  return samples;
}

/** One pass; returns the groups whose coordinator has to be found again. */
async function sampleOnce(
  client: SamplerClient,
  groupIds: string[],
  byId: Map<string, GroupSample>,
  options: GroupSamplingOptions,
  lastAttempt: boolean,
): Promise<string[]> {
  const { signal, log } = options;
  signal.throwIfAborted();
  const found = await client.findCoordinators(groupIds, {
    batchSize: options.groupsPerRequest,
    concurrency: options.concurrency,
    signal,
  });
  for (const [groupId, error] of found.errors) {
    const fault = { code: FaultCode.DESCRIBE_FAILED, message: `no coordinator: ${error.message}` };
    log.warn({ group: groupId, fault }, 'group coordinator not found');
    byId.get(groupId)!.fault = fault;
  }
  const again = new Set<string>();
  const moved = (groupId: string, error: unknown): boolean => {
    if (
      lastAttempt ||
      !(error instanceof KafkaResponseError) ||
      !isCoordinatorError(error.errorCode)
    )
      return false;
    client.forgetCoordinator(groupId);
    again.add(groupId);
    return true;
  };

  const describeBatches: [number, 'classic' | 'consumer', string[]][] = [];
  const offsetBatches: [number, string[]][] = [];
  for (const [nodeId, groupsOfNode] of groupsByNode(found.ids)) {
    for (const chunk of chunks(groupsOfNode, options.groupsPerRequest))
      offsetBatches.push([nodeId, chunk]);
    // ListGroups v4+ already says a group is Empty: no members, nobody owns anything, so
    // describing it would tell nothing more (most groups of a large fleet are idle).
    const toDescribe: string[] = [];
    for (const id of groupsOfNode) {
      const sample = byId.get(id)!;
      if (sample.listedState !== 'Empty') toDescribe.push(id);
      else sample.description = emptyGroup(sample);
    }
    for (const [protocol, ofType] of groupBy(toDescribe, (id) => byId.get(id)!.type)) {
      const kind = protocol === 'consumer' ? 'consumer' : 'classic';
      for (const chunk of chunks(ofType, options.groupsPerRequest))
        describeBatches.push([nodeId, kind, chunk]);
    }
  }

  const describe = async ([nodeId, protocol, ids]: (typeof describeBatches)[number]) => {
    signal.throwIfAborted();
    try {
      const described = await client.describeGroups(nodeId, ids, protocol, signal);
      for (const d of described) {
        const sample = byId.get(d.groupId);
        if (!sample) continue;
        if (d.errorCode === 0) sample.description = d;
        else if (!moved(d.groupId, new KafkaResponseError(d.errorCode, d.errorMessage)))
          sample.description = new KafkaResponseError(d.errorCode, d.errorMessage);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      log.warn({ groups: ids.length, error: messageOf(error) }, 'describe groups failed');
      for (const groupId of ids) {
        client.forgetCoordinator(groupId);
        byId.get(groupId)!.description = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  const fetchOffsets = async ([nodeId, ids]: (typeof offsetBatches)[number]) => {
    let results: Map<string, ListedOffset[] | Error>;
    signal.throwIfAborted();
    try {
      results = await client.committedOffsets(nodeId, ids, {
        concurrency: options.concurrency,
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const failure = error instanceof Error ? error : new Error(String(error));
      results = new Map(ids.map((id) => [id, failure]));
    }
    results.forEach((result, groupId) => {
      const sample = byId.get(groupId);
      if (!sample) return;
      if (!(result instanceof Error)) {
        sample.offsets = result;
        sample.fault = null;
      } else if (!moved(groupId, result)) {
        client.forgetCoordinator(groupId);
        sample.fault = { code: FaultCode.OFFSET_FETCH_FAILED, message: result.message };
        log.warn({ group: groupId, fault: sample.fault }, 'committed offsets not fetched');
      }
    });
  };
  await mapLimit(
    [
      ...describeBatches.map((b) => () => describe(b)),
      ...offsetBatches.map((b) => () => fetchOffsets(b)),
    ],
    options.concurrency,
    (run) => run(),
  );
  return [...again];
}

/** Shared by every Empty group: nobody owns anything, and no reader changes it. */
const NO_OWNERS: ReadonlyMap<string, PartitionOwner> = new Map();

function emptyGroup(sample: GroupSample): GroupDescription {
  return {
    groupId: sample.groupId,
    state: 'Empty',
    protocolType: sample.listedProtocolType,
    members: 0,
    owners: NO_OWNERS,
    groupEpoch: null,
    errorCode: 0,
    errorMessage: null,
  };
}

/** Group ids by coordinator, in the order FindCoordinator answered them. */
function groupsByNode(coordinatorOf: ReadonlyMap<string, number>): Map<number, string[]> {
  const byNode = new Map<number, string[]>();
  coordinatorOf.forEach((nodeId, groupId) => {
    let ids = byNode.get(nodeId);
    if (!ids) byNode.set(nodeId, (ids = []));
    ids.push(groupId);
  });
  return byNode;
}

function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(item);
  }
  return groups;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
