// The InfluxDB sink as sinks/adapters.ts lists it.
import type { SinkAdapter } from '../adapter.js';
import { sinkSecret } from '../sink-secret.js';
import { InfluxDbSink, type InfluxDbSecrets } from './influxdb-sink.js';
import { influxDbSinkSchema, type InfluxDbSinkConfig } from './options.js';

/** The token (v2) or password (v1) the config names, read now. */
export function influxSecrets(
  config: InfluxDbSinkConfig,
  env: NodeJS.ProcessEnv = process.env,
): InfluxDbSecrets {
  return config.api === 'v2'
    ? { token: sinkSecret(config.name, config, 'token', env) }
    : { password: sinkSecret(config.name, config, 'password', env) };
}

export const influxDbAdapter: SinkAdapter<'influxdb', InfluxDbSinkConfig> = {
  type: 'influxdb',
  schema: influxDbSinkSchema,
  create: (config, context) =>
    new InfluxDbSink(config, influxSecrets(config, context.env), context.logger),
};
