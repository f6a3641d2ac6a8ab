// Sink configs for tests, made by the config's own schema so that defaults and shapes are
// exactly what `lagwatch run` would hand the sinks.
import { sinkSchema } from '../../../../sinks/index.js';
import type {
  ElasticsearchSinkConfig,
  InfluxDbSinkConfig,
  SinkConfig,
  StdoutSinkConfig,
} from '../../../../src/config/types.js';

export function sinkConfig(input: Record<string, unknown>): SinkConfig {
  return sinkSchema.parse(input);
}

export function influxConfig(input: Record<string, unknown>): InfluxDbSinkConfig {
  const config = sinkConfig({ type: 'influxdb', ...input });
  if (config.type !== 'influxdb') throw new Error('not an influxdb sink');
  return config;
}

export function elasticsearchConfig(input: Record<string, unknown>): ElasticsearchSinkConfig {
  const config = sinkConfig({ type: 'elasticsearch', ...input });
  if (config.type !== 'elasticsearch') throw new Error('not an elasticsearch sink');
  return config;
}

export function stdoutConfig(input: Record<string, unknown> = {}): StdoutSinkConfig {
  const config = sinkConfig({ type: 'stdout', ...input });
  if (config.type !== 'stdout') throw new Error('not a stdout sink');
  return config;
}

/** Fast retries for tests: a failing server is retried within milliseconds. */
export const fastRetry = { initialDelayMs: 20, maxDelayMs: 200, maxRetryTimeMs: 60_000 };
