// Builds the PagerDuty transport: Events API v2 trigger and resolve with a stable dedup_key.
import type { Notification } from '../../src/contract/incident.js';
import type { NotificationTransport } from '../../src/contract/notifier.js';
import type { NotifierAdapter } from '../adapter.js';
import { httpDeliver } from '../delivery/http-deliver.js';
import { notifierSecret } from '../notifier-secret.js';
import { compileTemplate, type Render } from '../template.js';
import { templateContext } from '../template-context.js';
import { pagerdutyNotifierSchema, type PagerdutyNotifierConfig } from './options.js';

/** One incident, one PagerDuty alert: the same key from trigger to resolve, across restarts. */
export const dedupKey = (n: Notification): string =>
  n.kind === 'test'
    ? `lagwatch/${n.incident.notifier}/test/${n.at}`
    : `lagwatch/${n.incident.notifier}/${n.incident.id}`;

export function pagerdutyEvent(
  n: Notification,
  config: PagerdutyNotifierConfig,
  routingKey: string,
  render: { summary: Render; source: Render },
) {
  const c = templateContext(n, config);
  const base = { routing_key: routingKey, dedup_key: dedupKey(n) };
  if (n.kind === 'close') return { ...base, event_action: 'resolve' };
  return {
    ...base,
    event_action: 'trigger',
    payload: {
      summary: render.summary(c).slice(0, 1024),
      source: render.source(c),
      severity: n.kind === 'test' ? 'info' : c.status === 'ERR' ? 'critical' : 'warning',
      timestamp: c.at,
      component: c.group ?? c.cluster,
      group: c.cluster,
      class: 'consumer-lag',
      custom_details: {
        status: c.status,
        totalLag: c.totalLag,
        lagSeconds: c.lagSeconds,
        worst: c.worst,
        fault: c.fault,
        extras: c.extras,
      },
    },
    ...(c.link ? { links: [{ href: c.link, text: 'the group in lagwatch' }] } : {}),
  };
}

export const pagerdutyAdapter: NotifierAdapter<'pagerduty', PagerdutyNotifierConfig> = {
  type: 'pagerduty',
  schema: pagerdutyNotifierSchema,
  create(config, context): NotificationTransport {
    const routingKey = notifierSecret(config.name, config, 'routingKey', context.env)!;
    const render = {
      summary: compileTemplate(config.summary),
      source: compileTemplate(config.source),
    };
    return {
      deliver(notification, signal) {
        const body = JSON.stringify(pagerdutyEvent(notification, config, routingKey, render));
        return httpDeliver(
          {
            url: config.url,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            timeoutMs: config.timeoutMs,
          },
          signal,
        );
      },
    };
  },
};
