// The Elasticsearch sink as sinks/adapters.ts lists it.
import type { SinkAdapter } from '../adapter.js';
import { sinkSecret } from '../sink-secret.js';
import { ElasticsearchSink } from './elasticsearch-sink.js';
import type { ElasticsearchSecrets } from './es-client.js';
import { elasticsearchSinkSchema, type ElasticsearchSinkConfig } from './options.js';

/** The password or API key the config names, read now. */
export function elasticsearchSecrets(
  config: ElasticsearchSinkConfig,
  env: NodeJS.ProcessEnv = process.env,
): ElasticsearchSecrets {
  return {
    password: sinkSecret(config.name, config, 'password', env),
    apiKey: sinkSecret(config.name, config, 'apiKey', env),
  };
}

export const elasticsearchAdapter: SinkAdapter<'elasticsearch', ElasticsearchSinkConfig> = {
  type: 'elasticsearch',
  schema: elasticsearchSinkSchema,
  create: (config, context) =>
    new ElasticsearchSink(config, elasticsearchSecrets(config, context.env), context.logger),
};
