// Which broker coordinates each group: FindCoordinator v4+ with many keys per request,
// or one kafkajs lookup per group where the broker is older. Answers are cached across
// ticks (a coordinator rarely moves) and forgotten when a request to one says it is no
// longer, or not yet, the coordinator, or when the group is no longer listed.
import { mapLimit } from '../util/map-limit.js';
import { sendRequest, countRequest, type RequestCounter } from './broker-request.js';
import { COORDINATOR_KEY_GROUP, FindCoordinator } from './find-coordinator.js';
import { KafkaResponseError } from './kafka-errors.js';
import type { KafkajsCluster } from './kafkajs-internals.js';
import { negotiate } from './negotiation.js';

export interface CoordinatorRequestOptions {
  /** Group keys per FindCoordinator request. */
  readonly batchSize: number;
  /** Lookups in flight at once on the one-group-per-request path. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

export interface FoundCoordinators {
  readonly ids: Map<string, number>;
  readonly errors: Map<string, Error>;
}

export class CoordinatorCache {
  readonly #cluster: KafkajsCluster;
  readonly #counter: RequestCounter;
  readonly #known = new Map<string, number>();

  constructor(cluster: KafkajsCluster, counter: RequestCounter) {
    this.#cluster = cluster;
    this.#counter = counter;
  }

  forget(groupId: string): void {
    this.#known.delete(groupId);
  }

  /**
   * Forgets every group `listed` does not hold: a deleted group's coordinator is not kept for
   * the life of the process (groups come and go: a console consumer makes a new one per run).
   */
  keepOnly(listed: readonly { readonly groupId: string }[]): void {
    if (this.#known.size === 0) return;
    const ids = new Set<string>();
    for (let i = 0; i < listed.length; i++) ids.add(listed[i]!.groupId);
    for (const groupId of this.#known.keys()) if (!ids.has(groupId)) this.#known.delete(groupId);
  }

  /** How many groups' coordinators are known. */
  get size(): number {
    return this.#known.size;
  }

  async find(
    groupIds: readonly string[],
    options: CoordinatorRequestOptions,
  ): Promise<FoundCoordinators> {
    const ids = new Map<string, number>();
    const errors = new Map<string, Error>();
    const unknown: string[] = [];
    for (const groupId of groupIds) {
      const known = this.#known.get(groupId);
      if (known === undefined) unknown.push(groupId);
      else ids.set(groupId, known);
    }
    if (unknown.length === 0) return { ids, errors };
    const found = (groupId: string, nodeId: number): void => {
      this.#known.set(groupId, nodeId);
      ids.set(groupId, nodeId);
    };

    const nodeId = this.#cluster.getNodeIds()[0];
    const broker = nodeId === undefined ? null : await this.#cluster.findBroker({ nodeId });
    const version = negotiate(broker?.versions, FindCoordinator);
    if (broker && version !== null) {
      const batches: string[][] = [];
      for (let i = 0; i < unknown.length; i += options.batchSize)
        batches.push(unknown.slice(i, i + options.batchSize));
      await Promise.all(
        batches.map(async (keys) => {
          let response;
          try {
            response = await sendRequest(
              broker,
              FindCoordinator,
              version,
              { keyType: COORDINATOR_KEY_GROUP, keys },
              this.#counter,
              options.signal,
            );
          } catch (error) {
            // The batch's groups carry the failure; the rest of the tick goes on.
            if (options.signal?.aborted) throw error;
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const key of keys) errors.set(key, failure);
            return;
          }
          for (const c of response.coordinators) {
            if (c.errorCode === 0) found(c.key, c.nodeId);
            else errors.set(c.key, new KafkaResponseError(c.errorCode, c.errorMessage));
          }
        }),
      );
      return { ids, errors };
    }
    // A broker older than Kafka 3.0 (KIP-699): one group per request.
    await mapLimit(unknown, options.concurrency, async (groupId) => {
      options.signal?.throwIfAborted();
      countRequest(this.#counter, 'FindCoordinator');
      try {
        const { coordinator } = await this.#cluster.findGroupCoordinatorMetadata({ groupId });
        found(groupId, coordinator.nodeId);
      } catch (error) {
        errors.set(groupId, error instanceof Error ? error : new Error(String(error)));
      }
    });
    return { ids, errors };
  }
}
