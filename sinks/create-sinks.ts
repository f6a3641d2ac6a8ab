// Sinks from the config, each built by the adapter of its type (sinks/adapters.ts). Each
// sink's secrets are read now, so a missing secret stops lagwatch at start.
import type { Writable } from 'node:stream';
import { ErrorCode } from '../src/contract/errors.js';
import type { Logger } from '../src/contract/logger.js';
import type { Sink } from '../src/contract/sink.js';
import { buildSink, type SinkConfig } from './adapters.js';
import { SinkFanout } from './fanout.js';
import type { NamedOutcome } from './fanout.js';

export interface CreateSinksOptions {
  /** The root logger; each sink takes a child with `sink: <name>`. */
  readonly logger: Logger;
  /** Where secrets named by environment variable are read. Default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The stdout sink's stream. Default process.stdout. */
  readonly stdout?: Writable | undefined;
}

/** One sink. Throws LAGWATCH_SECRET_UNAVAILABLE when a secret it names cannot be read. */
export function createSink(config: SinkConfig, options: CreateSinksOptions): Sink {
  return buildSink(config, {
    logger: options.logger,
    env: options.env ?? process.env,
    stdout: options.stdout,
  });
}

/**
 * Every configured sink. A failure closes the sinks already made (releasing their spool
 * locks) before it is thrown.
 */
export function createSinks(configs: readonly SinkConfig[], options: CreateSinksOptions): Sink[] {
  const sinks: Sink[] = [];
  try {
    for (const config of configs) sinks.push(createSink(config, options));
  } catch (error) {
    for (const sink of sinks) void sink.close(0);
    throw error;
  }
  return sinks;
}

/** The fan-out over every configured sink, as the pipeline uses it. */
export function createSinkFanout(
  configs: readonly SinkConfig[],
  options: CreateSinksOptions,
): SinkFanout {
  return new SinkFanout(createSinks(configs, options), options.logger);
}

/**
 * For `check-config --connect`: each configured sink's check() (server reachable,
 * credentials taken, database/bucket/template there), nothing written. Spools are left
 * alone (a running lagwatch holds them). A secret that cannot be read is that sink's
 * failed outcome; the others are still checked.
 */
export async function checkSinks(
  configs: readonly SinkConfig[],
  options: CreateSinksOptions,
  deadlineMs: number,
): Promise<NamedOutcome[]> {
  const sinks: Sink[] = [];
  const unreadable = new Map<string, NamedOutcome>();
  for (const config of configs) {
    try {
      // The spool's dir is left out: a running lagwatch holds it.
      const spoolless =
        config.type === 'stdout'
          ? config
          : { ...config, spool: { ...config.spool, dir: undefined } };
      sinks.push(createSink(spoolless, options));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      unreadable.set(config.name, {
        sink: config.name,
        outcome: { kind: 'failed', code: ErrorCode.SECRET_UNAVAILABLE, error: message },
      });
    }
  }
  const fanout = new SinkFanout(sinks, options.logger);
  const checked = new Map((await fanout.check(deadlineMs)).map((o) => [o.sink, o]));
  await fanout.close(0);
  return configs.map((c) => unreadable.get(c.name) ?? checked.get(c.name)!);
}
