// What the status page's JSON endpoints answer (`/v3/lagwatch/ui/...`): the one shape the
// server (src/api/) builds and the browser (web/) reads, so neither guesses the other's
// keys. Plain data only: numbers are ms since the epoch or counts, units in the names.
import type { Incident, NotificationKind, SentView } from './incident.js';
import type { GroupStatusCode, PartitionStatusCode } from './statuses.js';
import type { GroupType } from './snapshot.js';

/** pending: no tick has ended yet; sampled: the last tick read it; unreachable: it did not. */
export type ClusterHealth = 'pending' | 'sampled' | 'unreachable';

export interface PageCluster {
  readonly name: string;
  readonly health: ClusterHealth;
  /** Why the last tick could not sample it (its fault's code and message); null when sampled. */
  readonly fault: { readonly code: string; readonly message: string } | null;
  /** The last tick's time and how long it took, whatever its outcome; null before the first. */
  readonly lastTickAt: number | null;
  readonly lastTickDurationMs: number | null;
  /** The last tick that sampled it: the time every figure of its groups is from. */
  readonly lastSampledAt: number | null;
  readonly groups: number;
}

/** One group as a row of the overview. */
export interface PageGroupRow {
  readonly cluster: string;
  readonly group: string;
  readonly status: GroupStatusCode;
  readonly totalLag: number;
  /** The highest lag in time of any partition, ms; null when no partition knows it. */
  readonly maxTimeLagMs: number | null;
  /** Total lag at each tick of the window, oldest first (null where no partition had a sample). */
  readonly trend: readonly (number | null)[];
  readonly partitions: number;
  readonly members: number | null;
  readonly type: GroupType | null;
  readonly state: string | null;
  /** The worst partition (status, then lag) and its reason sentence; null with no partitions. */
  readonly worst: {
    readonly topic: string;
    readonly partition: number;
    readonly status: PartitionStatusCode;
    readonly reason: string;
  } | null;
}

export type StatusCounts = Readonly<Record<GroupStatusCode, number>>;

export interface OverviewPage {
  /** The read model's version: unchanged means nothing to redraw. */
  readonly version: number;
  /** The server's clock when it answered, ms (ages are shown against it). */
  readonly now: number;
  readonly clusters: readonly PageCluster[];
  /** Groups per status among those the cluster and name filters admit (not the status one). */
  readonly counts: StatusCounts;
  /** Groups all filters admit; `groups` is the page of them from `offset`, worst first. */
  readonly matched: number;
  readonly offset: number;
  readonly limit: number;
  readonly groups: readonly PageGroupRow[];
}

export interface PagePartition {
  readonly topic: string;
  readonly partition: number;
  readonly status: PartitionStatusCode;
  readonly lag: number;
  readonly timeLagMs: number | null;
  /** The owning member's id, host and client.id; '' when none owns it. */
  readonly memberId: string;
  readonly host: string;
  readonly clientId: string;
  readonly committedOffset: number | null;
  readonly logEndOffset: number | null;
  readonly reason: string;
}

export interface GroupPage {
  readonly version: number;
  readonly now: number;
  readonly cluster: PageCluster;
  readonly group: PageGroupRow;
  readonly partitions: readonly PagePartition[];
  /** The window's ticks (ms), oldest first, and each partition's lag at them (same order as `partitions`). */
  readonly series: {
    readonly times: readonly number[];
    readonly lags: readonly (readonly (number | null)[])[];
  };
  /** When the group's open incident opened (alerts); null when none is open or no alerts. */
  readonly troubleSince: number | null;
  /** The same group in Burrow's API: paths on this server. */
  readonly links: { readonly status: string; readonly lag: string; readonly detail: string };
}

/** A configured notifier, by its config name and type (webhook, slack, ...). */
export interface PageNotifier {
  readonly name: string;
  readonly type: string;
}

/** One notification of an incident through one notifier, and what became of it. */
export interface PageNotification {
  readonly notifier: string;
  readonly kind: NotificationKind;
  readonly at: number;
  readonly result: SentView['result'];
  readonly resultAt: number | null;
}

/**
 * One incident of a group (or of a cluster that cannot be sampled) as the page shows it:
 * every notifier's record of the same episode in one row (the earliest open, the latest
 * facts), with what each notifier sent.
 */
export interface PageIncident extends Omit<Incident, 'notifier'> {
  /** The notifiers that keep this incident, in config order. */
  readonly notifiers: readonly string[];
  /** Every notifier's notifications of it, oldest first. */
  readonly sent: readonly PageNotification[];
}

/** `/v3/lagwatch/ui/incidents`: open incidents (oldest first), then recently closed (newest first). */
export interface IncidentsPage {
  readonly now: number;
  readonly clusters: readonly PageCluster[];
  /** Empty: no notifier is configured, so no incident is kept. */
  readonly notifiers: readonly PageNotifier[];
  readonly open: readonly PageIncident[];
  readonly closed: readonly PageIncident[];
}

/** The query of `/v3/lagwatch/ui/overview` (and of the page's shareable URL). */
export interface OverviewQuery {
  readonly cluster: string | null;
  readonly statuses: readonly GroupStatusCode[];
  readonly search: string;
  readonly offset: number;
  readonly limit: number;
}

export const GROUP_STATUS_CODES: readonly GroupStatusCode[] = ['ERR', 'WARN', 'NOTFOUND', 'OK'];
export const OVERVIEW_PAGE_SIZE = 100;
export const OVERVIEW_MAX_PAGE_SIZE = 500;
