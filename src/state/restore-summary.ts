// What a restart restored, for its one log line.
import type { Dropped } from './watched.js';
import type { PersistedState } from './persisted-state.js';

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

export function summarize(state: PersistedState, dropped: Dropped, now: number): RestoreSummary {
  let groups = 0;
  let partitions = 0;
  let newest = -Infinity;
  for (const cluster of state.windows.clusters) {
    groups += cluster.groups.length;
    for (const g of cluster.groups) {
      partitions += g.partitions.length;
      for (const p of g.partitions) {
        // (offset, timestamp, lag) per sample, oldest first: the newest time is 2 from the end.
        const at = p.samples.length >= 3 ? p.samples[p.samples.length - 2]! : -Infinity;
        if (at > newest) newest = at;
      }
    }
  }
  const newestSampleAt = Number.isFinite(newest) ? newest : null;
  return {
    clusters: state.windows.clusters.length,
    groups,
    partitions,
    newestSampleAt,
    newestSampleAgeMs: newestSampleAt === null ? null : Math.max(0, now - newestSampleAt),
    savedAt: state.savedAt,
    dropped,
  };
}
