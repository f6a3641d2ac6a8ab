// One tick of one cluster: which groups exist, who owns what, what each group has
// committed, and where each partition's log starts and ends — then lag per partition.
// Never rejects: a fault is reported with the data it spoiled, and the rest proceeds.
import type { Logger } from '../contract/logger.js';
import { mapLimit } from '../util/map-limit.js';
import { ownersOf, partitionKey, type PartitionOwner } from './assignment.js';
import { admits, type NameFilter } from './filters.js';
import type { ProtocolClient, RawGroupDescription } from './protocol-client.js';

/** What the sampler asks of a cluster: ProtocolClient, or a test double of it. */
export type SamplerClient = Pick<
  ProtocolClient,
  | 'counter'
  | 'connect'
  | 'listGroups'
  | 'topics'
  | 'coordinatorOf'
  | 'forgetCoordinator'
  | 'describeGroups'
  | 'committedOffsets'
  | 'listOffsets'
>;
import { FaultCode } from '../contract/errors.js';
import {
  type ClusterSnapshot,
  type GroupLag,
  type PartitionLag,
  type SampleFault,
  type TopicPartitionOffsets,
} from '../contract/snapshot.js';

export interface SamplerOptions {
  readonly cluster: string;
  readonly groups: NameFilter;
  readonly topics: NameFilter;
  /** Requests in flight at once for per-group calls. */
  readonly concurrency: number;
  /** The whole tick must finish by then, or it is reported as DEADLINE_EXCEEDED. */
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** DescribeGroups takes many groups per request; this many keep requests small. */
const DESCRIBE_BATCH = 100;

export async function sampleCluster(
  client: SamplerClient,
  options: SamplerOptions,
): Promise<ClusterSnapshot> {
  const now = options.now ?? Date.now;
  const takenAt = now();
  const requestsBefore = client.counter.requests;
  let timer: NodeJS.Timeout | undefined;
  // Not unref()ed: it is cleared when the tick ends, and until then it must be able to
  // end a tick that waits on a socket nobody answers.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(options.deadlineMs)), options.deadlineMs);
  });
  try {
    const sampled = await Promise.race([sample(client, options), deadline]);
    return {
      ...sampled,
      cluster: options.cluster,
      takenAt,
      durationMs: now() - takenAt,
      available: true,
      fault: null,
      requests: client.counter.requests - requestsBefore,
    };
  } catch (error) {
    const fault: SampleFault =
      error instanceof DeadlineError
        ? { code: FaultCode.DEADLINE_EXCEEDED, message: error.message }
        : { code: FaultCode.CLUSTER_UNAVAILABLE, message: messageOf(error) };
    options.logger.warn({ cluster: options.cluster, fault }, 'cluster not sampled this tick');
    return {
      cluster: options.cluster,
      takenAt,
      durationMs: now() - takenAt,
      available: false,
      fault,
      groups: [],
      offsets: [],
      topics: [],
      maxLag: 0,
      requests: client.counter.requests - requestsBefore,
    };
  } finally {
    clearTimeout(timer);
  }
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`sampling did not finish within ${ms} ms`);
  }
}

type Sampled = Pick<ClusterSnapshot, 'groups' | 'offsets' | 'topics' | 'maxLag'>;

async function sample(client: SamplerClient, options: SamplerOptions): Promise<Sampled> {
  const log = options.logger.child({ cluster: options.cluster });
  await client.connect();

  // Filters apply before any per-group request: a denied group costs nothing.
  const listed = (await client.listGroups())
    .map((g) => g.groupId)
    .filter((id) => admits(options.groups, id))
    .sort();
  const topicList = await client.topics();
  const leaders = new Map(
    topicList.map((t) => [t.topic, new Map(t.partitions.map((p) => [p.partition, p.leader]))]),
  );

  const coordinators = await coordinatorsOf(client, listed, options.concurrency, log);
  const descriptions = await describeAll(client, coordinators, log);
  const committed = await mapLimit(listed, options.concurrency, async (groupId) => {
    const nodeId = coordinators.ids.get(groupId);
    if (nodeId === undefined)
      return { groupId, offsets: null, fault: coordinators.faults.get(groupId) ?? null };
    try {
      return { groupId, offsets: await client.committedOffsets(nodeId, groupId), fault: null };
    } catch (error) {
      client.forgetCoordinator(groupId);
      const fault = { code: FaultCode.OFFSET_FETCH_FAILED, message: messageOf(error) };
      log.warn({ group: groupId, fault }, 'committed offsets not fetched');
      return { groupId, offsets: null, fault };
    }
  });

  // Offsets are read for every partition of every topic the filter admits (two requests
  // per broker whatever the count): groups need them, and so do Burrow's topic endpoints.
  const involved = new Map<string, Map<number, number>>();
  const noLeader = new Set<string>();
  for (const { topic, partitions } of topicList) {
    if (!admits(options.topics, topic)) continue;
    const byPartition = new Map<number, number>();
    for (const { partition, leader } of partitions) {
      if (leader === null) noLeader.add(topic);
      else byPartition.set(partition, leader);
    }
    involved.set(topic, byPartition);
  }
  // A group's partition counts if its topic still exists and the topic filter admits it.
  const include = (topic: string, partition: number): boolean =>
    admits(options.topics, topic) && leaders.get(topic)?.get(partition) !== undefined;
  const groupPartitions = new Map<
    string,
    { committed: Map<string, number>; owners: Map<string, PartitionOwner> }
  >();
  for (const { groupId, offsets } of committed) {
    const description = descriptions.get(groupId);
    const owners =
      description && !(description instanceof Error)
        ? ownersOf(description)
        : new Map<string, PartitionOwner>();
    const committedByKey = new Map<string, number>();
    for (const o of offsets ?? []) {
      if (o.offset < 0) continue; // -1: no commit for this partition
      if (include(o.topic, o.partition))
        committedByKey.set(partitionKey(o.topic, o.partition), o.offset);
    }
    for (const key of [...owners.keys()]) {
      const [topic, partition] = splitKey(key);
      if (!include(topic, partition)) owners.delete(key);
    }
    groupPartitions.set(groupId, { committed: committedByKey, owners });
  }

  const [ends, starts] = await Promise.all([
    client.listOffsets(involved, 'latest'),
    client.listOffsets(involved, 'earliest'),
  ]);
  const endOf = new Map(ends.offsets.map((o) => [partitionKey(o.topic, o.partition), o.offset]));
  const startOf = new Map(
    starts.offsets.map((o) => [partitionKey(o.topic, o.partition), o.offset]),
  );
  const offsetFaults = new Map<string, SampleFault>();
  for (const { topic, error } of [...ends.failures, ...starts.failures]) {
    offsetFaults.set(topic, {
      code: FaultCode.END_OFFSETS_UNAVAILABLE,
      message: messageOf(error),
    });
  }
  for (const topic of noLeader) {
    offsetFaults.set(topic, {
      code: FaultCode.END_OFFSETS_UNAVAILABLE,
      message: 'partition has no leader',
    });
  }
  if (offsetFaults.size > 0)
    log.warn({ topics: [...offsetFaults.keys()] }, 'offsets unavailable for some topics');

  const groups: GroupLag[] = [];
  let maxLag = 0;
  for (const { groupId, fault } of committed) {
    const description = descriptions.get(groupId);
    const { committed: committedByKey, owners } = groupPartitions.get(groupId)!;
    const keys = new Set([...committedByKey.keys(), ...owners.keys()]);
    const partitions = [...keys].map((key) => {
      const [topic, partition] = splitKey(key);
      return partitionLag(
        topic,
        partition,
        committedByKey.get(key) ?? null,
        endOf.get(key) ?? null,
        startOf.get(key) ?? null,
        owners.get(key) ?? null,
        offsetFaults.get(topic) ?? null,
      );
    });
    partitions.sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    let totalLag = 0;
    let max: PartitionLag | null = null;
    for (const p of partitions) {
      if (p.lag === null) continue;
      totalLag += p.lag;
      if (max === null || p.lag > (max.lag ?? -1)) max = p;
    }
    if (max?.lag !== undefined && max.lag !== null && max.lag > maxLag) maxLag = max.lag;
    const describeFault =
      description instanceof Error
        ? { code: FaultCode.DESCRIBE_FAILED, message: description.message }
        : description?.state === 'Dead' && committedByKey.size === 0
          ? {
              code: FaultCode.GROUP_VANISHED,
              message: 'the group was deleted between list and describe',
            }
          : null;
    groups.push({
      group: groupId,
      state: description && !(description instanceof Error) ? description.state : null,
      protocolType: description && !(description instanceof Error) ? description.protocolType : '',
      members: description && !(description instanceof Error) ? description.members.length : 0,
      partitions,
      totalLag,
      maxLag: max,
      fault: fault ?? describeFault,
    });
  }

  const offsets: TopicPartitionOffsets[] = [];
  for (const { topic, partitions } of topicList) {
    if (!involved.has(topic)) continue;
    for (const { partition } of partitions) {
      const key = partitionKey(topic, partition);
      offsets.push({
        topic,
        partition,
        logEndOffset: endOf.get(key) ?? null,
        logStartOffset: startOf.get(key) ?? null,
      });
    }
  }
  offsets.sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  return { groups, offsets, topics: topicList.map((t) => t.topic).sort(), maxLag };
}

function partitionLag(
  topic: string,
  partition: number,
  committedOffset: number | null,
  logEndOffset: number | null,
  logStartOffset: number | null,
  owner: PartitionOwner | null,
  fault: SampleFault | null,
): PartitionLag {
  const lag =
    committedOffset !== null && logEndOffset !== null
      ? Math.max(0, logEndOffset - committedOffset)
      : null;
  const messagesLost =
    committedOffset !== null && logStartOffset !== null && logStartOffset > committedOffset
      ? logStartOffset - committedOffset
      : 0;
  return {
    topic,
    partition,
    committedOffset,
    logEndOffset,
    logStartOffset,
    lag,
    messagesLost,
    consumerId: owner?.consumerId ?? null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
    fault: logEndOffset === null ? fault : null,
  };
}

interface Coordinators {
  ids: Map<string, number>;
  faults: Map<string, SampleFault>;
}

async function coordinatorsOf(
  client: SamplerClient,
  groupIds: string[],
  concurrency: number,
  log: Logger,
): Promise<Coordinators> {
  const ids = new Map<string, number>();
  const faults = new Map<string, SampleFault>();
  await mapLimit(groupIds, concurrency, async (groupId) => {
    try {
      ids.set(groupId, await client.coordinatorOf(groupId));
    } catch (error) {
      const fault = {
        code: FaultCode.DESCRIBE_FAILED,
        message: `no coordinator: ${messageOf(error)}`,
      };
      log.warn({ group: groupId, fault }, 'group coordinator not found');
      faults.set(groupId, fault);
    }
  });
  return { ids, faults };
}

async function describeAll(
  client: SamplerClient,
  coordinators: Coordinators,
  log: Logger,
): Promise<Map<string, RawGroupDescription | Error>> {
  const byNode = new Map<number, string[]>();
  for (const [groupId, nodeId] of coordinators.ids) {
    let list = byNode.get(nodeId);
    if (!list) byNode.set(nodeId, (list = []));
    list.push(groupId);
  }
  const batches: [number, string[]][] = [];
  for (const [nodeId, groupIds] of byNode) {
    for (let i = 0; i < groupIds.length; i += DESCRIBE_BATCH)
      batches.push([nodeId, groupIds.slice(i, i + DESCRIBE_BATCH)]);
  }
  const described = new Map<string, RawGroupDescription | Error>();
  await Promise.all(
    batches.map(async ([nodeId, groupIds]) => {
      try {
        for (const d of await client.describeGroups(nodeId, groupIds)) described.set(d.groupId, d);
      } catch (error) {
        log.warn({ groups: groupIds.length, error: messageOf(error) }, 'describe groups failed');
        for (const groupId of groupIds) {
          client.forgetCoordinator(groupId);
          described.set(groupId, error instanceof Error ? error : new Error(String(error)));
        }
      }
    }),
  );
  return described;
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('\u0000');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
