// What each notifier folder exports so that notifiers/adapters.ts can list it: its `type`,
// its options schema, and how to build its transport. The shared queue (notifiers/delivery/)
// turns the transport into a Notifier; an adapter writes only "send one notification".
import type { z } from 'zod';
import type { Logger } from '../src/contract/logger.js';
import type { NotificationTransport } from '../src/contract/notifier.js';

export interface NotifierContext {
  /** A child logger with `notifier: <name>`. */
  readonly logger: Logger;
  /** Where secrets named by environment variable are read. */
  readonly env: NodeJS.ProcessEnv;
}

export interface NotifierAdapter<Type extends string, Config extends { readonly type: Type }> {
  readonly type: Type;
  /** The options of one notifier of this type, as the config file holds them. */
  readonly schema: z.ZodType<unknown, unknown>;
  /** Builds the transport; reads its secrets now (LAGWATCH_SECRET_UNAVAILABLE when it cannot). */
  create(config: Config, context: NotifierContext): NotificationTransport;
}
