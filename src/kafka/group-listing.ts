// Every group of the cluster: ListGroups on every broker (each lists the groups it
// coordinates). v5 says each group's state and type; a broker without v3+ gets kafkajs'
// older request, whose groups are classic as far as anyone can tell.
//
// A broker that has just become leader of an __consumer_offsets partition answers
// COORDINATOR_LOAD_IN_PROGRESS until it has loaded it (a leader election, a restart): it
// is asked again after a short wait, as Kafka's admin client does. If it is still loading
// when the waits are spent, its previous listing stands in for this tick, so its groups
// are still sampled (each gets its own coordinator fault while loading) instead of the
// whole cluster being reported unavailable or its groups vanishing.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../contract/logger.js';
import { countRequest, sendRequest, type RequestCounter } from './broker-request.js';
import { isCoordinatorError, KafkaResponseError } from './kafka-errors.js';
import type { KafkajsCluster } from './kafkajs-internals.js';
import { ListGroups } from './list-groups.js';
import { negotiate } from './negotiation.js';
import type { WireNames } from './wire-names.js';

export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  /** Null when the broker's ListGroups is older than v4. */
  readonly state: string | null;
  /** Kafka's group type (classic, consumer, share, streams); null before v5. */
  readonly type: string | null;
}

/** Each broker's last complete listing, kept by the client from one tick to the next. */
export type HeldListings = Map<number, { readonly at: number; readonly groups: GroupListing[] }>;

export interface ListingOptions {
  readonly signal?: AbortSignal | undefined;
  readonly held: HeldListings;
  /** Waits before each repeated ListGroups to a loading broker. */
  readonly retryDelaysMs?: readonly number[];
  readonly logger?: Logger | undefined;
  /** The client's names read before (wire-names.ts). */
  readonly names?: WireNames | undefined;
}

/** About 1.5 s in all: a coordinator partition of a test or small cluster loads in less. */
export const LISTING_RETRY_DELAYS_MS: readonly number[] = [100, 200, 400, 800];

export async function listAllGroups(
  cluster: KafkajsCluster,
  counter: RequestCounter,
  options: ListingOptions,
): Promise<GroupListing[]> {
  const { signal, held } = options;
  signal?.throwIfAborted();
  countRequest(counter, 'Metadata');
  await cluster.refreshMetadata();
  const nodeIds = cluster.getNodeIds();
  const perBroker = await Promise.all(
    nodeIds.map(async (nodeId): Promise<GroupListing[]> => {
      const broker = await cluster.findBroker({ nodeId });
      const version = negotiate(broker.versions, ListGroups);
      if (version === null) {
        signal?.throwIfAborted();
        countRequest(counter, 'ListGroups');
        const { groups } = await broker.listGroups();
        return groups.map((g) => ({ ...g, state: null, type: null }));
      }
      const delays = options.retryDelaysMs ?? LISTING_RETRY_DELAYS_MS;
      for (let attempt = 0; ; attempt++) {
        const response = await sendRequest(
          broker,
          ListGroups,
          version,
          {},
          counter,
          signal,
          options.names,
        );
        if (response.errorCode === 0) {
          const groups = heldWhereSame(held.get(nodeId)?.groups, response.groups);
          held.set(nodeId, { at: Date.now(), groups });
          return groups;
        }
        const error = new KafkaResponseError(response.errorCode);
        if (!isCoordinatorError(response.errorCode)) throw error;
        const delay = delays[attempt];
        if (delay !== undefined) {
          await sleep(delay, undefined, { signal });
          continue;
        }
        const previous = held.get(nodeId);
        if (!previous) throw error;
        options.logger?.warn(
          {
            nodeId,
            error: error.message,
            attempts: attempt + 1,
            heldSinceMs: Date.now() - previous.at,
          },
          'a broker is still loading its groups: its previous listing stands in this tick',
        );
        return previous.groups;
      }
    }),
  );
  // A broker gone from the metadata takes its listing with it.
  for (const nodeId of held.keys()) if (!nodeIds.includes(nodeId)) held.delete(nodeId);
  const seen = new Map<string, GroupListing>();
  for (const group of perBroker.flat()) seen.set(group.groupId, group);
  return [...seen.values()];
}

/**
 * `fresh` with each group that says the same as in `held` (the broker's last listing) as the
 * held object, and `held` itself when nothing changed. A listing is held from one tick to the
 * next, so each was promoted to V8's old generation and dropped there a tick later: 10,000
 * objects a tick at 10,000 groups. With the client's names (wire-names.ts) an unchanged
 * group's strings are the held ones, so comparing them is comparing references. Brokers list
 * their groups in the same order from one call to the next while nothing changes; a group
 * out of place is looked up by id.
 */
function heldWhereSame(
  held: readonly GroupListing[] | undefined,
  fresh: GroupListing[],
): GroupListing[] {
  if (held === undefined) return fresh;
  let byId: Map<string, GroupListing> | null = null;
  let allHeld = held.length === fresh.length;
  for (let i = 0; i < fresh.length; i++) {
    const group = fresh[i]!;
    let same = held[i];
    if (same === undefined || same.groupId !== group.groupId) {
      byId ??= new Map(held.map((g) => [g.groupId, g]));
      same = byId.get(group.groupId);
      allHeld = false;
    }
    if (same !== undefined && sameListing(same, group)) fresh[i] = same;
    else allHeld = false;
  }
  return allHeld ? (held as GroupListing[]) : fresh;
}

function sameListing(a: GroupListing, b: GroupListing): boolean {
  return (
    a.groupId === b.groupId &&
    a.protocolType === b.protocolType &&
    a.state === b.state &&
    a.type === b.type
  );
}
