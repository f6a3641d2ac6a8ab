// An index template of an older lagwatch (version 2: no lagwatch.group_type) and an index
// made from it, on the stack's real node. Its strict mapping refuses group documents that
// carry group_type; so with setupOnStart the sink upgrades the template and adds the field
// to the existing index, and the group documents land there with it; without, the sink
// refuses to start saying what to do, and `lagwatch setup elasticsearch` fixes both.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { LAGWATCH_MAPPINGS } from '../../../sinks/elasticsearch/mappings.js';
import { installTemplate } from '../../../sinks/elasticsearch/setup.js';
import { indexTemplate, TEMPLATE_VERSION } from '../../../sinks/elasticsearch/template.js';
import { uniqueName } from '../../helpers/names.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { elasticsearchConfig, fastRetry } from '../../unit/sinks/helpers/sink-config.js';
import { allDocuments, esClient, removePrefix } from './es-helpers.js';
import { expectedDocuments, keyOfSource } from './expected.js';
import { env } from './helpers.js';

const t0 = Date.UTC(2026, 10, 30, 5, 0, 0);
const report: EvaluationReport = variedReport('prod', t0, 1);
const existingIndex = (prefix: string) => `${prefix}-2026.11.30`;

describe('Elasticsearch template of an older lagwatch', { timeout: 120_000 }, () => {
  const client = esClient();
  const prefixes: string[] = [];
  after(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.close();
  });

  /** What lagwatch with template version 2 left: its template and today's index. */
  async function olderLagwatch(setupOnStart: boolean) {
    const indexPrefix = uniqueName(setupOnStart ? 'lw-upg-auto' : 'lw-upg-held');
    prefixes.push(indexPrefix);
    const config = elasticsearchConfig({
      name: 'es',
      nodes: [env.elasticsearchUrl],
      indexPrefix,
      setupOnStart,
      batch: { flushIntervalMs: 50 },
      retry: fastRetry,
    });
    const current = indexTemplate(config);
    // Version 2's fields: today's less group_type.
    const version2Fields = Object.fromEntries(
      Object.entries(LAGWATCH_MAPPINGS.properties.lagwatch.properties).filter(
        ([field]) => field !== 'group_type',
      ),
    );
    await client.indices.putIndexTemplate({
      ...current,
      version: 2,
      template: {
        ...current.template,
        mappings: {
          ...LAGWATCH_MAPPINGS,
          properties: {
            ...LAGWATCH_MAPPINGS.properties,
            lagwatch: { properties: version2Fields },
          },
        },
      },
    });
    await client.indices.create({ index: existingIndex(indexPrefix) });
    assert.equal(await groupTypeMapped(indexPrefix), false, 'the old index lacks the field');
    const log = captureLogger();
    const es = new ElasticsearchSink(config, {}, log.logger);
    return { es, config, indexPrefix };
  }

  async function groupTypeMapped(prefix: string): Promise<boolean> {
    const got = await client.indices.getMapping({ index: existingIndex(prefix) });
    const lagwatch = got[existingIndex(prefix)]?.mappings.properties?.['lagwatch'];
    const fields = (lagwatch as { properties?: Record<string, { type?: string }> }).properties;
    return fields?.['group_type']?.type === 'keyword';
  }

  async function installedVersion(prefix: string): Promise<number | undefined> {
    const got = await client.indices.getIndexTemplate({ name: prefix });
    return got.index_templates[0]?.index_template.version;
  }

  /** Every document of the report is in the index made from version 2, group types included. */
  async function deliveredIntoExistingIndex(prefix: string): Promise<void> {
    const docs = await allDocuments(client, `${prefix}-*`);
    const expected = expectedDocuments(report);
    assert.equal(docs.length, expected.size);
    assert.ok(docs.every((d) => d.index === existingIndex(prefix)));
    for (const doc of docs) {
      const key = keyOfSource(doc.source);
      assert.deepEqual(doc.source, expected.get(key), key);
    }
    const types = docs
      .map((d) => (d.source as { lagwatch?: { group_type?: string } }).lagwatch?.group_type)
      .filter((t) => t !== undefined)
      .sort();
    assert.deepEqual([...new Set(types)], ['classic', 'consumer']);
  }

  test('setupOnStart: template and existing index upgraded at start; group documents land with group_type', async () => {
    const { es, indexPrefix } = await olderLagwatch(true);
    assert.deepEqual(await es.start(10_000), { kind: 'ok' });
    assert.equal(await installedVersion(indexPrefix), TEMPLATE_VERSION);
    assert.equal(await groupTypeMapped(indexPrefix), true);
    es.write(report);
    assert.deepEqual(await es.flush(10_000), { kind: 'ok' });
    assert.equal(es.health().dropped, 0);
    await deliveredIntoExistingIndex(indexPrefix);
    assert.deepEqual(await es.close(5_000), { kind: 'ok' });
  });

  test('without setupOnStart: refuses to start saying the template is old; setup upgrades both', async () => {
    const { es, config, indexPrefix } = await olderLagwatch(false);
    const refused = await es.start(10_000);
    assert.equal(refused.kind, 'failed');
    assert.match(
      refused.kind === 'failed' ? refused.error : '',
      new RegExp(
        `is version 2, older than this lagwatch's ${TEMPLATE_VERSION}.*lagwatch setup elasticsearch`,
      ),
    );
    assert.equal(await installedVersion(indexPrefix), 2, 'not changed without leave');
    await es.close(5_000);

    // An operator runs `lagwatch setup elasticsearch`.
    assert.deepEqual(await installTemplate(client, config), { kind: 'ok' });
    assert.equal(await installedVersion(indexPrefix), TEMPLATE_VERSION);
    assert.equal(await groupTypeMapped(indexPrefix), true);
    const again = new ElasticsearchSink(config, {}, captureLogger().logger);
    assert.deepEqual(await again.start(10_000), { kind: 'ok' });
    again.write(report);
    assert.deepEqual(await again.flush(10_000), { kind: 'ok' });
    await deliveredIntoExistingIndex(indexPrefix);
    assert.deepEqual(await again.close(5_000), { kind: 'ok' });
  });
});
