// The @elastic/elasticsearch client of one sink: its nodes, its credentials (username +
// password, or an API key), a private CA when configured. The client's own retries are
// off (the shared delivery retries); a request that gets no answer in time is a failure.
import { readFileSync } from 'node:fs';
import type { Client, ClientOptions } from '@elastic/elasticsearch';
import { bulkAnswerSerializer } from './bulk-answer-serializer.js';
import { elasticsearchLibrary } from './es-library.js';
import type { ElasticsearchSinkConfig } from './options.js';

/** Secrets the config names by reference, read by the caller. */
export interface ElasticsearchSecrets {
  /** With the config's username. */
  readonly password?: string | undefined;
  readonly apiKey?: string | undefined;
}

export const ES_REQUEST_TIMEOUT_MS = 30_000;

export function clientOptions(
  config: Pick<ElasticsearchSinkConfig, 'nodes' | 'username' | 'caFile'>,
  secrets: ElasticsearchSecrets,
  requestTimeoutMs: number = ES_REQUEST_TIMEOUT_MS,
): ClientOptions {
  const options: ClientOptions = {
    nodes: [...config.nodes],
    maxRetries: 0,
    requestTimeout: requestTimeoutMs,
    name: 'lagwatch',
  };
  if (config.username !== undefined) {
    options.auth = { username: config.username, password: secrets.password ?? '' };
  } else if (secrets.apiKey !== undefined) {
    options.auth = { apiKey: secrets.apiKey };
  }
  if (config.caFile !== undefined) options.tls = { ca: readFileSync(config.caFile) };
  return options;
}

export function createClient(
  config: Pick<ElasticsearchSinkConfig, 'nodes' | 'username' | 'caFile'>,
  secrets: ElasticsearchSecrets,
  requestTimeoutMs?: number,
): Client {
  const library = elasticsearchLibrary();
  return new library.Client({
    ...clientOptions(config, secrets, requestTimeoutMs),
    Serializer: bulkAnswerSerializer(),
  });
}
