// From the config's `notifiers:` list to running notifiers: each transport behind its own
// bounded queue with retries (notifiers/delivery/), so one dead receiver holds back no other.
import type { Notification } from '../src/contract/incident.js';
import type { Logger } from '../src/contract/logger.js';
import type { DeliveryResult, Notifier } from '../src/contract/notifier.js';
import { buildTransport, type NotifierConfig } from './adapters.js';
import { QueuedNotifier } from './delivery/queued-notifier.js';

export interface CreateNotifiersOptions {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** Each notifier's notifications not delivered before the last shutdown. */
  readonly restored?: Readonly<Record<string, readonly Notification[]>> | undefined;
  readonly onResult?: (
    notifier: string,
    notification: Notification,
    result: DeliveryResult,
  ) => void;
}

/** Reads every notifier's secrets now: throws LAGWATCH_SECRET_UNAVAILABLE naming the notifier. */
export function createNotifiers(
  configs: readonly NotifierConfig[],
  options: CreateNotifiersOptions,
): Notifier[] {
  return configs.map((config) => {
    const logger = options.logger.child({ notifier: config.name });
    return new QueuedNotifier({
      name: config.name,
      type: config.type,
      transport: buildTransport(config, { logger, env: options.env }),
      queueSize: config.queueSize,
      backoff: { initialDelayMs: config.retryInitialDelayMs, maxDelayMs: config.retryMaxDelayMs },
      logger: options.logger,
      restored: options.restored?.[config.name],
      onResult: (notification, result) => options.onResult?.(config.name, notification, result),
    });
  });
}
