// What every template sees: the notification's facts under short names, times as ISO text
// and seconds, the notifier's `extras`, and a link to the group's page in lagwatch.
import type { Notification } from '../src/contract/incident.js';

export interface TemplateOptions {
  readonly extras: Readonly<Record<string, string>>;
  readonly lagwatchUrl?: string | undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A one-line summary for titles and subjects: "[ERR] group orders on cluster local". */
export function summary(n: Notification): string {
  const { incident } = n;
  const what =
    incident.subject === 'cluster'
      ? `cluster ${incident.cluster} cannot be sampled`
      : `group ${incident.group} on cluster ${incident.cluster}`;
  if (n.kind === 'close') return `[RESOLVED] ${what} (${incident.closeReason ?? 'closed'})`;
  if (n.kind === 'test') return `[TEST] lagwatch notifier ${incident.notifier}`;
  return `[${incident.status}] ${what}`;
}

/**
 * The group's page on lagwatch's status page (`/?cluster=&group=`, as web/url-state.ts
 * builds it): what a person who clicks a link in Slack, PagerDuty or a mail wants to see,
 * rather than the Burrow JSON.
 */
export function groupLink(n: Notification, lagwatchUrl: string | undefined): string | null {
  const { incident } = n;
  if (lagwatchUrl === undefined || incident.group === null) return null;
  const base = lagwatchUrl.replace(/\/+$/, '');
  return `${base}/?${new URLSearchParams({ cluster: incident.cluster, group: incident.group }).toString()}`;
}

export function templateContext(n: Notification, options: TemplateOptions) {
  const { incident } = n;
  return {
    kind: n.kind,
    reminder: n.reminder,
    seq: n.seq,
    at: iso(n.at),
    summary: summary(n),
    notifier: incident.notifier,
    id: incident.id,
    subject: incident.subject,
    cluster: incident.cluster,
    group: incident.group,
    status: incident.status,
    totalLag: incident.totalLag,
    worst: incident.worst,
    lagSeconds:
      incident.worst?.timeLagMs == null ? null : Math.round(incident.worst.timeLagMs / 1000),
    fault: incident.fault,
    closeReason: incident.closeReason,
    openedAt: iso(incident.openedAt),
    closedAt: iso(incident.closedAt),
    link: groupLink(n, options.lagwatchUrl),
    extras: options.extras,
  };
}
