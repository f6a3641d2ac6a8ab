// Whether what the page shows is current. The page learns each cluster's tick interval by
// watching its ticks go by (the schedule is a cron expression the page does not parse):
// data is stale when the last tick is older than three intervals (at least 10 s), when the
// cluster could not be sampled (its groups are from an older tick), or when the page could
// not reach lagwatch at its last poll.
import type { PageCluster } from '../src/contract/status-page.js';
import { formatAge, formatDuration } from './format.js';

export const MIN_STALE_AFTER_MS = 10_000;

export class TickWatch {
  readonly #last = new Map<string, number>();
  readonly #interval = new Map<string, number>();

  /** Takes in the clusters of one answer. */
  observe(clusters: readonly PageCluster[]): void {
    for (const c of clusters) {
      if (c.lastTickAt === null) continue;
      const previous = this.#last.get(c.name);
      if (previous !== undefined && c.lastTickAt > previous) {
        this.#interval.set(c.name, c.lastTickAt - previous);
      }
      this.#last.set(c.name, c.lastTickAt);
    }
  }

  /** How old a cluster's last tick may be before its data counts as stale. */
  staleAfterMs(cluster: string): number {
    return Math.max(MIN_STALE_AFTER_MS, 3 * (this.#interval.get(cluster) ?? 0));
  }
}

/** Why a cluster's figures are not current, or null when they are. */
export function clusterStaleness(
  cluster: PageCluster,
  now: number,
  staleAfterMs: number,
): string | null {
  if (cluster.health === 'pending') return 'not sampled yet';
  if (cluster.health === 'unreachable') {
    return cluster.lastSampledAt === null
      ? 'never sampled'
      : `figures from the last good tick, ${formatAge(cluster.lastSampledAt, now)}`;
  }
  if (cluster.lastTickAt !== null && now - cluster.lastTickAt > staleAfterMs) {
    return `no tick for ${formatDuration(now - cluster.lastTickAt)}`;
  }
  return null;
}
