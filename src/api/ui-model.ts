// The status page's view of the read model: every group sorted worst first once per
// read-model version and then only filtered and paged per request, so that polling 5,000
// groups every few seconds costs a filter, not a rebuild. A row (its worst partition's
// reason, its lag trend read from the window store's rings: the costly parts) is made only
// for the groups of the page asked for, and kept until the next tick. The group page is built on
// demand (one group).
import type { GroupStatus } from '../contract/evaluation.js';
import type {
  GroupPage,
  OverviewPage,
  OverviewQuery,
  PageCluster,
  PageGroupRow,
  PagePartition,
} from '../contract/status-page.js';
import type { GroupStatusCode } from '../contract/statuses.js';
import type { ClusterView, LatestState } from '../pipeline/latest.js';
import { worstPartition } from '../contract/worst-partition.js';

/** Worst first: ERR, WARN, NOTFOUND, OK. */
const RANK: Readonly<Record<GroupStatusCode, number>> = { ERR: 0, WARN: 1, NOTFOUND: 2, OK: 3 };

export function pageCluster(view: ClusterView): PageCluster {
  const last = view.lastReport;
  return {
    name: view.name,
    health: last === null ? 'pending' : last.available ? 'sampled' : 'unreachable',
    fault:
      last === null || last.available || last.fault === null
        ? null
        : { code: last.fault.code, message: last.fault.message },
    lastTickAt: last?.takenAt ?? null,
    lastTickDurationMs: last?.durationMs ?? null,
    lastSampledAt: view.lastGood?.report.takenAt ?? null,
    groups: view.groups.size,
  };
}

/**
 * Each partition's lag at each tick of the window, aligned on the newest sample (one sample
 * per partition per tick when polling), with the ticks' times taken from the longest ring.
 */
export function lagSeries(
  latest: LatestState,
  cluster: string,
  group: GroupStatus,
): { times: number[]; lags: (number | null)[][] } {
  const window = latest.groupWindow(cluster, group.group);
  const rings = new Map<string, { lag: number | null; at: number }[]>();
  for (const p of window?.partitions ?? []) {
    rings.set(
      `${p.topic}\u0000${p.partition}`,
      p.samples
        .slice(-latest.intervals)
        .map((s) => ({ lag: s.lag, at: s.observedAt ?? s.timestamp })),
    );
  }
  let times: number[] = [];
  for (const ring of rings.values()) if (ring.length > times.length) times = ring.map((s) => s.at);
  const lags = group.partitions.map((p) => {
    const ring = rings.get(`${p.topic}\u0000${p.partition}`) ?? [];
    const pad = new Array<null>(times.length - ring.length).fill(null);
    return [...pad, ...ring.map((s) => s.lag)];
  });
  return { times, lags };
}

/** Total lag per tick: the sum of the partitions known at that tick. */
export function totalTrend(lags: readonly (readonly (number | null)[])[]): (number | null)[] {
  const length = lags.reduce((n, l) => Math.max(n, l.length), 0);
  const trend: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const series of lags) {
    series.forEach((lag, i) => {
      if (lag !== null) trend[i] = (trend[i] ?? 0) + lag;
    });
  }
  return trend;
}

export function groupRow(
  cluster: string,
  group: GroupStatus,
  trend: readonly (number | null)[],
): PageGroupRow {
  const worst = worstPartition(group);
  let maxTimeLagMs: number | null = null;
  for (const p of group.partitions) {
    if (p.timeLagMs !== null) maxTimeLagMs = Math.max(maxTimeLagMs ?? 0, p.timeLagMs);
  }
  return {
    cluster,
    group: group.group,
    status: group.status,
    totalLag: group.totallag,
    maxTimeLagMs,
    trend,
    partitions: group.partitionCount,
    members: group.members,
    type: group.type,
    state: group.state,
    worst:
      worst === null
        ? null
        : {
            topic: worst.topic,
            partition: worst.partition,
            status: worst.status,
            reason: worst.reasonText,
          },
  };
}

/** What sorting and filtering need of a group; the row itself is made only for a page. */
interface Entry {
  readonly cluster: string;
  readonly status: GroupStatus;
  /** The group's name, lower-cased, for the search. */
  readonly lowerName: string;
}

function compareEntries(a: Entry, b: Entry): number {
  const x = a.status;
  const y = b.status;
  return (
    RANK[x.status] - RANK[y.status] ||
    y.totallag - x.totallag ||
    (x.group < y.group ? -1 : x.group > y.group ? 1 : 0) ||
    (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0)
  );
}

export class StatusPageModel {
  readonly #latest: LatestState;
  /** Every group, worst first, as of #builtAt. */
  #entries: Entry[] = [];
  #builtAt = -1;
  /** Rows made for pages since #builtAt (with their trends: the costly part). */
  readonly #rows = new Map<string, PageGroupRow>();

  constructor(latest: LatestState) {
    this.#latest = latest;
  }

  /** Every group of every cluster, worst first; re-sorted when the read model changed. */
  #sorted(): readonly Entry[] {
    if (this.#builtAt === this.#latest.version) return this.#entries;
    const entries: Entry[] = [];
    for (const cluster of this.#latest.clusterNames()) {
      for (const status of this.#latest.cluster(cluster)!.groups.values()) {
        entries.push({ cluster, status, lowerName: status.group.toLowerCase() });
      }
    }
    this.#entries = entries.sort(compareEntries);
    this.#rows.clear();
    this.#builtAt = this.#latest.version;
    return this.#entries;
  }

  #row(entry: Entry): PageGroupRow {
    const key = `${entry.cluster}\u0000${entry.status.group}`;
    let row = this.#rows.get(key);
    if (row === undefined) {
      const trend = totalTrend(lagSeries(this.#latest, entry.cluster, entry.status).lags);
      row = groupRow(entry.cluster, entry.status, trend);
      this.#rows.set(key, row);
    }
    return row;
  }

  overview(query: OverviewQuery, now: number): OverviewPage {
    const version = this.#latest.version;
    const search = query.search.toLowerCase();
    const counts: Record<GroupStatusCode, number> = { ERR: 0, WARN: 0, NOTFOUND: 0, OK: 0 };
    const wanted = query.statuses.length === 0 ? null : new Set(query.statuses);
    const matched: Entry[] = [];
    for (const entry of this.#sorted()) {
      if (query.cluster !== null && entry.cluster !== query.cluster) continue;
      if (search !== '' && !entry.lowerName.includes(search)) continue;
      counts[entry.status.status]++;
      if (wanted === null || wanted.has(entry.status.status)) matched.push(entry);
    }
    return {
      version,
      now,
      clusters: this.#latest.clusterNames().map((n) => pageCluster(this.#latest.cluster(n)!)),
      counts,
      matched: matched.length,
      offset: query.offset,
      limit: query.limit,
      groups: matched.slice(query.offset, query.offset + query.limit).map((e) => this.#row(e)),
    };
  }

  /** One group's page; null when the cluster does not serve it. */
  group(cluster: string, name: string, now: number): GroupPage | null {
    const view = this.#latest.cluster(cluster);
    const group = view?.groups.get(name);
    if (!view || !group) return null;
    const series = lagSeries(this.#latest, cluster, group);
    // Owners as the window store keeps them (the read model keeps no snapshot).
    const window = this.#latest.groupWindow(cluster, name);
    const memberOf = (topic: string, partition: number) =>
      window?.partitions.find((w) => w.topic === topic && w.partition === partition)?.consumerId;
    const partitions: PagePartition[] = group.partitions.map((p) => {
      const logEnd = view.topic(p.topic)?.find((o) => o.partition === p.partition)?.logEndOffset;
      return {
        topic: p.topic,
        partition: p.partition,
        status: p.status,
        lag: p.currentLag,
        timeLagMs: p.timeLagMs,
        memberId: memberOf(p.topic, p.partition) ?? '',
        host: p.owner,
        clientId: p.clientId,
        committedOffset: p.end?.offset ?? null,
        logEndOffset: logEnd ?? null,
        reason: p.reasonText,
      };
    });
    const base = `/v3/kafka/${encodeURIComponent(cluster)}/consumer/${encodeURIComponent(name)}`;
    return {
      version: this.#latest.version,
      now,
      cluster: pageCluster(view),
      group: groupRow(cluster, group, totalTrend(series.lags)),
      partitions,
      series,
      // The alerts' part: the route fills it in (the read model knows no incidents).
      troubleSince: null,
      links: { status: `${base}/status`, lag: `${base}/lag`, detail: base },
    };
  }
}
