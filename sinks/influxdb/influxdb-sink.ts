// The InfluxDB sink: a report becomes line-protocol points (lagwatch's schema or
// Telegraf's burrow_* schema), sent through API v2 (@influxdata/influxdb-client) or v1
// (/write), with the shared delivery between. Writes are idempotent: a point is keyed by
// measurement, tags and timestamp, so sending it again overwrites it with itself.
import type { InfluxDbSinkConfig } from './options.js';
import { ErrorCode, LagwatchError } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import type { PartEncoder } from '../delivery/report-encoding.js';
import { DeliverySink } from '../delivery/delivery-sink.js';
import type { Transport } from '../delivery/transport.js';
import { writeDefaultSchemaPoints } from './schema-default.js';
import { writeTelegrafBurrowPoints } from './schema-telegraf-burrow.js';
import { InfluxV1Transport } from './v1-transport.js';
import { InfluxV2Transport } from './v2-transport.js';

/** Secrets the config names by reference, read by the caller. */
export interface InfluxDbSecrets {
  /** API v2's token. */
  readonly token?: string | undefined;
  /** API v1's password, with the config's username. */
  readonly password?: string | undefined;
}

export interface InfluxDbSinkTesting {
  readonly random?: (() => number) | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

/** A write that gets no answer in this time is retried. */
export const INFLUX_REQUEST_TIMEOUT_MS = 30_000;

export function influxEncoder(schema: InfluxDbSinkConfig['schema']): PartEncoder {
  return schema === 'telegraf-burrow' ? writeTelegrafBurrowPoints : writeDefaultSchemaPoints;
}

export function influxTransport(
  config: InfluxDbSinkConfig,
  secrets: InfluxDbSecrets,
  requestTimeoutMs: number = INFLUX_REQUEST_TIMEOUT_MS,
): Transport {
  if (config.api === 'v1') {
    return new InfluxV1Transport({
      url: config.url,
      database: config.database,
      retentionPolicy: config.retentionPolicy,
      username: config.username,
      password: secrets.password,
      requestTimeoutMs,
    });
  }
  if (secrets.token === undefined) {
    throw new LagwatchError(
      ErrorCode.SECRET_UNAVAILABLE,
      `sink ${config.name}: API v2 needs a token`,
    );
  }
  return new InfluxV2Transport({
    url: config.url,
    org: config.org,
    bucket: config.bucket,
    token: secrets.token,
    requestTimeoutMs,
  });
}

export class InfluxDbSink extends DeliverySink {
  constructor(
    config: InfluxDbSinkConfig,
    secrets: InfluxDbSecrets,
    logger: Logger,
    testing: InfluxDbSinkTesting = {},
  ) {
    super({
      name: config.name,
      config,
      logger,
      transport: influxTransport(config, secrets, testing.requestTimeoutMs),
      encode: influxEncoder(config.schema),
      random: testing.random,
    });
  }
}
