// The sinks' one door: everything outside sinks/ reaches a sink through these names (lint
// refuses a deeper import). The contract a sink keeps lives in src/contract/sink.ts.
export type {
  EvaluationReport,
  Sink,
  SinkHealth,
  SinkOutcome,
  SinkState,
} from '../src/contract/sink.js';
export { OK } from '../src/contract/sink.js';
export { sinkSchema } from './adapters.js';
export type { SinkConfig, SinkType } from './adapters.js';
export type { StdoutSinkConfig } from './stdout/options.js';
export type {
  InfluxDbSinkConfig,
  InfluxDbV1SinkConfig,
  InfluxDbV2SinkConfig,
} from './influxdb/options.js';
export type { ElasticsearchSinkConfig } from './elasticsearch/options.js';
export type { BatchConfig, QueueConfig, RetryConfig, SpoolConfig } from './delivery/options.js';
export { SinkFanout } from './fanout.js';
export type { NamedOutcome } from './fanout.js';
export { checkSinks, createSink, createSinkFanout, createSinks } from './create-sinks.js';
export type { CreateSinksOptions } from './create-sinks.js';
export { StdoutSink } from './stdout/stdout-sink.js';
export { InfluxDbSink } from './influxdb/influxdb-sink.js';
export type { InfluxDbSecrets } from './influxdb/influxdb-sink.js';
export { influxSecrets } from './influxdb/adapter.js';
export { ElasticsearchSink } from './elasticsearch/elasticsearch-sink.js';
export { elasticsearchSecrets } from './elasticsearch/adapter.js';
export type { ElasticsearchSecrets } from './elasticsearch/es-client.js';
export { createClient as createElasticsearchClient } from './elasticsearch/es-client.js';
export { installTemplate, verifyTemplate } from './elasticsearch/setup.js';
export { indexTemplate, templateName } from './elasticsearch/template.js';
export { MemorySink, failedOutcome } from './memory-sink.js';
