// What a restart restored, for its one log line.
import type { ImportCounts } from '../window/store-export.js';
import type { Dropped } from './watched.js';

export interface RestoreSummary {
  readonly clusters: number;
  readonly groups: number;
  readonly partitions: number;
  /** The newest sample's time, ms since the epoch; null with no samples. */
  readonly newestSampleAt: number | null;
  /** How old the newest sample was at `now`: the gap the restart left. */
  readonly newestSampleAgeMs: number | null;
  readonly savedAt: number;
  /** What the config no longer watches, dropped on load. */
  readonly dropped: Dropped;
}

export function summarize(
  clusters: number,
  counts: ImportCounts,
  droppedClusters: Dropped,
  savedAt: number,
  now: number,
): RestoreSummary {
  return {
    clusters,
    groups: counts.groups,
    partitions: counts.partitions,
    newestSampleAt: counts.newestSampleAt,
    newestSampleAgeMs:
      counts.newestSampleAt === null ? null : Math.max(0, now - counts.newestSampleAt),
    savedAt,
    dropped: {
      clusters: droppedClusters.clusters,
      groups: droppedClusters.groups + counts.droppedGroups,
      partitions: droppedClusters.partitions + counts.droppedPartitions,
    },
  };
}

/** The one log line's message. */
export function describeRestore(summary: RestoreSummary): string {
  const age = summary.newestSampleAgeMs;
  return (
    `state restored: ${summary.groups} groups, ${summary.partitions} partitions, newest sample ` +
    `${age === null ? 'none' : `${Math.round(age / 1000)} s old`}`
  );
}
