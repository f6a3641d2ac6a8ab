// What the config watches now, to drop from a restored state what it no longer does:
// clusters removed from the config, groups and topics the cluster's filters now deny.
// The filters' semantics live in src/kafka/filters.ts (`admits`), above this layer, so
// the caller passes it in. Groups and topics are dropped as the window store imports
// (ImportFilter); clusters and the ticks' offsets here.
import type { ClusterConfig, NameFilter } from '../config/index.js';
import type { ImportFilter } from '../window/store-export.js';
import type { PersistedState } from './persisted-state.js';

export interface Watched extends ImportFilter {
  cluster(name: string): boolean;
}

/** What `clusters` watch, judged by `admits` (pass src/kafka/filters.ts's). */
export function watchedBy(
  clusters: readonly ClusterConfig[],
  admits: (filter: NameFilter, name: string) => boolean,
): Watched {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  return {
    cluster: (name) => byName.has(name),
    group: (cluster, group) => {
      const c = byName.get(cluster);
      return c !== undefined && admits(c.groups, group);
    },
    topic: (cluster, topic) => {
      const c = byName.get(cluster);
      return c !== undefined && admits(c.topics, topic);
    },
  };
}

export interface Dropped {
  readonly clusters: number;
  readonly groups: number;
  readonly partitions: number;
}

/** The state less the clusters no longer watched (and denied topics' offsets), and what went. */
export function dropUnwatchedClusters(
  state: PersistedState,
  watched: Watched,
): { state: PersistedState; dropped: Dropped } {
  let clusters = 0;
  let groups = 0;
  let partitions = 0;
  for (const cluster of state.windows.clusters) {
    if (watched.cluster(cluster.cluster)) continue;
    clusters++;
    groups += cluster.groups.length;
    for (const g of cluster.groups) partitions += g.partitions;
  }
  const ticks = state.ticks
    .filter((t) => watched.cluster(t.cluster))
    .map((t) =>
      t.lastGood === null
        ? t
        : {
            ...t,
            lastGood: {
              ...t.lastGood,
              offsets: t.lastGood.offsets.filter((o) => watched.topic(t.cluster, o.topic)),
            },
          },
    );
  return {
    state: {
      ...state,
      windows: { clusters: state.windows.clusters.filter((c) => watched.cluster(c.cluster)) },
      ticks,
    },
    dropped: { clusters, groups, partitions },
  };
}
