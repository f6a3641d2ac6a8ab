// The config's types, inferred from the schema and read-only all the way down. The
// sampler, the pipeline, the sinks and the API import these.
import type { DeepReadonly } from './freeze.js';
import type { ParsedConfig } from './schema.js';

export type Config = DeepReadonly<ParsedConfig>;

export type ClusterConfig = Config['clusters'][number];
export type SslConfig = NonNullable<ClusterConfig['ssl']>;
export type SaslConfig = NonNullable<ClusterConfig['sasl']>;
export type SaslMechanism = SaslConfig['mechanism'];

export type SinkConfig = Config['sinks'][number];
export type SinkType = SinkConfig['type'];
export type StdoutSinkConfig = Extract<SinkConfig, { type: 'stdout' }>;
export type InfluxDbSinkConfig = Extract<SinkConfig, { type: 'influxdb' }>;
export type InfluxDbV2SinkConfig = Extract<InfluxDbSinkConfig, { api: 'v2' }>;
export type InfluxDbV1SinkConfig = Extract<InfluxDbSinkConfig, { api: 'v1' }>;
export type ElasticsearchSinkConfig = Extract<SinkConfig, { type: 'elasticsearch' }>;
export type BatchConfig = SinkConfig['batch'];
export type RetryConfig = SinkConfig['retry'];
export type QueueConfig = SinkConfig['queue'];
export type SpoolConfig = SinkConfig['spool'];

export type SamplerConfig = Config['sampler'];
export type WindowConfig = Config['window'];
export type EvaluatorConfig = Config['evaluator'];
export type ApiConfig = Config['api'];
export type LogConfig = Config['log'];
export type LogLevel = LogConfig['level'];
