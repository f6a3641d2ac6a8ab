// The sinks' public face: the contract, the fan-out, building sinks from the config, and
// each adapter for those who build one directly.
export type { EvaluationReport, Sink, SinkHealth, SinkOutcome, SinkState } from './sink.js';
export { OK } from './sink.js';
export { SinkFanout } from './fanout.js';
export type { NamedOutcome } from './fanout.js';
export {
  checkSinks,
  createSink,
  createSinkFanout,
  createSinks,
  elasticsearchSecrets,
  influxSecrets,
} from './create-sinks.js';
export type { CreateSinksOptions } from './create-sinks.js';
export { StdoutSink } from './stdout/stdout-sink.js';
export { InfluxDbSink } from './influxdb/influxdb-sink.js';
export type { InfluxDbSecrets } from './influxdb/influxdb-sink.js';
export { ElasticsearchSink } from './elasticsearch/elasticsearch-sink.js';
export type { ElasticsearchSecrets } from './elasticsearch/es-client.js';
export { createClient as createElasticsearchClient } from './elasticsearch/es-client.js';
export { installTemplate, verifyTemplate } from './elasticsearch/setup.js';
export { indexTemplate, templateName } from './elasticsearch/template.js';
export { MemorySink, failedOutcome } from './memory-sink.js';
