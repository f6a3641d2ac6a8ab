// What the config watches now, to drop from a restored state what it no longer does:
// clusters removed from the config, groups and topics the cluster's filters now deny.
// The filters' semantics live in src/kafka/filters.ts (`admits`), above this layer, so
// the caller passes it in.
import type { ClusterConfig, NameFilter } from '../config/index.js';
import type { ClusterWindowsExport } from '../window/store-export.js';
import type { PersistedState } from './persisted-state.js';

export interface Watched {
  cluster(name: string): boolean;
  group(cluster: string, group: string): boolean;
  topic(cluster: string, topic: string): boolean;
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

/** The state less what is no longer watched, and how much was dropped. */
export function dropUnwatched(
  state: PersistedState,
  watched: Watched,
): { state: PersistedState; dropped: Dropped } {
  let clusters = 0;
  let groups = 0;
  let partitions = 0;
  const kept: ClusterWindowsExport[] = [];
  for (const cluster of state.windows.clusters) {
    const name = cluster.cluster;
    if (!watched.cluster(name)) {
      clusters++;
      groups += cluster.groups.length;
      for (const g of cluster.groups) partitions += g.partitions.length;
      continue;
    }
    const topicOk = new Map<string, boolean>();
    const topicWatched = (topic: string): boolean => {
      let ok = topicOk.get(topic);
      if (ok === undefined) topicOk.set(topic, (ok = watched.topic(name, topic)));
      return ok;
    };
    const keptGroups = [];
    for (const g of cluster.groups) {
      if (!watched.group(name, g.group)) {
        groups++;
        partitions += g.partitions.length;
        continue;
      }
      const keptPartitions = g.partitions.filter((p) => topicWatched(p.topic));
      partitions += g.partitions.length - keptPartitions.length;
      if (keptPartitions.length === 0 && g.partitions.length > 0) {
        groups++;
        continue;
      }
      keptGroups.push(
        keptPartitions.length === g.partitions.length ? g : { ...g, partitions: keptPartitions },
      );
    }
    // A topic-partition no kept group-partition reads needs no history (as in the store).
    const read = new Set<string>();
    for (const g of keptGroups)
      for (const p of g.partitions) read.add(`${p.topic}\u0000${p.partition}`);
    kept.push({
      ...cluster,
      groups: keptGroups,
      topicPartitions: cluster.topicPartitions.filter((tp) =>
        read.has(`${tp.topic}\u0000${tp.partition}`),
      ),
    });
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
              offsets: t.lastGood.offsets.filter((o) => topicWatched(t.cluster, o.topic)),
            },
          },
    );
  function topicWatched(cluster: string, topic: string): boolean {
    return watched.topic(cluster, topic);
  }
  return {
    state: { ...state, windows: { clusters: kept }, ticks },
    dropped: { clusters, groups, partitions },
  };
}
