// Builds the Slack transport: one incoming-webhook POST per notification, in blocks.
import type { Notification } from '../../src/contract/incident.js';
import type { NotificationTransport } from '../../src/contract/notifier.js';
import type { NotifierAdapter } from '../adapter.js';
import { httpDeliver } from '../delivery/http-deliver.js';
import { notifierSecret } from '../notifier-secret.js';
import { compileTemplate, type Render } from '../template.js';
import { templateContext } from '../template-context.js';
import { slackNotifierSchema, type SlackNotifierConfig } from './options.js';

const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });

export function slackMessage(n: Notification, config: SlackNotifierConfig, text: Render) {
  const c = templateContext(n, config);
  const fields = [
    field('Status', n.kind === 'close' ? `resolved (${c.closeReason ?? 'closed'})` : c.status),
    field('Cluster', c.cluster),
    field('Group', c.group ?? '(whole cluster)'),
    field('Total lag', String(c.totalLag)),
    field('Lag seconds', c.lagSeconds === null ? 'unknown' : String(c.lagSeconds)),
  ];
  if (c.worst) {
    fields.push(
      field('Worst partition', `${c.worst.topic}/${c.worst.partition} ${c.worst.status}`),
    );
  }
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: c.summary.slice(0, 150) } },
    { type: 'section', fields },
  ];
  const why = c.fault ?? c.worst?.reason;
  if (why) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: why.slice(0, 2900) } });
  if (c.link) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${c.link}|the group in lagwatch>` }],
    });
  }
  return { text: text(c), blocks };
}

export const slackAdapter: NotifierAdapter<'slack', SlackNotifierConfig> = {
  type: 'slack',
  schema: slackNotifierSchema,
  create(config, context): NotificationTransport {
    const url = notifierSecret(config.name, config, 'url', context.env)!;
    const text = compileTemplate(config.text);
    return {
      deliver(notification, signal) {
        const body = JSON.stringify(slackMessage(notification, config, text));
        return httpDeliver(
          {
            url,
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
