// What each sink folder exports so that sinks/adapters.ts can list it: its `type`, its
// options schema, and how to build it. Adding a sink is a new folder with one of these
// and one line in sinks/adapters.ts; nothing outside sinks/ changes.
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { Logger } from '../src/contract/logger.js';
import type { Sink } from '../src/contract/sink.js';

/** What building a sink may use besides its own options. */
export interface SinkContext {
  /** The root logger; each sink takes a child with `sink: <name>`. */
  readonly logger: Logger;
  /** Where secrets named by environment variable are read. */
  readonly env: NodeJS.ProcessEnv;
  /** The stdout sink's stream. */
  readonly stdout?: Writable | undefined;
}

export interface SinkAdapter<Type extends string, Config extends { readonly type: Type }> {
  readonly type: Type;
  /** The options of one sink of this type, as the config file holds them. */
  readonly schema: z.ZodType<unknown, unknown>;
  /** Builds the sink; reads its secrets now (LAGWATCH_SECRET_UNAVAILABLE when it cannot). */
  create(config: Config, context: SinkContext): Sink;
}
