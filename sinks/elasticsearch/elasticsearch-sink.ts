// The Elasticsearch sink: a report becomes one document per group and per partition, with
// deterministic ids, sent with the bulk API through the shared delivery. At start it
// installs the index template (setupOnStart) or checks that it is installed, and checks it
// again while running (template-guard.ts).
import type { ElasticsearchSinkConfig } from './options.js';
import type { Logger } from '../../src/contract/logger.js';
import { DeliverySink } from '../delivery/delivery-sink.js';
import { writeReportBulkItems } from './bulk-item.js';
import { BulkTransport } from './bulk-transport.js';
import { createClient } from './es-client.js';
import type { ElasticsearchSecrets } from './es-client.js';
import { inspectTemplate, installTemplate, verifyTemplate } from './setup.js';
import { templateName } from './template.js';
import { TemplateGuardedTransport } from './template-guard.js';

export interface ElasticsearchSinkTesting {
  readonly random?: (() => number) | undefined;
  readonly requestTimeoutMs?: number | undefined;
  /** How often the template is checked while sends succeed (default 60 s). */
  readonly templateCheckEveryMs?: number | undefined;
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
    const install = config.setupOnStart
      ? (signal: AbortSignal) => installTemplate(client, config, signal)
      : undefined;
    super({
      name: config.name,
      config,
      logger,
      transport: new TemplateGuardedTransport(new BulkTransport(client, indexMode, indexPrefix), {
        verify: (signal) => inspectTemplate(client, config, signal),
        install,
        templateName: templateName(config),
        logger: logger.child({ sink: config.name }),
        checkEveryMs: testing.templateCheckEveryMs,
      }),
      encode: (report, part, target) =>
        writeReportBulkItems(report, indexMode, indexPrefix, part, target),
      setup: install,
      verify: (signal) => verifyTemplate(client, config, signal),
      random: testing.random,
    });
  }
}
