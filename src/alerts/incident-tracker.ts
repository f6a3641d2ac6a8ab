// One notifier's incidents, as a pure state machine: each report of a cluster goes in,
// the notifications to send come out. No I/O and no clock of its own (the report's time is
// the clock), so its rules are tested with a list of reports. The rules, in order:
// 1. A cluster that could not be sampled: its groups' incidents are frozen (neither closed
//    nor opened); after `for` it gets one cluster incident, closed when it answers again.
// 2. A group at `threshold` or worse for `for` opens an incident; a change of its status or
//    worst partition sends an update; so does every `interval` (unless `sendOnce`).
// 3. A group below the threshold closes its incident (`healed`); a group gone from the
//    report closes it (`deleted`). The close is sent when `sendClose`.
// 4. After a restart, incidents of clusters (or groups) the configuration no longer
//    watches close as `unmonitored` (closeUnmonitored): no report of theirs will come.
import type { Incident, IncidentCloseReason, Notification } from '../contract/incident.js';
import type { DeliveryResult } from '../contract/notifier.js';
import type { EvaluationReport, GroupStatus } from '../contract/report.js';
import { statusNumber } from '../contract/statuses.js';
import { admits, type AlertPolicy } from './policy.js';
import {
  MAX_CLOSED,
  MAX_SENT_RECORDS,
  type IncidentRecord,
  type PendingRecord,
  type TrackerState,
} from './tracker-state.js';
import { sameWorst, worstPartition } from './worst-partition.js';

const groupId = (cluster: string, group: string): string => `${cluster}/${group}`;

export class IncidentTracker {
  readonly policy: AlertPolicy;
  readonly #open = new Map<string, IncidentRecord>();
  readonly #pending = new Map<string, PendingRecord>();
  #closed: IncidentRecord[] = [];

  constructor(policy: AlertPolicy, restored?: TrackerState) {
    this.policy = policy;
    for (const record of restored?.open ?? []) this.#open.set(record.incident.id, record);
    for (const [id, pending] of restored?.pending ?? []) this.#pending.set(id, pending);
    this.#closed = [...(restored?.closed ?? [])];
  }

  /** The notifications one report of one cluster calls for, in the order to send them. */
  observe(report: EvaluationReport): Notification[] {
    const { cluster, takenAt: now } = report;
    if (!admits(this.policy.clusters, cluster)) return [];
    const out: Notification[] = [];
    if (!report.available) {
      const fault = report.fault?.message ?? 'the cluster could not be sampled';
      this.#bad(cluster, now, out, (id) => this.#clusterIncident(id, cluster, fault, now), {
        status: 'ERR',
        totalLag: 0,
        worst: null,
        fault,
      });
      return out;
    }
    this.#good(cluster, now, 'recovered', out);
    const seen = new Set<string>();
    for (const group of report.groups) {
      if (!admits(this.policy.groups, group.group)) continue;
      const id = groupId(cluster, group.group);
      seen.add(id);
      if (statusNumber[group.status] >= statusNumber[this.policy.threshold]) {
        const facts = {
          status: group.status,
          totalLag: group.totallag,
          worst: worstPartition(group),
          fault: null,
        };
        this.#bad(id, now, out, () => this.#groupIncident(id, group, now), facts);
      } else {
        this.#good(id, now, 'healed', out, { status: group.status, totalLag: group.totallag });
      }
    }
    const prefix = `${cluster}/`;
    for (const id of [...this.#open.keys(), ...this.#pending.keys()]) {
      if (id.startsWith(prefix) && !seen.has(id)) this.#good(id, now, 'deleted', out);
    }
    return out;
  }

  /**
   * Closes (`unmonitored`) the open incidents of clusters not in `clusters` or left out by
   * the policy's filters, and forgets their pending ones: restored state of a run whose
   * configuration differed.
   */
  closeUnmonitored(clusters: readonly string[], now: number): Notification[] {
    const watched = clusters.filter((c) => admits(this.policy.clusters, c));
    const monitored = (cluster: string | undefined, group: string | null): boolean =>
      cluster !== undefined &&
      watched.includes(cluster) &&
      (group === null || admits(this.policy.groups, group));
    const out: Notification[] = [];
    for (const [id, record] of [...this.#open]) {
      const { cluster, group } = record.incident;
      if (!monitored(cluster, group)) this.#good(id, now, 'unmonitored', out);
    }
    for (const id of [...this.#pending.keys()]) {
      // A pending id is `cluster` or `cluster/group`; group names may hold '/' themselves.
      const cluster = watched.find((c) => id === c || id.startsWith(`${c}/`));
      const group = cluster === undefined || id === cluster ? null : id.slice(cluster.length + 1);
      if (!monitored(cluster, group)) this.#pending.delete(id);
    }
    return out;
  }

  /** Notes what became of a notification on its incident's record. */
  recordResult(notification: Notification, result: DeliveryResult, at: number): void {
    const id = notification.incident.id;
    const record =
      this.#open.get(id) ??
      this.#closed.findLast((r) => r.incident.id === id && r.seq >= notification.seq);
    const sent = record?.sent.find((s) => s.seq === notification.seq);
    if (sent) {
      sent.result = result;
      sent.resultAt = at;
    }
  }

  /** Open incidents, then recently closed ones (newest first), of one cluster or all. */
  incidents(cluster?: string): { open: IncidentRecord[]; closed: IncidentRecord[] } {
    const of = (r: IncidentRecord) => cluster === undefined || r.incident.cluster === cluster;
    return {
      open: [...this.#open.values()].filter(of),
      closed: this.#closed.filter(of).reverse(),
    };
  }

  get openCount(): number {
    return this.#open.size;
  }

  exportState(): TrackerState {
    return { open: [...this.#open.values()], pending: [...this.#pending], closed: this.#closed };
  }

  #bad(
    id: string,
    now: number,
    out: Notification[],
    create: (id: string) => Incident,
    facts: Pick<Incident, 'status' | 'totalLag' | 'worst' | 'fault'>,
  ): void {
    const record = this.#open.get(id);
    if (record === undefined) {
      const pending = this.#pending.get(id) ?? { since: now, ticks: 0 };
      pending.ticks += 1;
      this.#pending.set(id, pending);
      const held =
        pending.ticks >= Math.max(1, this.policy.forTicks) &&
        now - pending.since >= this.policy.forMs;
      if (!held) return;
      this.#pending.delete(id);
      const opened: IncidentRecord = { incident: create(id), seq: 0, lastSentAt: now, sent: [] };
      this.#open.set(id, opened);
      out.push(this.#notify(opened, 'open', now, false));
      return;
    }
    const before = record.incident;
    const changed = before.status !== facts.status || !sameWorst(before.worst, facts.worst);
    record.incident = { ...before, ...facts, updatedAt: changed ? now : before.updatedAt };
    if (this.policy.sendOnce) return;
    if (changed) out.push(this.#notify(record, 'update', now, false));
    else if (this.policy.intervalMs > 0 && now - record.lastSentAt >= this.policy.intervalMs)
      out.push(this.#notify(record, 'update', now, true));
  }

  #good(
    id: string,
    now: number,
    reason: IncidentCloseReason,
    out: Notification[],
    facts: Partial<Pick<Incident, 'status' | 'totalLag'>> = {},
  ): void {
    this.#pending.delete(id);
    const record = this.#open.get(id);
    if (record === undefined) return;
    this.#open.delete(id);
    record.incident = { ...record.incident, ...facts, closedAt: now, closeReason: reason };
    if (this.policy.sendClose) out.push(this.#notify(record, 'close', now, false));
    this.#closed.push(record);
    if (this.#closed.length > MAX_CLOSED) this.#closed.splice(0, this.#closed.length - MAX_CLOSED);
  }

  #notify(
    record: IncidentRecord,
    kind: Notification['kind'],
    now: number,
    reminder: boolean,
  ): Notification {
    record.seq += 1;
    record.lastSentAt = now;
    record.sent.push({ kind, seq: record.seq, at: now, result: 'queued', resultAt: null });
    if (record.sent.length > MAX_SENT_RECORDS) record.sent.shift();
    return { kind, incident: record.incident, at: now, seq: record.seq, reminder };
  }

  #groupIncident(id: string, group: GroupStatus, now: number): Incident {
    return {
      id,
      notifier: this.policy.notifier,
      subject: 'group',
      cluster: group.cluster,
      group: group.group,
      status: group.status,
      totalLag: group.totallag,
      worst: worstPartition(group),
      fault: null,
      openedAt: now,
      updatedAt: now,
      closedAt: null,
      closeReason: null,
    };
  }

  #clusterIncident(id: string, cluster: string, fault: string, now: number): Incident {
    return {
      id,
      notifier: this.policy.notifier,
      subject: 'cluster',
      cluster,
      group: null,
      status: 'ERR',
      totalLag: 0,
      worst: null,
      fault,
      openedAt: now,
      updatedAt: now,
      closedAt: null,
      closeReason: null,
    };
  }
}
