// A cluster snapshot made up for the benches that feed the read model without Kafka
// (bench/api, bench/web): `groups` groups over `topics` topics of `partitions` partitions,
// a third consuming (lag 5), a third falling behind by `fallBehind` messages a tick, a
// third stuck; tick k is taken 30 s after tick k - 1.
import type { Config } from '../src/config/index.js';
import type { ClusterSnapshot, GroupLag, PartitionLag } from '../src/contract/snapshot.js';
import { evaluatorFor } from '../src/pipeline/evaluator-options.js';
import { LatestState } from '../src/pipeline/latest.js';
import { WindowStore } from '../src/window/store.js';

export interface SyntheticShape {
  readonly groups: number;
  readonly partitions: number;
  readonly topics: number;
  readonly firstTickAt: number;
  readonly fallBehind: number;
}

export const syntheticGroupName = (i: number): string => `group-${String(i).padStart(4, '0')}`;

export function syntheticSnapshot(shape: SyntheticShape, k: number): ClusterSnapshot {
  const takenAt = shape.firstTickAt + k * 30_000;
  const end = (t: number, p: number): number => 1_000_000 + t * 1000 + p * 10 + k * 500;
  const groups: GroupLag[] = [];
  for (let i = 0; i < shape.groups; i++) {
    const topic = `topic-${i % shape.topics}`;
    const partitions: PartitionLag[] = [];
    for (let p = 0; p < shape.partitions; p++) {
      const logEnd = end(i % shape.topics, p);
      const behind = logEnd - 400 - shape.fallBehind * k;
      const committed = i % 3 === 0 ? logEnd - 5 : i % 3 === 1 ? behind : 1_000_000;
      partitions.push({
        topic,
        partition: p,
        committedOffset: committed,
        logEndOffset: logEnd,
        logStartOffset: 0,
        lag: Math.max(0, logEnd - committed),
        messagesLost: 0,
        consumerId: `member-${i}-${p}`,
        host: `/10.0.${i % 250}.${p}`,
        clientId: `client-${i}`,
        fault: null,
      });
    }
    groups.push({
      group: syntheticGroupName(i),
      state: 'Stable',
      protocolType: 'consumer',
      type: 'consumer',
      members: 2,
      partitions,
      totalLag: partitions.reduce((s, p) => s + (p.lag ?? 0), 0),
      maxLag: null,
      fault: null,
    });
  }
  const offsets = [];
  for (let t = 0; t < shape.topics; t++) {
    for (let p = 0; p < shape.partitions; p++) {
      offsets.push({
        topic: `topic-${t}`,
        partition: p,
        logEndOffset: end(t, p),
        logStartOffset: 0,
      });
    }
  }
  offsets.sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  return {
    cluster: 'bench',
    takenAt,
    durationMs: 200,
    available: true,
    fault: null,
    groups,
    offsets,
    topics: [...new Set(offsets.map((o) => o.topic))],
    maxLag: 0,
    requests: 100,
  };
}

/** The window store, evaluator and read model of one cluster `bench`, as `config` sets them. */
export function syntheticReadModel(config: Config): {
  store: WindowStore;
  evaluator: ReturnType<typeof evaluatorFor>;
  latest: LatestState;
} {
  const store = new WindowStore({
    intervals: config.window.intervals,
    expireGroupAfterMs: config.window.expireGroupAfterMs,
    endOffsetHistory: config.window.endOffsetHistory,
  });
  const evaluator = evaluatorFor(config);
  return { store, evaluator, latest: new LatestState({ clusters: ['bench'], store, evaluator }) };
}
