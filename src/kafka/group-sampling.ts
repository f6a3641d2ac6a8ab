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
import { NO_ASSIGNMENTS } from './assignment.js';
import { isCoordinatorError, KafkaResponseError } from './kafka-errors.js';
import type { OffsetList } from './offset-list.js';
import type { CommittedOffsets } from './committed-offsets.js';
import type { SamplerClient } from './sampler-client.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import type { DescriptionMemo } from './description-memo.js';

export interface GroupSample {
  readonly groupId: string;
  readonly type: GroupType;
  readonly typeName: string | null;
  readonly listedState: string | null;
  readonly listedProtocolType: string;
  description: GroupDescription | Error | null;
  offsets: OffsetList | null;
  fault: SampleFault | null;
}

export interface GroupSamplingOptions {
  readonly groupsPerRequest: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Descriptions kept from earlier ticks, handed out again when unchanged (description-memo.ts). */
  readonly descriptions?: DescriptionMemo | undefined;
  /**
   * The cluster's samples, kept from one tick to the next and cleared for each (KeptSamples):
   * only for a caller that lets each sample go once its group's lag is made.
   */
  readonly samples?: KeptSamples | undefined;
}

/**
 * A cluster's GroupSample objects by group id, kept from one tick to the next: a group listed
 * as before gets its sample of the last tick back, cleared. A tick's samples live from its
 * listing until its last group's lag is made, so each tick's were promoted to V8's old
 * generation with the map that finds them, and dropped there by the next: 10,000 samples
 * and a map of 10,000 a tick at 10,000 groups (bench/service, `promoted` profile). Kept:
 * the groups of the last listing.
 */
export class KeptSamples {
  readonly byId = new Map<string, GroupSample>();
}

export async function sampleGroups(
  client: SamplerClient,
  listing: readonly GroupListing[],
  options: GroupSamplingOptions,
): Promise<GroupSample[]> {
  // Loops rather than map/filter chains with callbacks: this runs for every group of every
  // tick, and a callback made per tick has its optimized code dropped with it.
  const samples: GroupSample[] = [];
  const byId = options.samples?.byId ?? new Map<string, GroupSample>();
  let pending: string[] = [];
  for (const g of listing) {
    const s = clearedSample(byId.get(g.groupId), g) ?? newSample(g);
    samples.push(s);
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
  // The listing names each group once: a map holding more holds groups no longer listed.
  if (byId.size > samples.length) keepListed(byId, samples);
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    pending = await sampleOnce(client, pending, byId, options, attempt === 1);
  }
  // An answer that comes after the tick is over is not this tick's to use: the next tick may
  // be filling the same kept samples already.
  options.signal.throwIfAborted();
  options.descriptions?.keepOnly(byId);
  return samples;
}

type DescribeBatch = readonly [nodeId: number, protocol: 'classic' | 'consumer', ids: string[]];
type OffsetBatch = readonly [nodeId: number, ids: string[]];

function newSample(g: GroupListing): GroupSample {
  return {
    groupId: g.groupId,
    type: groupTypeOf(g.type),
    typeName: g.type,
    listedState: g.state,
    listedProtocolType: g.protocolType,
    description: null,
    offsets: null,
    fault: null,
  };
}

/** `kept` (the group's sample of the last tick), cleared, when `g` lists it as it did then. */
function clearedSample(kept: GroupSample | undefined, g: GroupListing): GroupSample | null {
  if (
    kept === undefined ||
    kept.typeName !== g.type ||
    kept.listedState !== g.state ||
    kept.listedProtocolType !== g.protocolType
  )
    return null;
  kept.description = null;
  kept.offsets = null;
  kept.fault = null;
  return kept;
}

/** Drops from `byId` every group that is not among `samples`. */
function keepListed(byId: Map<string, GroupSample>, samples: readonly GroupSample[]): void {
  const listed = new Set<string>();
  for (let i = 0; i < samples.length; i++) listed.add(samples[i]!.groupId);
  for (const groupId of byId.keys()) if (!listed.has(groupId)) byId.delete(groupId);
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
  signal.throwIfAborted(); // answered after the tick was over (see sampleGroups)
  for (const [groupId, error] of found.errors) {
    const fault = { code: FaultCode.DESCRIBE_FAILED, message: `no coordinator: ${error.message}` };
    log.warn({ group: groupId, fault }, 'group coordinator not found');
    byId.get(groupId)!.fault = fault;
  }

  const describeBatches: DescribeBatch[] = [];
  const offsetBatches: OffsetBatch[] = [];
  for (const [nodeId, groupsOfNode] of groupsByNode(found.ids)) {
    for (const chunk of chunks(groupsOfNode, options.groupsPerRequest))
      offsetBatches.push([nodeId, chunk]);
    // ListGroups v4+ already says a group is Empty: no members, nobody owns anything, so
    // describing it would tell nothing more (most groups of a large fleet are idle).
    const classic: string[] = [];
    const consumer: string[] = [];
    for (const id of groupsOfNode) {
      const sample = byId.get(id)!;
      if (sample.listedState === 'Empty') sample.description = kept(options, emptyGroup(sample));
      else (sample.type === 'consumer' ? consumer : classic).push(id);
    }
    for (const chunk of chunks(classic, options.groupsPerRequest))
      describeBatches.push([nodeId, 'classic', chunk]);
    for (const chunk of chunks(consumer, options.groupsPerRequest))
      describeBatches.push([nodeId, 'consumer', chunk]);
  }

  const pass = new SamplingPass(client, byId, options, lastAttempt);
  const batches: (DescribeBatch | OffsetBatch)[] = [...describeBatches, ...offsetBatches];
  await mapLimit(batches, options.concurrency, pass.run);
  return [...pass.again];
}

/**
 * What one pass does with each batch's answer. Methods of a class, not closures made per
 * pass: V8 keeps the optimized code of a function that lives on, and drops a tick's
 * closures' code with them, so each tick compiled them again
 * (src/contract/hidden-class.ts; the class is held below, as it says).
 */
class SamplingPass {
  /** Groups whose coordinator moved: looked up again in the next pass. */
  readonly again = new Set<string>();
  readonly #client: SamplerClient;
  readonly #byId: Map<string, GroupSample>;
  readonly #options: GroupSamplingOptions;
  readonly #lastAttempt: boolean;

  constructor(
    client: SamplerClient,
    byId: Map<string, GroupSample>,
    options: GroupSamplingOptions,
    lastAttempt: boolean,
  ) {
    this.#client = client;
    this.#byId = byId;
    this.#options = options;
    this.#lastAttempt = lastAttempt;
  }

  /** One batch of either kind (mapLimit's task; bound, so it can be handed on). */
  readonly run = (batch: DescribeBatch | OffsetBatch): Promise<void> =>
    batch.length === 3 ? this.#describe(batch) : this.#fetchOffsets(batch);

  /** Whether the group's coordinator moved (then it is asked again in the next pass). */
  #moved(groupId: string, error: unknown): boolean {
    if (
      this.#lastAttempt ||
      !(error instanceof KafkaResponseError) ||
      !isCoordinatorError(error.errorCode)
    )
      return false;
    this.#client.forgetCoordinator(groupId);
    this.again.add(groupId);
    return true;
  }

  async #describe([nodeId, protocol, ids]: DescribeBatch): Promise<void> {
    const { signal, log } = this.#options;
    signal.throwIfAborted();
    try {
      const described = await this.#client.describeGroups(nodeId, ids, protocol, signal);
      signal.throwIfAborted(); // answered after the tick was over (see sampleGroups)
      for (const d of described) {
        const sample = this.#byId.get(d.groupId);
        if (!sample) continue;
        if (d.errorCode === 0) sample.description = kept(this.#options, d);
        else if (!this.#moved(d.groupId, new KafkaResponseError(d.errorCode, d.errorMessage)))
          sample.description = new KafkaResponseError(d.errorCode, d.errorMessage);
      }
    } catch (error) {
      if (signal.aborted) throw error;
      log.warn({ groups: ids.length, error: messageOf(error) }, 'describe groups failed');
      for (const groupId of ids) {
        this.#client.forgetCoordinator(groupId);
        this.#byId.get(groupId)!.description =
          error instanceof Error ? error : new Error(String(error));
      }
    }
  }

  async #fetchOffsets([nodeId, ids]: OffsetBatch): Promise<void> {
    const { signal, log, concurrency } = this.#options;
    let results: CommittedOffsets;
    signal.throwIfAborted();
    try {
      results = await this.#client.committedOffsets(nodeId, ids, { concurrency, signal });
      signal.throwIfAborted(); // answered after the tick was over (see sampleGroups)
    } catch (error) {
      if (signal.aborted) throw error;
      const failure = error instanceof Error ? error : new Error(String(error));
      results = new Map();
      for (const id of ids) results.set(id, failure);
    }
    for (const [groupId, result] of results) {
      const sample = this.#byId.get(groupId);
      if (!sample) continue;
      if (!(result instanceof Error)) {
        sample.offsets = result;
        sample.fault = null;
      } else if (!this.#moved(groupId, result)) {
        this.#client.forgetCoordinator(groupId);
        sample.fault = { code: FaultCode.OFFSET_FETCH_FAILED, message: result.message };
        log.warn({ group: groupId, fault: sample.fault }, 'committed offsets not fetched');
      }
    }
  }
}

// One pass per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(
  new SamplingPass(
    null as unknown as SamplerClient,
    new Map(),
    null as unknown as GroupSamplingOptions,
    false,
  ),
);

/** The description an earlier tick kept when it says the same, else `fresh`. */
function kept(options: GroupSamplingOptions, fresh: GroupDescription): GroupDescription {
  return options.descriptions === undefined ? fresh : options.descriptions.same(fresh);
}

function emptyGroup(sample: GroupSample): GroupDescription {
  return {
    groupId: sample.groupId,
    state: 'Empty',
    protocolType: sample.listedProtocolType,
    members: 0,
    assignments: NO_ASSIGNMENTS,
    groupEpoch: null,
    errorCode: 0,
    errorMessage: null,
  };
}

/** Group ids by coordinator, in the order FindCoordinator answered them. */
function groupsByNode(coordinatorOf: ReadonlyMap<string, number>): Map<number, string[]> {
  const byNode = new Map<number, string[]>();
  for (const [groupId, nodeId] of coordinatorOf) {
    let ids = byNode.get(nodeId);
    if (!ids) byNode.set(nodeId, (ids = []));
    ids.push(groupId);
  }
  return byNode;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
