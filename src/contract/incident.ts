// What the alerts remember and tell: an incident per (notifier, cluster, group) — or per
// (notifier, cluster) when the cluster cannot be sampled — and the notifications that
// open, update and close it. Notifiers know these types and nothing else of lagwatch.
import type { GroupStatusCode, PartitionStatusCode } from './statuses.js';

/** A group that went bad, or a whole cluster that could not be sampled. */
export type IncidentSubject = 'group' | 'cluster';

/**
 * Why an incident closed: its group fell below the threshold (`healed`), vanished from the
 * cluster (`deleted`), or, for a cluster incident, the cluster answered again (`recovered`);
 * `unmonitored`: a restart's configuration no longer watches its cluster or group (the
 * cluster was removed, or the notifier's filters now leave it out), so no report will ever
 * close it.
 */
export type IncidentCloseReason = 'healed' | 'deleted' | 'recovered' | 'unmonitored';

/** The partition that makes the group look worst: highest status, then highest lag. */
export interface WorstPartition {
  readonly topic: string;
  readonly partition: number;
  readonly status: PartitionStatusCode;
  readonly currentLag: number;
  readonly timeLagMs: number | null;
  /** The evaluator's reason, for a person ("no commit for 5 samples, lag 120 -> 340"). */
  readonly reason: string;
}

export interface Incident {
  /**
   * Stable across updates, re-sends and restarts: `<cluster>/<group>` or `<cluster>` for a
   * cluster incident. With the notifier's name it is PagerDuty's dedup_key and
   * Alertmanager's identity.
   */
  readonly id: string;
  readonly notifier: string;
  readonly subject: IncidentSubject;
  readonly cluster: string;
  /** Null for a cluster incident. */
  readonly group: string | null;
  /** The group's status now (a cluster incident: ERR while it lasts). */
  readonly status: GroupStatusCode;
  readonly totalLag: number;
  readonly worst: WorstPartition | null;
  /** A cluster incident: why the cluster cannot be sampled. */
  readonly fault: string | null;
  readonly openedAt: number;
  /** When status or worst partition last changed (openedAt at first). */
  readonly updatedAt: number;
  readonly closedAt: number | null;
  readonly closeReason: IncidentCloseReason | null;
}

/**
 * open: the incident starts. update: its status or worst partition changed, or the
 * `interval` re-send (`reminder`). close: it ended. test: `lagwatch notify test`.
 */
export type NotificationKind = 'open' | 'update' | 'close' | 'test';

export interface Notification {
  readonly kind: NotificationKind;
  /** The incident as it was when the notification was made. */
  readonly incident: Incident;
  /** When it was made, ms since the epoch. */
  readonly at: number;
  /** 1 for the open, then one more per notification of the same incident: their order. */
  readonly seq: number;
  /** An `interval` re-send of an incident that did not change. */
  readonly reminder: boolean;
}

/** One notification of an incident and what became of it. */
export interface SentView {
  readonly kind: NotificationKind;
  readonly seq: number;
  readonly at: number;
  /** queued until the notifier has a result. */
  readonly result: 'sent' | 'failed' | 'dropped' | 'queued';
  readonly resultAt: number | null;
}

export interface IncidentView {
  readonly incident: Incident;
  /** The newest notifications of the incident, oldest first: what was sent where. */
  readonly sent: readonly SentView[];
}

/** What the API and /metrics read of the alerts. */
export interface IncidentSource {
  /** Every notifier's open and recently closed (newest first) incidents of a cluster. */
  incidents(cluster: string): {
    readonly open: readonly IncidentView[];
    readonly closed: readonly IncidentView[];
  };
  /** Open incidents per notifier. */
  openCounts(): ReadonlyMap<string, number>;
}
