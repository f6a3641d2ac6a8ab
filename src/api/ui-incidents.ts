// The status page's incidents: what the alerts keep (one record per notifier and incident,
// src/alerts/), merged into one row per episode so that two notifiers of the same group do
// not show it twice. Open rows merge by incident id (a notifier keeps at most one open per
// id); closed ones by id and closing time (the tick that closed it for every notifier).
import type { Incident, IncidentSource, IncidentView } from '../contract/incident.js';
import type {
  IncidentsPage,
  PageCluster,
  PageIncident,
  PageNotification,
  PageNotifier,
} from '../contract/status-page.js';
import type { GroupStatusCode } from '../contract/statuses.js';

const RANK: Readonly<Record<GroupStatusCode, number>> = { ERR: 0, WARN: 1, NOTFOUND: 2, OK: 3 };

type Row = Omit<PageIncident, 'sent'>;

function rowOf(incident: Incident, notifiers: readonly string[]): Row {
  return {
    id: incident.id,
    subject: incident.subject,
    cluster: incident.cluster,
    group: incident.group,
    status: incident.status,
    totalLag: incident.totalLag,
    worst: incident.worst,
    fault: incident.fault,
    openedAt: incident.openedAt,
    updatedAt: incident.updatedAt,
    closedAt: incident.closedAt,
    closeReason: incident.closeReason,
    notifiers,
  };
}

function merge(views: readonly IncidentView[], keyOf: (i: Incident) => string): PageIncident[] {
  const rows = new Map<string, { row: Row; sent: PageNotification[] }>();
  for (const { incident, sent } of views) {
    const notifications = sent.map((s) => ({
      notifier: incident.notifier,
      kind: s.kind,
      at: s.at,
      result: s.result,
      resultAt: s.resultAt,
    }));
    const key = keyOf(incident);
    const known = rows.get(key);
    if (known === undefined) {
      rows.set(key, { row: rowOf(incident, [incident.notifier]), sent: notifications });
      continue;
    }
    // The newest facts win; the episode started when the first notifier opened it.
    const notifiers = [...known.row.notifiers, incident.notifier];
    const newest =
      incident.updatedAt > known.row.updatedAt ? rowOf(incident, notifiers) : known.row;
    known.row = {
      ...newest,
      notifiers,
      openedAt: Math.min(known.row.openedAt, incident.openedAt),
    };
    known.sent.push(...notifications);
  }
  return [...rows.values()].map(({ row, sent }) => ({
    ...row,
    sent: sent.sort((a, b) => a.at - b.at),
  }));
}

/** Every cluster's incidents: open ones worst first, then longest open; closed newest first. */
export function incidentsPage(
  source: IncidentSource | undefined,
  clusters: readonly PageCluster[],
  notifiers: readonly PageNotifier[],
  now: number,
): IncidentsPage {
  const open: IncidentView[] = [];
  const closed: IncidentView[] = [];
  for (const cluster of clusters) {
    const of = source?.incidents(cluster.name);
    if (of === undefined) continue;
    open.push(...of.open);
    closed.push(...of.closed);
  }
  const openRows = merge(open, (i) => i.id).sort(
    (a, b) => RANK[a.status] - RANK[b.status] || a.openedAt - b.openedAt,
  );
  const closedRows = merge(closed, (i) => `${i.id}\u0000${i.closedAt}`).sort(
    (a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0),
  );
  return { now, clusters, notifiers, open: openRows, closed: closedRows };
}

/** When the group's open incident opened (the earliest of its notifiers); null when none is open. */
export function troubleSince(
  source: IncidentSource | undefined,
  cluster: string,
  group: string,
): number | null {
  let since: number | null = null;
  for (const { incident } of source?.incidents(cluster).open ?? []) {
    if (incident.subject !== 'group' || incident.group !== group) continue;
    since = since === null ? incident.openedAt : Math.min(since, incident.openedAt);
  }
  return since;
}
