// Sinks from the config: each sink's secrets are read now (from the environment variable
// or file the config names), so a missing secret stops lagwatch at start with a message
// naming the sink and where the secret should have been, never its value.
import type { Writable } from 'node:stream';
import type {
  ElasticsearchSinkConfig,
  InfluxDbSinkConfig,
  SinkConfig,
} from '../src/config/types.js';
import { resolveSecret, secretRef } from '../src/config/secrets.js';
import type { SecretHolder, SecretName } from '../src/config/secrets.js';
import { ErrorCode, LagwatchError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import { ElasticsearchSink } from './elasticsearch/elasticsearch-sink.js';
import type { ElasticsearchSecrets } from './elasticsearch/es-client.js';
import { SinkFanout } from './fanout.js';
import type { NamedOutcome } from './fanout.js';
import { InfluxDbSink } from './influxdb/influxdb-sink.js';
import type { InfluxDbSecrets } from './influxdb/influxdb-sink.js';
import type { Sink } from './sink.js';
import { StdoutSink } from './stdout/stdout-sink.js';

export interface CreateSinksOptions {
  /** The root logger; each sink takes a child with `sink: <name>`. */
  readonly logger: Logger;
  /** Where secrets named by environment variable are read. Default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The stdout sink's stream. Default process.stdout. */
  readonly stdout?: Writable | undefined;
}

function secret<N extends SecretName>(
  sinkName: string,
  holder: SecretHolder<N>,
  name: N,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const ref = secretRef(holder, name);
  if (ref === undefined) return undefined;
  try {
    return resolveSecret(ref, env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new LagwatchError(ErrorCode.SECRET_UNAVAILABLE, `sink ${sinkName}: ${message}`, {
      cause: error,
    });
  }
}

export function influxSecrets(
  config: InfluxDbSinkConfig,
  env: NodeJS.ProcessEnv = process.env,
): InfluxDbSecrets {
  return config.api === 'v2'
    ? { token: secret(config.name, config, 'token', env) }
    : { password: secret(config.name, config, 'password', env) };
}

export function elasticsearchSecrets(
  config: ElasticsearchSinkConfig,
  env: NodeJS.ProcessEnv = process.env,
): ElasticsearchSecrets {
  return {
    password: secret(config.name, config, 'password', env),
    apiKey: secret(config.name, config, 'apiKey', env),
  };
}

/** One sink. Throws LAGWATCH_SECRET_UNAVAILABLE when a secret it names cannot be read. */
export function createSink(config: SinkConfig, options: CreateSinksOptions): Sink {
  const env = options.env ?? process.env;
  switch (config.type) {
    case 'stdout':
      return new StdoutSink({ name: config.name, out: options.stdout });
    case 'influxdb':
      return new InfluxDbSink(config, influxSecrets(config, env), options.logger);
    case 'elasticsearch':
      return new ElasticsearchSink(config, elasticsearchSecrets(config, env), options.logger);
  }
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
      sinks.push(createSink({ ...config, spool: { maxBytes: config.spool.maxBytes } }, options));
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
