// Builds the Alertmanager transport: each notification posts its incident as one alert.
import type { Notification } from '../../src/contract/incident.js';
import type { NotificationTransport } from '../../src/contract/notifier.js';
import type { NotifierAdapter } from '../adapter.js';
import { httpDeliver } from '../delivery/http-deliver.js';
import { notifierSecret } from '../notifier-secret.js';
import { compileTemplate, type Render } from '../template.js';
import { groupLink, templateContext } from '../template-context.js';
import { alertmanagerNotifierSchema, type AlertmanagerNotifierConfig } from './options.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The alert's identity: the same labels from open to close. */
export function alertLabels(n: Notification, config: AlertmanagerNotifierConfig) {
  const { incident } = n;
  const labels: Record<string, string> = {
    ...config.labels,
    alertname: n.kind === 'test' ? 'LagwatchTest' : config.alertname,
    cluster: incident.cluster,
    severity: config.threshold === 'ERR' ? 'critical' : 'warning',
    lagwatch_notifier: incident.notifier,
  };
  if (incident.group !== null) labels.group = incident.group;
  return labels;
}

export function alertOf(
  n: Notification,
  config: AlertmanagerNotifierConfig,
  annotations: ReadonlyMap<string, Render>,
) {
  const context = templateContext(n, config);
  const closing = n.kind === 'close';
  const link = groupLink(n, config.lagwatchUrl);
  return {
    labels: alertLabels(n, config),
    annotations: Object.fromEntries(
      [...annotations].map(([key, render]) => [key, render(context)]),
    ),
    startsAt: iso(n.kind === 'test' ? n.at : n.incident.openedAt),
    endsAt: iso(closing ? (n.incident.closedAt ?? n.at) : n.at + 4 * config.interval),
    ...(link === null ? {} : { generatorURL: link }),
  };
}

export const alertmanagerAdapter: NotifierAdapter<'alertmanager', AlertmanagerNotifierConfig> = {
  type: 'alertmanager',
  schema: alertmanagerNotifierSchema,
  create(config, context): NotificationTransport {
    const token = notifierSecret(config.name, config, 'token', context.env);
    const annotations = new Map(
      Object.entries(config.annotations).map(([key, source]) => [key, compileTemplate(source)]),
    );
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const url = `${config.url.replace(/\/+$/, '')}/api/v2/alerts`;
    return {
      deliver(notification, signal) {
        const body = JSON.stringify([alertOf(notification, config, annotations)]);
        return httpDeliver(
          { url, method: 'POST', headers, body, timeoutMs: config.timeoutMs },
          signal,
        );
      },
    };
  },
};
