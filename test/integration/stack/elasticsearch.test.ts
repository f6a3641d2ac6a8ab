// The Elasticsearch node of the stack is real: @elastic/elasticsearch installs a
// composable index template, bulk-indexes documents, and searches them back.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';

const env = stackEnv();

describe('elasticsearch', { timeout: 60_000 }, () => {
  const client = new Client({ node: env.elasticsearchUrl });
  const prefix = uniqueName('lagwatch-smoke');
  const index = `${prefix}-group`;

  after(async () => {
    await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: prefix }).catch(() => undefined);
    await client.close();
  });

  test('the cluster is healthy and is the pinned Elasticsearch', async () => {
    const health = await client.cluster.health();
    assert.ok(['green', 'yellow'].includes(health.status), `status ${health.status}`);
    const nodes = await client.nodes.info({ metric: 'settings' });
    const versions = Object.values(nodes.nodes).map((n) => n.version);
    assert.deepEqual(versions, [env.elasticsearchVersion]);
  });

  test('an index template shapes the mapping of a new index', async () => {
    const put = await client.indices.putIndexTemplate({
      name: prefix,
      index_patterns: [`${prefix}-*`],
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            '@timestamp': { type: 'date' },
            kafka: {
              properties: {
                cluster: { type: 'keyword' },
                group: { type: 'keyword' },
              },
            },
            lag: { properties: { total: { type: 'long' } } },
            status: { type: 'keyword' },
          },
        },
      },
    });
    assert.equal(put.acknowledged, true);
    await client.indices.create({ index });
    const mapping = await client.indices.getMapping({ index });
    const properties = mapping[index]?.mappings.properties;
    assert.equal(properties?.status?.type, 'keyword');
    assert.equal(properties?.['@timestamp']?.type, 'date');
  });

  test('bulk-index documents, then search and aggregate them back', async () => {
    const docs = [
      { group: 'billing', status: 'OK', total: 0 },
      { group: 'payments', status: 'WARN', total: 120 },
      { group: 'audit', status: 'ERR', total: 5000 },
      { group: 'search', status: 'WARN', total: 42 },
    ].map((d, i) => ({
      '@timestamp': new Date(Date.UTC(2026, 10, 26, 9, 0, i)).toISOString(),
      kafka: { cluster: 'a', group: d.group },
      lag: { total: d.total },
      status: d.status,
    }));
    const bulk = await client.bulk({
      refresh: 'wait_for',
      operations: docs.flatMap((doc) => [
        { index: { _index: index, _id: `a/${doc.kafka.group}` } },
        doc,
      ]),
    });
    assert.equal(bulk.errors, false, JSON.stringify(bulk.items));
    assert.equal(bulk.items.length, docs.length);

    // A document that breaks the strict mapping is refused item by item.
    const rejected = await client.bulk({
      refresh: 'wait_for',
      operations: [{ index: { _index: index } }, { unknown_field: 1 }],
    });
    assert.equal(rejected.errors, true);
    assert.equal(rejected.items[0]?.index?.status, 400);

    const found = await client.search<{ kafka: { group: string }; lag: { total: number } }>({
      index,
      query: { term: { status: 'WARN' } },
      sort: [{ 'lag.total': 'desc' }],
      aggs: { lag: { sum: { field: 'lag.total' } } },
    });
    assert.deepEqual(
      found.hits.hits.map((h) => h._source?.kafka.group),
      ['payments', 'search'],
    );
    const sum = found.aggregations?.lag as { value: number } | undefined;
    assert.equal(sum?.value, 162);
    const count = await client.count({ index });
    assert.equal(count.count, docs.length);
  });
});
