// Builds the webhook transport: one request per notification, to `url` (opens, updates,
// tests) or `urlClose` (closes), with the body rendered from the notifier's template.
import type { NotificationTransport } from '../../src/contract/notifier.js';
import type { NotifierAdapter } from '../adapter.js';
import { httpDeliver } from '../delivery/http-deliver.js';
import { notifierSecret } from '../notifier-secret.js';
import { compileTemplate } from '../template.js';
import { templateContext } from '../template-context.js';
import type { WebhookNotifierConfig } from './options.js';
import { webhookNotifierSchema } from './options.js';

export const webhookAdapter: NotifierAdapter<'webhook', WebhookNotifierConfig> = {
  type: 'webhook',
  schema: webhookNotifierSchema,
  create(config, context): NotificationTransport {
    const token = notifierSecret(config.name, config, 'token', context.env);
    const body = compileTemplate(config.body);
    const headers: Record<string, string> = {
      'content-type': config.contentType,
      ...config.headers,
    };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return {
      deliver(notification, signal) {
        const closing = notification.kind === 'close';
        const method = closing ? config.methodClose : config.methodOpen;
        return httpDeliver(
          {
            url: closing ? (config.urlClose ?? config.url) : config.url,
            method,
            headers,
            body: method === 'GET' ? null : body(templateContext(notification, config)),
            timeoutMs: config.timeoutMs,
          },
          signal,
        );
      },
    };
  },
};
