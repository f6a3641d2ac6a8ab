// The status page's view of the read model: every group as an overview row, sorted worst
// first once per read-model version and then only filtered and paged per request, so that
// polling 5,000 groups every few seconds costs a filter, not a rebuild. The lag trend over
// the window (read from the window store's rings, the costly part) is made only for the
// rows of the page asked for, and kept until the next tick. The group page is built on
// demand (one group).
import type { GroupStatus, PartitionStatus } from '../contract/evaluation.js';
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
import { statusNumber } from '../status/index.js';

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

/** The partition that decides the group's status: the worst, then the most lagging. */
export function worstPartition(group: GroupStatus): PartitionStatus | null {
  let worst: PartitionStatus | null = null;
  for (const p of group.partitions) {
    if (
      worst === null ||
      statusNumber[p.status] > statusNumber[worst.status] ||
      (p.status === worst.status && p.currentLag > worst.currentLag)
    ) {
      worst = p;
    }
  }
  return worst;
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

function compareRows(a: PageGroupRow, b: PageGroupRow): number {
  return (
    RANK[a.status] - RANK[b.status] ||
    b.totalLag - a.totalLag ||
    (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
    (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0)
  );
}

export class StatusPageModel {
  readonly #latest: LatestState;
  /** Every row, worst first; `trend` is filled per page by #withTrend. */
  #rows: PageGroupRow[] = [];
  #builtAt = -1;
  readonly #trends = new Map<string, readonly (number | null)[]>();

  constructor(latest: LatestState) {
    this.#latest = latest;
  }

  /** Every group of every cluster, worst first; rebuilt when the read model changed. */
  rows(): readonly PageGroupRow[] {
    if (this.#builtAt === this.#latest.version) return this.#rows;
    const rows: PageGroupRow[] = [];
    for (const name of this.#latest.clusterNames()) {
      const view = this.#latest.cluster(name)!;
      for (const group of view.groups.values()) rows.push(groupRow(name, group, []));
    }
    this.#rows = rows.sort(compareRows);
    this.#trends.clear();
    this.#builtAt = this.#latest.version;
    return this.#rows;
  }

  #withTrend(row: PageGroupRow): PageGroupRow {
    const key = `${row.cluster}\u0000${row.group}`;
    let trend = this.#trends.get(key);
    if (trend === undefined) {
      const group = this.#latest.cluster(row.cluster)?.groups.get(row.group);
      trend = group ? totalTrend(lagSeries(this.#latest, row.cluster, group).lags) : [];
      this.#trends.set(key, trend);
    }
    return { ...row, trend };
  }

  overview(query: OverviewQuery, now: number): OverviewPage {
    const version = this.#latest.version;
    const search = query.search.toLowerCase();
    const counts: Record<GroupStatusCode, number> = { ERR: 0, WARN: 0, NOTFOUND: 0, OK: 0 };
    const wanted = query.statuses.length === 0 ? null : new Set(query.statuses);
    const matched: PageGroupRow[] = [];
    for (const row of this.rows()) {
      if (query.cluster !== null && row.cluster !== query.cluster) continue;
      if (search !== '' && !row.group.toLowerCase().includes(search)) continue;
      counts[row.status]++;
      if (wanted === null || wanted.has(row.status)) matched.push(row);
    }
    return {
      version,
      now,
      clusters: this.#latest.clusterNames().map((n) => pageCluster(this.#latest.cluster(n)!)),
      counts,
      matched: matched.length,
      offset: query.offset,
      limit: query.limit,
      groups: matched
        .slice(query.offset, query.offset + query.limit)
        .map((r) => this.#withTrend(r)),
    };
  }

  /** One group's page; null when the cluster does not serve it. */
  group(cluster: string, name: string, now: number): GroupPage | null {
    const view = this.#latest.cluster(cluster);
    const group = view?.groups.get(name);
    if (!view || !group) return null;
    const series = lagSeries(this.#latest, cluster, group);
    const sampled = view.lastGood?.snapshot.groups.find((g) => g.group === name);
    const sampledPartition = (topic: string, partition: number) =>
      sampled?.partitions.find((p) => p.topic === topic && p.partition === partition);
    const partitions: PagePartition[] = group.partitions.map((p) => {
      const lag = sampledPartition(p.topic, p.partition);
      const logEnd = view.topic(p.topic)?.find((o) => o.partition === p.partition)?.logEndOffset;
      return {
        topic: p.topic,
        partition: p.partition,
        status: p.status,
        lag: p.currentLag,
        timeLagMs: p.timeLagMs,
        memberId: lag?.consumerId ?? '',
        host: p.owner,
        clientId: p.clientId,
        committedOffset: lag?.committedOffset ?? p.end?.offset ?? null,
        logEndOffset: lag?.logEndOffset ?? logEnd ?? null,
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
      links: { status: `${base}/status`, lag: `${base}/lag`, detail: base },
    };
  }
}
