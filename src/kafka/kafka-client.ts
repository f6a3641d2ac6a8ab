// A kafkajs client for one configured cluster, its log lines routed into pino.
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from '../contract/logger.js';

export interface ClusterConnection {
  readonly name: string;
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** Node TLS options (CA, cert, key already read from their files), or true, or absent. */
  readonly ssl?: KafkaConfig['ssl'];
  /** SASL with the secret already resolved from its env var or file. */
  readonly sasl?: SASLOptions;
}

/**
 * kafkajs' levels as lagwatch logs them. kafkajs logs every failed connection and retry at
 * ERROR, with a stack, per broker and attempt: while a cluster is down that is several
 * lines a tick, all saying what the tick's fault already says. lagwatch logs a cluster
 * going down and coming back itself, once each (src/pipeline/cluster-availability-log.ts),
 * so kafkajs' own lines are detail for whoever turns debug on.
 */
const levelNames: Record<number, 'debug' | 'trace'> = {
  [KafkaLogLevel.ERROR]: 'debug',
  [KafkaLogLevel.WARN]: 'debug',
  [KafkaLogLevel.INFO]: 'debug',
  [KafkaLogLevel.DEBUG]: 'trace',
};

/** kafkajs' logCreator over a pino logger: each entry one line, at the level above. */
export function kafkajsLogCreator(log: Logger): NonNullable<KafkaConfig['logCreator']> {
  return () =>
    ({ level, log: entry }) => {
      const { message, ...rest } = entry;
      log[levelNames[level] ?? 'debug'](rest, message);
    };
}

export function createKafka(connection: ClusterConnection, logger: Logger): Kafka {
  const log = logger.child({ cluster: connection.name, component: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    requestTimeout: connection.requestTimeoutMs,
    connectionTimeout: connection.connectionTimeoutMs,
    // The sampler retries on the next tick; kafkajs' own retries stay short so one
    // dead broker cannot hold a tick for minutes.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    // Up to INFO (kafkajs' DEBUG is a line per request: costly even when not written).
    logLevel: KafkaLogLevel.INFO,
    logCreator: kafkajsLogCreator(log),
  };
  if (connection.ssl !== undefined) config.ssl = connection.ssl;
  if (connection.sasl !== undefined) config.sasl = connection.sasl;
  return new Kafka(config);
}
