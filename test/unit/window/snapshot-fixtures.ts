// Hand-made sampler snapshots for the window store's tests.
import type { ClusterSnapshot, GroupLag, PartitionLag } from '../../../src/contract/snapshot.js';
import type { GroupWindow, PartitionWindow } from '../../../src/contract/evaluation.js';

/** One partition of a group; `owned`: a live member owns it (by default, only when never committed). */
export function partition(
  topic: string,
  p: number,
  committed: number | null,
  end: number,
  owned = committed === null,
): PartitionLag {
  return {
    topic,
    partition: p,
    committedOffset: committed,
    logEndOffset: end,
    logStartOffset: 0,
    lag: committed === null ? null : Math.max(0, end - committed),
    messagesLost: 0,
    consumerId: owned ? 'member-1' : null,
    host: owned ? '/10.0.0.1' : null,
    clientId: owned ? 'app' : null,
    fault: null,
  };
}

export function group(
  name: string,
  partitions: PartitionLag[],
  extra: Partial<GroupLag> = {},
): GroupLag {
  return {
    group: name,
    state: 'Stable',
    protocolType: 'consumer',
    members: 1,
    partitions,
    totalLag: 0,
    maxLag: null,
    fault: null,
    ...extra,
  };
}

/** A successful tick of cluster `a`; offsets and topics follow from the groups' partitions. */
export function snapshot(
  takenAt: number,
  groups: GroupLag[],
  extra: Partial<ClusterSnapshot> = {},
): ClusterSnapshot {
  const offsets = new Map<string, ClusterSnapshot['offsets'][number]>();
  for (const p of groups.flatMap((g) => g.partitions)) {
    offsets.set(`${p.topic}/${p.partition}`, {
      topic: p.topic,
      partition: p.partition,
      logEndOffset: p.logEndOffset,
      logStartOffset: p.logStartOffset,
    });
  }
  return {
    cluster: 'a',
    takenAt,
    durationMs: 5,
    available: true,
    fault: null,
    groups,
    offsets: [...offsets.values()],
    topics: [...new Set(groups.flatMap((g) => g.partitions.map((p) => p.topic)))],
    maxLag: 0,
    requests: 1,
    ...extra,
  };
}

/**
 * Windows as a restored store has them: the state keeps everything but the owners' member
 * ids (the next tick's describe brings them back).
 */
export function withoutMemberIds(windows: readonly GroupWindow[]): GroupWindow[] {
  return windowData(windows).map((w) => ({
    ...w,
    partitions: w.partitions.map((p) => ({ ...p, consumerId: undefined })),
  }));
}

/**
 * Windows as plain data, samples as objects, to compare with deepEqual: the store's windows
 * read their samples in place (a view deepEqual cannot see into), through a getter.
 */
export function windowData(windows: readonly GroupWindow[]): GroupWindow[];
export function windowData(windows: readonly (GroupWindow | null)[]): (GroupWindow | null)[];
export function windowData(windows: readonly (GroupWindow | null)[]): (GroupWindow | null)[] {
  return windows.map((w) =>
    w === null ? null : { ...w, partitions: w.partitions.map(partitionData) },
  );
}

function partitionData(p: PartitionWindow): PartitionWindow {
  const copy: { -readonly [K in keyof PartitionWindow]: PartitionWindow[K] } = {
    ...p,
    // Getters of a stored window, which a spread does not copy.
    samples: p.samples,
    brokerOffsets: p.brokerOffsets,
  };
  delete copy.series;
  return copy;
}
