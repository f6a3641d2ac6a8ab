// One tick of one cluster: which groups exist, who owns what, what each group has
// committed, and where each partition's log starts and ends — then lag per partition.
// Never rejects: a fault is reported with the data it spoiled, and the rest proceeds.
// The tick's deadline (and the caller's signal) abort it: no request is sent after that.
import { FaultCode } from '../contract/errors.js';
import type { Logger } from '../contract/logger.js';
import type {
  ClusterSnapshot,
  GroupLag,
  SampleFault,
  SnapshotHead,
  TopicPartitionOffsets,
} from '../contract/snapshot.js';
import { admits, type NameFilter } from './filters.js';
import { GroupLags } from './group-lags.js';
import type { GroupListing } from './group-listing.js';
import { sampleGroups, type KeptSamples } from './group-sampling.js';
import { PartitionLogs, type KeptPartitionLogs } from './partition-logs.js';
import type { SamplerClient } from './sampler-client.js';
import type { DescriptionMemo } from './description-memo.js';
import { TimeSlices } from '../util/time-slices.js';
import { byCodeUnit, byTopicThenPartition } from '../contract/sort-orders.js';

export type { SamplerClient } from './sampler-client.js';

export interface SamplerOptions {
  readonly cluster: string;
  readonly groups: NameFilter;
  readonly topics: NameFilter;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Groups per FindCoordinator, DescribeGroups, ConsumerGroupDescribe and OffsetFetch request. */
  readonly groupsPerRequest?: number;
  /** The whole tick must finish by then, or it is reported as DEADLINE_EXCEEDED. */
  readonly deadlineMs: number;
  /** Aborting it ends the tick as its deadline would (e.g. at shutdown). */
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * Where each group's description is kept from one tick to the next, so that an unchanged
   * one is not held again (description-memo.ts): the service's, one per cluster.
   */
  readonly descriptions?: DescriptionMemo | undefined;
  /**
   * Where the partitions' logs are kept from one tick to the next, cleared for each
   * (partition-logs.ts): only for a caller that keeps no group's lag past its tick.
   */
  readonly partitionLogs?: KeptPartitionLogs | undefined;
  /** Where the groups' samples are kept from one tick to the next (group-sampling.ts): as above. */
  readonly samples?: KeptSamples | undefined;
}

export const DEFAULT_GROUPS_PER_REQUEST = 1000;

/** Most groups whose lag is worked out between two yields; fewer when a slice's time is up. */
const GROUPS_PER_SLICE = 500;

export async function sampleCluster(
  client: SamplerClient,
  options: SamplerOptions,
): Promise<ClusterSnapshot> {
  const { head, lags } = await sampleWithin(client, options, true);
  return { ...head, groups: lags?.made ?? [], maxLag: lags?.source.maxLag ?? 0 };
}

/** A sampled cluster whose groups' lags are made as they are read. */
export interface LazilySampled {
  readonly head: SnapshotHead;
  /** The groups' lags, made as they are read; null when the cluster was not sampled. */
  readonly lags: GroupLags | null;
}

/**
 * As `sampleCluster`, but each group's lag is made when `lags` hands it out, after sampling
 * (the tick records each as it is made: src/pipeline/cluster-tick.ts). The deadline covers
 * the requests only.
 */
export async function sampleClusterLazily(
  client: SamplerClient,
  options: SamplerOptions,
): Promise<LazilySampled> {
  const { head, lags } = await sampleWithin(client, options, false);
  return { head, lags: lags?.source ?? null };
}

interface SampledParts {
  readonly head: SnapshotHead;
  readonly lags: { readonly source: GroupLags; readonly made: GroupLag[] | null } | null;
}

async function sampleWithin(
  client: SamplerClient,
  options: SamplerOptions,
  eager: boolean,
): Promise<SampledParts> {
  const now = options.now ?? Date.now;
  const takenAt = now();
  const requestsBefore = client.counter.requests;
  const controller = new AbortController();
  const abortFromCaller = (): void => controller.abort(new DeadlineError(options.deadlineMs, true));
  if (options.signal?.aborted) abortFromCaller();
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });
  // Not unref()ed: it is cleared when the tick ends, and until then it must be able to
  // end a tick that waits on a socket nobody answers.
  const timer = setTimeout(
    () => controller.abort(new DeadlineError(options.deadlineMs, false)),
    options.deadlineMs,
  );
  const aborted = new Promise<never>((_, reject) => {
    const fail = (): void => reject(controller.signal.reason as Error);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined); // the race below observes it
  try {
    const sampling = sample(client, options, controller.signal);
    const sampled = await Promise.race([
      eager ? sampling.then((parts) => madeAll(parts, controller.signal)) : sampling,
      aborted,
    ]);
    return {
      head: {
        cluster: options.cluster,
        takenAt,
        durationMs: now() - takenAt,
        available: true,
        fault: null,
        offsets: sampled.offsets,
        topics: sampled.topics,
        requests: client.counter.requests - requestsBefore,
      },
      lags: { source: sampled.lags, made: sampled.made },
    };
  } catch (error) {
    const fault: SampleFault =
      error instanceof DeadlineError
        ? { code: FaultCode.DEADLINE_EXCEEDED, message: error.message }
        : { code: FaultCode.CLUSTER_UNAVAILABLE, message: messageOf(error) };
    // At debug: the pipeline logs a cluster going down and coming back once each
    // (src/pipeline/cluster-availability-log.ts), not once per tick.
    options.logger.debug({ cluster: options.cluster, fault }, 'cluster not sampled this tick');
    return {
      head: {
        cluster: options.cluster,
        takenAt,
        durationMs: now() - takenAt,
        available: false,
        fault,
        offsets: [],
        topics: [],
        requests: client.counter.requests - requestsBefore,
      },
      lags: null,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortFromCaller);
    if (!controller.signal.aborted) controller.abort(new Error('the tick is over'));
  }
}

class DeadlineError extends Error {
  constructor(ms: number, byCaller: boolean) {
    super(byCaller ? 'sampling was cancelled' : `sampling did not finish within ${ms} ms`);
  }
}

interface Sampled {
  readonly lags: GroupLags;
  readonly offsets: readonly TopicPartitionOffsets[];
  readonly topics: readonly string[];
  /** Every group's lag, when they were all made at once (sampleCluster's). */
  readonly made: GroupLag[] | null;
}

async function sample(
  client: SamplerClient,
  options: SamplerOptions,
  signal: AbortSignal,
): Promise<Sampled> {
  const log = options.logger.child({ cluster: options.cluster });
  // Each step checks the signal first: the client may be a double that does not.
  await client.connect(signal);

  // Filters apply before any per-group request: a denied group costs nothing.
  signal.throwIfAborted();
  // The loops are functions of their own, made once: this one runs once a tick and only
  // awaits and calls. Written inline, V8 optimized it whole every tick (tens of ms of its
  // compiler, with all it inlined) and threw the code away again during the next one; a
  // function that runs once a tick, without loops, is never optimized, and the small ones
  // it calls keep their code (src/contract/hidden-class.ts says why they are not callbacks).
  const listing = admittedListing(await client.listGroups(signal), options.groups);
  signal.throwIfAborted();
  const topicList = await client.topics(signal);
  const samples = await sampleGroups(client, listing, {
    groupsPerRequest: options.groupsPerRequest ?? DEFAULT_GROUPS_PER_REQUEST,
    concurrency: options.concurrency,
    signal,
    log,
    descriptions: options.descriptions,
    samples: options.samples,
  });

  // Offsets are read for every partition of every topic the filter admits (two requests
  // per broker whatever the count): groups need them, and so do Burrow's topic endpoints.
  const { involved, noLeader } = involvedPartitions(topicList, options.topics);
  signal.throwIfAborted();
  const [ends, starts] = await Promise.all([
    client.listOffsets(involved, 'latest', signal),
    client.listOffsets(involved, 'earliest', signal),
  ]);
  signal.throwIfAborted(); // no work for a tick that is over
  const faultOf = offsetFaults(ends.failures, starts.failures, noLeader);
  if (faultOf.size > 0)
    log.warn({ topics: [...faultOf.keys()] }, 'offsets unavailable for some topics');

  // Partitions of topics that exist and that the filter admits (with or without a leader).
  const logs = new PartitionLogs(
    involvedTopics(topicList, involved),
    ends.offsets,
    starts.offsets,
    faultOf,
    options.partitionLogs,
  );
  const offsets = topicOffsets(topicList, involved, logs);
  return { lags: new GroupLags(samples, logs), offsets, topics: topicNames(topicList), made: null };
}

type TopicList = Awaited<ReturnType<SamplerClient['topics']>>;
type Failures = Awaited<ReturnType<SamplerClient['listOffsets']>>['failures'];

/** The groups the filter admits, by group id. */
function admittedListing(listed: readonly GroupListing[], filter: NameFilter): GroupListing[] {
  // Index loops, not for-of: for-of made a result object per step before V8 optimized it.
  const listing: GroupListing[] = [];
  for (let i = 0; i < listed.length; i++) {
    const g = listed[i]!;
    if (admits(filter, g.groupId)) listing.push(g);
  }
  return listing.sort(byGroupId);
}

/** The admitted topics' partitions by leader, and the topics with a partition without one. */
function involvedPartitions(
  topicList: TopicList,
  filter: NameFilter,
): { involved: Map<string, Map<number, number>>; noLeader: Set<string> } {
  const involved = new Map<string, Map<number, number>>();
  const noLeader = new Set<string>();
  for (let t = 0; t < topicList.length; t++) {
    const { topic, partitions } = topicList[t]!;
    if (!admits(filter, topic)) continue;
    const byPartition = new Map<number, number>();
    for (let i = 0; i < partitions.length; i++) {
      const { partition, leader } = partitions[i]!;
      if (leader === null) noLeader.add(topic);
      else byPartition.set(partition, leader);
    }
    involved.set(topic, byPartition);
  }
  return { involved, noLeader };
}

/** Why each topic's offsets are unknown: a failed ListOffsets, or a partition without a leader. */
function offsetFaults(
  endFailures: Failures,
  startFailures: Failures,
  noLeader: ReadonlySet<string>,
): Map<string, SampleFault> {
  const faultOf = new Map<string, SampleFault>();
  for (const { topic, error } of [...endFailures, ...startFailures]) {
    faultOf.set(topic, { code: FaultCode.END_OFFSETS_UNAVAILABLE, message: messageOf(error) });
  }
  for (const topic of noLeader) {
    faultOf.set(topic, {
      code: FaultCode.END_OFFSETS_UNAVAILABLE,
      message: 'leader not available',
    });
  }
  return faultOf;
}

/** The topics of the list that are involved, in the list's order. */
function involvedTopics(topicList: TopicList, involved: ReadonlyMap<string, unknown>): TopicList {
  const out: TopicList = [];
  for (let t = 0; t < topicList.length; t++)
    if (involved.has(topicList[t]!.topic)) out.push(topicList[t]!);
  return out;
}

/** Every involved partition's log start and end, by topic then partition. */
function topicOffsets(
  topicList: TopicList,
  involved: ReadonlyMap<string, unknown>,
  logs: PartitionLogs,
): TopicPartitionOffsets[] {
  const offsets: TopicPartitionOffsets[] = [];
  for (let t = 0; t < topicList.length; t++) {
    const { topic, partitions } = topicList[t]!;
    if (!involved.has(topic)) continue;
    const logsOfTopic = logs.byTopic.get(topic);
    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[i]!.partition;
      const log = logsOfTopic?.[partition];
      offsets.push({
        topic,
        partition,
        logEndOffset: log?.logEndOffset ?? null,
        logStartOffset: log?.logStartOffset ?? null,
      });
    }
  }
  return offsets.sort(byTopicThenPartition);
}

/** Every topic's name, sorted. */
function topicNames(topicList: TopicList): string[] {
  const topics: string[] = [];
  for (let t = 0; t < topicList.length; t++) topics.push(topicList[t]!.topic);
  return topics.sort();
}

/** Makes every group's lag in slices: the event loop (the API, the probes) gets a turn between them. */
async function madeAll(parts: Sampled, signal: AbortSignal): Promise<Sampled> {
  const made: GroupLag[] = [];
  const slices = new TimeSlices();
  for (let inSlice = 0; ; inSlice++) {
    if (inSlice >= GROUPS_PER_SLICE || slices.due) {
      await slices.next(signal);
      inSlice = 0;
    }
    const lag = parts.lags.next();
    if (lag === null) break;
    made.push(lag);
  }
  return { ...parts, made };
}

function byGroupId(a: GroupListing, b: GroupListing): number {
  return byCodeUnit(a.groupId, b.groupId);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
