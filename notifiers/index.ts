// The notifiers' one door: everything outside notifiers/ reaches a notifier through these
// names (lint refuses a deeper import). The contract lives in src/contract/notifier.ts.
export type {
  DeliveryResult,
  Notification,
  Notifier,
  NotifierHealth,
  NotificationTransport,
} from '../src/contract/notifier.js';
export { notifierSchema, buildTransport } from './adapters.js';
export type { NotifierConfig, NotifierType } from './adapters.js';
export type { CommonNotifierConfig } from './options.js';
export { holdOf } from './options.js';
export { createNotifiers } from './create-notifiers.js';
export type { CreateNotifiersOptions } from './create-notifiers.js';
export { QueuedNotifier } from './delivery/queued-notifier.js';
export type { QueuedNotifierOptions } from './delivery/queued-notifier.js';
export { retryDelayMs } from './delivery/backoff.js';
export { compileTemplate } from './template.js';
export { templateContext, summary } from './template-context.js';
export { alertOf, alertLabels } from './alertmanager/adapter.js';
export type { WebhookNotifierConfig } from './webhook/options.js';
export type { AlertmanagerNotifierConfig } from './alertmanager/options.js';
export { slackMessage } from './slack/adapter.js';
export { pagerdutyEvent, dedupKey } from './pagerduty/adapter.js';
export type { SlackNotifierConfig } from './slack/options.js';
export type { PagerdutyNotifierConfig } from './pagerduty/options.js';
export type { EmailNotifierConfig } from './email/options.js';
