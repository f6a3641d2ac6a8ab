// Shared by the pipeline and app tests: a cluster client double (the sampler's FakeClient,
// plus disconnect and a gate that holds a tick mid-way), a small cluster on it, and
// configs without a server.
import { parseConfig, type Config } from '../../../src/config/index.js';
import type { ClusterClientFactory } from '../../../src/pipeline/cluster-client.js';
import { createLogger } from '../../../src/log.js';
import type { GroupListing } from '../../../src/kafka/group-listing.js';
import { FakeClient } from '../kafka/fake-client.js';

export const silent = createLogger('silent');

export class FakeClusterClient extends FakeClient {
  disconnects = 0;
  /** listGroups calls: one per tick that got past connect. */
  listings = 0;
  #gate: Promise<void> | null = null;
  #open: (() => void) | null = null;

  /** Ticks from now on wait in listGroups until open() is called. */
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  open(): void {
    this.#open?.();
    this.#gate = null;
  }

  override async listGroups(signal?: AbortSignal): Promise<GroupListing[]> {
    this.listings++;
    if (this.#gate) await this.#gate;
    return super.listGroups(signal);
  }

  disconnect(): Promise<void> {
    this.disconnects++;
    return Promise.resolve();
  }
}

/** One topic, one group 10 messages behind on partition 0. */
export function smallCluster(): FakeClusterClient {
  const client = new FakeClusterClient();
  client.topicsByName = { orders: { ends: [100, 50] } };
  client.groups = {
    billing: {
      state: 'Stable',
      members: [{ id: 'm1', host: '/10.0.0.5', clientId: 'b-1', assignment: { orders: [0, 1] } }],
      committed: { orders: [90, 50] },
    },
  };
  return client;
}

/** A factory handing out one double per cluster name (made on first ask), and the doubles. */
export function fakeClients(): {
  clientFor: ClusterClientFactory;
  clients: Map<string, FakeClusterClient>;
} {
  const clients = new Map<string, FakeClusterClient>();
  return {
    clients,
    clientFor: (cluster) => {
      const client = smallCluster();
      clients.set(cluster.name, client);
      return client;
    },
  };
}

/** Clusters a and b (never reached: the clients are doubles), no sinks, no API unless given. */
export function twoClusterConfig(extraYaml = ''): Config {
  const api = /^api:/m.test(extraYaml) ? '' : 'api: {enabled: false}\n';
  return parseConfig(
    'clusters:\n  - {name: a, brokers: ["127.0.0.1:1"]}\n  - {name: b, brokers: ["127.0.0.1:2"]}\n' +
      `sinks: []\n${api}${extraYaml}`,
    { env: {} },
  );
}
