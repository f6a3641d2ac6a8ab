// Every kind of notifier lagwatch has. The config's `notifiers:` list is validated against
// the union of their schemas, and each entry is built by the adapter of its `type`.
// A new notifier: a folder with options.ts and adapter.ts, and one line in each list below.
import { z } from 'zod';
import type { DeepReadonly } from '../src/contract/freeze.js';
import type { NotificationTransport } from '../src/contract/notifier.js';
import type { NotifierContext } from './adapter.js';
import { alertmanagerAdapter } from './alertmanager/adapter.js';
import { alertmanagerNotifierSchema } from './alertmanager/options.js';
import { emailAdapter } from './email/adapter.js';
import { emailNotifierSchema } from './email/options.js';
import { pagerdutyAdapter } from './pagerduty/adapter.js';
import { pagerdutyNotifierSchema } from './pagerduty/options.js';
import { slackAdapter } from './slack/adapter.js';
import { slackNotifierSchema } from './slack/options.js';
import { webhookAdapter } from './webhook/adapter.js';
import { webhookNotifierSchema } from './webhook/options.js';

/** One entry of the config's `notifiers:` list, told apart by `type`. */
export const notifierSchema = z.discriminatedUnion('type', [
  webhookNotifierSchema,
  alertmanagerNotifierSchema,
  slackNotifierSchema,
  pagerdutyNotifierSchema,
  emailNotifierSchema,
]);

export type NotifierConfig = DeepReadonly<z.output<typeof notifierSchema>>;
export type NotifierType = NotifierConfig['type'];

const adapters = [
  webhookAdapter,
  alertmanagerAdapter,
  slackAdapter,
  pagerdutyAdapter,
  emailAdapter,
] as const;

/** Builds one notifier's transport with the adapter of its type. */
export function buildTransport(
  config: NotifierConfig,
  context: NotifierContext,
): NotificationTransport {
  const adapter = adapters.find((a) => a.type === config.type);
  if (adapter === undefined) throw new TypeError(`no notifier adapter for type ${config.type}`);
  // The schema's union and the adapters' list are kept in step above.
  return (adapter.create as (c: NotifierConfig, x: NotifierContext) => NotificationTransport)(
    config,
    context,
  );
}
