// The Elasticsearch sink: a report becomes one document per group and per partition, with
// deterministic ids, sent with the bulk API through the shared delivery. At start it
// installs the index template (setupOnStart) or checks that it is installed.
import type { ElasticsearchSinkConfig } from './options.js';
import type { Logger } from '../../src/contract/logger.js';
import { DeliverySink } from '../delivery/delivery-sink.js';
import { reportBulkItems } from './bulk-item.js';
import { BulkTransport } from './bulk-transport.js';
import { createClient } from './es-client.js';
import type { ElasticsearchSecrets } from './es-client.js';
import { installTemplate, verifyTemplate } from './setup.js';

export interface ElasticsearchSinkTesting {
  readonly random?: (() => number) | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

export class ElasticsearchSink extends DeliverySink {
  constructor(
    config: ElasticsearchSinkConfig,
    secrets: ElasticsearchSecrets,
    logger: Logger,
    testing: ElasticsearchSinkTesting = {},
  ) {
    const client = createClient(config, secrets, testing.requestTimeoutMs);
    const { indexMode, indexPrefix } = config;
    super({
      name: config.name,
      config,
      logger,
      transport: new BulkTransport(client, indexMode, indexPrefix),
      encode: (report) => reportBulkItems(report, indexMode, indexPrefix),
      setup: config.setupOnStart ? (signal) => installTemplate(client, config, signal) : undefined,
      verify: (signal) => verifyTemplate(client, config, signal),
      random: testing.random,
    });
  }
}
