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

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

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
    // kafkajs logs every retried connection at ERROR; they are expected while a cluster
    // is down, and the sampler reports the outage once per tick.
    logLevel: KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        log[levelNames[level] ?? 'info'](rest, message);
      },
  };
  if (connection.ssl !== undefined) config.ssl = connection.ssl;
  if (connection.sasl !== undefined) config.sasl = connection.sasl;
  return new Kafka(config);
}
