// Elasticsearch rebuilt behind a running sink, on the stack's real node: the template
// (and the indices) are deleted while the sink runs. With setupOnStart the sink installs
// the template again and the new index gets lagwatch's strict mapping; without it the
// sink holds its documents, reports itself down with the reason, creates no index with
// guessed mappings, and delivers once someone installs the template.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { installTemplate } from '../../../sinks/elasticsearch/setup.js';
import { uniqueName } from '../../helpers/names.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { elasticsearchConfig, fastRetry } from '../../unit/sinks/helpers/sink-config.js';
import { allDocuments, esClient, removePrefix } from './es-helpers.js';
import { expectedDocuments } from './expected.js';
import { env, until } from './helpers.js';

const t0 = Date.UTC(2026, 10, 30, 5, 0, 0);
const tick = (n: number): EvaluationReport => variedReport('prod', t0 + n * 30_000, n);
const CHECK_EVERY_MS = 300;

describe(
  'Elasticsearch rebuilt behind the sink (template deleted while it runs)',
  { timeout: 120_000 },
  () => {
    const client = esClient();
    const prefixes: string[] = [];
    after(async () => {
      for (const prefix of prefixes) await removePrefix(client, prefix);
      await client.close();
    });

    function sink(setupOnStart: boolean) {
      const indexPrefix = uniqueName(setupOnStart ? 'lw-tpl-auto' : 'lw-tpl-held');
      prefixes.push(indexPrefix);
      const config = elasticsearchConfig({
        name: 'es',
        nodes: [env.elasticsearchUrl],
        indexPrefix,
        setupOnStart,
        batch: { flushIntervalMs: 50 },
        retry: fastRetry,
      });
      const log = captureLogger();
      const es = new ElasticsearchSink(config, {}, log.logger, {
        templateCheckEveryMs: CHECK_EVERY_MS,
      });
      return { es, config, indexPrefix, log };
    }

    /** What "rebuilt" leaves: no template, no indices. */
    async function rebuild(prefix: string): Promise<void> {
      await client.indices.deleteIndexTemplate({ name: prefix });
      await client.indices.delete({ index: `${prefix}-*`, allow_no_indices: true });
      assert.equal(await client.indices.existsIndexTemplate({ name: prefix }), false);
    }

    async function strictMapping(prefix: string): Promise<boolean> {
      const mappings = await client.indices.getMapping({ index: `${prefix}-*` });
      const all = Object.values(mappings);
      assert.ok(all.length > 0, `an index for ${prefix}`);
      return all.every((m) => String(m.mappings.dynamic) === 'strict');
    }

    test('setupOnStart: the template is installed again and the new index is mapped by it', async () => {
      const { es, indexPrefix, log } = sink(true);
      assert.deepEqual(await es.start(10_000), { kind: 'ok' });
      es.write(tick(0));
      assert.deepEqual(await es.flush(10_000), { kind: 'ok' });

      await rebuild(indexPrefix);
      await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS + 50));
      es.write(tick(1));
      assert.deepEqual(await es.flush(10_000), { kind: 'ok' });

      assert.equal(await client.indices.existsIndexTemplate({ name: indexPrefix }), true);
      assert.equal(await strictMapping(indexPrefix), true, 'mapped by the template, not guessed');
      const expected = expectedDocuments(tick(1));
      assert.equal((await allDocuments(client, `${indexPrefix}-*`)).length, expected.size);
      assert.ok(log.lines().some((l) => /index template was missing/.test(String(l.msg))));
      assert.equal(es.health().state, 'ok');
      assert.deepEqual(await es.close(5_000), { kind: 'ok' });
    });

    test('without setupOnStart: documents held, the sink down saying the template is missing, no index created; delivered once it is installed', async () => {
      const { es, config, indexPrefix } = sink(false);
      assert.deepEqual(await installTemplate(client, config), { kind: 'ok' });
      assert.deepEqual(await es.start(10_000), { kind: 'ok' });
      es.write(tick(0));
      assert.deepEqual(await es.flush(10_000), { kind: 'ok' });

      await rebuild(indexPrefix);
      await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS + 50));
      es.write(tick(1));
      await until('the sink is down', () => es.health().state === 'down', 10_000);
      const health = es.health();
      assert.equal(health.healthy, false);
      assert.match(String(health.lastError), /index template "[^"]+" is missing/);
      assert.ok(health.queued > 0, 'the documents are held');
      assert.equal(health.dropped, 0);
      const indices = await client.indices.get({
        index: `${indexPrefix}-*`,
        allow_no_indices: true,
      });
      assert.deepEqual(Object.keys(indices), [], 'no index created with guessed mappings');

      // An operator runs `lagwatch setup elasticsearch`.
      assert.deepEqual(await installTemplate(client, config), { kind: 'ok' });
      assert.deepEqual(await es.flush(30_000), { kind: 'ok' });
      assert.equal(await strictMapping(indexPrefix), true);
      const expected = expectedDocuments(tick(1));
      assert.equal((await allDocuments(client, `${indexPrefix}-*`)).length, expected.size);
      assert.equal(es.health().state, 'ok');
      assert.deepEqual(await es.close(5_000), { kind: 'ok' });
    });
  },
);
