// The config's types, inferred from the schema and read-only all the way down. The
// sampler, the pipeline and the API import these; sinks own their options' types.
import type { DeepReadonly } from '../contract/freeze.js';
import type { ParsedConfig } from './schema.js';

export type Config = DeepReadonly<ParsedConfig>;

export type ClusterConfig = Config['clusters'][number];
export type SslConfig = NonNullable<ClusterConfig['ssl']>;
export type SaslConfig = NonNullable<ClusterConfig['sasl']>;
export type SaslMechanism = SaslConfig['mechanism'];

// Each sink's options are owned by its adapter in sinks/; these are re-exported for the
// config's readers.
export type {
  BatchConfig,
  ElasticsearchSinkConfig,
  InfluxDbSinkConfig,
  InfluxDbV1SinkConfig,
  InfluxDbV2SinkConfig,
  QueueConfig,
  RetryConfig,
  SinkConfig,
  SinkType,
  SpoolConfig,
  StdoutSinkConfig,
} from '../../sinks/index.js';

// Each notifier's options are owned by its adapter in notifiers/.
export type {
  AlertmanagerNotifierConfig,
  NotifierConfig,
  NotifierType,
  WebhookNotifierConfig,
} from '../../notifiers/index.js';

export type SamplerConfig = Config['sampler'];
export type WindowConfig = Config['window'];
export type EvaluatorConfig = Config['evaluator'];
export type ApiConfig = Config['api'];
export type LogConfig = Config['log'];
export type LogLevel = LogConfig['level'];
