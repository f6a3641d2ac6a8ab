// Every group of the cluster: ListGroups on every broker (each lists the groups it
// coordinates). v5 says each group's state and type; a broker without v3+ gets kafkajs'
// older request, whose groups are classic as far as anyone can tell.
import { countRequest, sendRequest, type RequestCounter } from './broker-request.js';
import { KafkaResponseError } from './kafka-errors.js';
import type { KafkajsCluster } from './kafkajs-internals.js';
import { ListGroups } from './list-groups.js';
import { negotiate } from './negotiation.js';

export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  /** Null when the broker's ListGroups is older than v4. */
  readonly state: string | null;
  /** Kafka's group type (classic, consumer, share, streams); null before v5. */
  readonly type: string | null;
}

export async function listAllGroups(
  cluster: KafkajsCluster,
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<GroupListing[]> {
  signal?.throwIfAborted();
  countRequest(counter, 'Metadata');
  await cluster.refreshMetadata();
  const perBroker = await Promise.all(
    cluster.getNodeIds().map(async (nodeId): Promise<GroupListing[]> => {
      const broker = await cluster.findBroker({ nodeId });
      const version = negotiate(broker.versions, ListGroups);
      if (version !== null) {
        const response = await sendRequest(broker, ListGroups, version, {}, counter, signal);
        if (response.errorCode !== 0) throw new KafkaResponseError(response.errorCode);
        return response.groups;
      }
      signal?.throwIfAborted();
      countRequest(counter, 'ListGroups');
      const { groups } = await broker.listGroups();
      return groups.map((g) => ({ ...g, state: null, type: null }));
    }),
  );
  const seen = new Map<string, GroupListing>();
  for (const group of perBroker.flat()) seen.set(group.groupId, group);
  return [...seen.values()];
}
