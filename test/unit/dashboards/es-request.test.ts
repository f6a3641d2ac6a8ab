// The translation of a Grafana Elasticsearch target into the request Grafana sends, and of
// the answer back into rows, checked on hand-written cases (the integration test relies on it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  interpolateLucene,
  luceneValue,
  msearchBody,
  searchBody,
  termsVariableBody,
} from './es-request.js';
import type { EsTarget, RequestContext } from './es-request.js';
import { rowsOf } from './es-response.js';

const ctx: RequestContext = {
  timeField: '@timestamp',
  fromMs: 1000,
  toMs: 61_000,
  intervalMs: 30_000,
  variables: { cluster: ['a', 'b-2'], group: 'pay ments' },
};

const target: EsTarget = {
  refId: 'A',
  query: 'event.dataset:lagwatch.group AND lagwatch.cluster:$cluster',
  metrics: [
    { id: '1', type: 'max', field: 'lagwatch.lag.total' },
    { id: '5', type: 'count' },
  ],
  bucketAggs: [
    {
      id: '2',
      type: 'terms',
      field: 'kafka.consumergroup.id',
      settings: { size: '10', order: 'desc', orderBy: '1', min_doc_count: '1' },
    },
    { id: '3', type: 'terms', field: 'lagwatch.cluster', settings: { size: '0', missing: '-' } },
    {
      id: '4',
      type: 'date_histogram',
      field: '@timestamp',
      settings: { interval: 'auto', min_doc_count: '0' },
    },
  ],
};

describe("Grafana's Elasticsearch request, as the integration test sends it", () => {
  test('variables in Lucene: one value escaped, several quoted and joined with OR', () => {
    assert.equal(luceneValue('pay ments'), 'pay\\ ments');
    assert.equal(luceneValue(['a', 'b-2']), '("a" OR "b\\-2")');
    assert.equal(interpolateLucene('g:$group', ctx.variables), 'g:pay\\ ments');
    assert.throws(() => interpolateLucene('x:$clustr', ctx.variables), /\$clustr/);
  });

  test('a metric target: range and query_string filters, nested buckets, metrics innermost', () => {
    assert.deepEqual(searchBody(target, ctx), {
      size: 0,
      query: {
        bool: {
          filter: [
            { range: { '@timestamp': { gte: 1000, lte: 61_000, format: 'epoch_millis' } } },
            {
              query_string: {
                analyze_wildcard: true,
                query: 'event.dataset:lagwatch.group AND lagwatch.cluster:("a" OR "b\\-2")',
              },
            },
          ],
        },
      },
      aggs: {
        '2': {
          terms: {
            field: 'kafka.consumergroup.id',
            size: 10,
            order: { '1': 'desc' },
            min_doc_count: 1,
          },
          aggs: {
            // Ordered by metric 1: Grafana puts that metric inside the terms too.
            '1': { max: { field: 'lagwatch.lag.total' } },
            '3': {
              terms: { field: 'lagwatch.cluster', size: 500, missing: '-' },
              aggs: {
                '4': {
                  date_histogram: {
                    field: '@timestamp',
                    fixed_interval: '30000ms',
                    min_doc_count: 0,
                    extended_bounds: { min: 1000, max: 61_000 },
                    format: 'epoch_millis',
                  },
                  aggs: { '1': { max: { field: 'lagwatch.lag.total' } } },
                },
              },
            },
          },
        },
      },
    });
  });

  test('a terms variable: 500 terms by key over the time range; _msearch NDJSON', () => {
    const body = termsVariableBody(
      { find: 'terms', field: 'lagwatch.cluster', query: 'event.dataset:lagwatch.cluster' },
      ctx,
    );
    assert.deepEqual(body.aggs, {
      '1': { terms: { field: 'lagwatch.cluster', size: 500, order: { _key: 'asc' } } },
    });
    const lines = msearchBody('lagwatch*', [body]).split('\n');
    assert.deepEqual(JSON.parse(lines[0]!), {
      search_type: 'query_then_fetch',
      ignore_unavailable: true,
      index: 'lagwatch*',
    });
    assert.deepEqual(JSON.parse(lines[1]!), body);
    assert.equal(lines[2], '');
  });

  test('X-Pack aggregations and unknown bucket types are refused, not guessed', () => {
    const bad = (metrics: EsTarget['metrics'], type = 'terms'): EsTarget => ({
      ...target,
      metrics,
      bucketAggs: [{ id: '2', type, field: 'x' }],
    });
    assert.throws(() => searchBody(bad([{ id: '1', type: 'top_metrics' }]), ctx), /top_metrics/);
    assert.throws(() => searchBody(bad([], 'geohash_grid'), ctx), /geohash_grid/);
    assert.throws(() => searchBody({ ...target, bucketAggs: [] }, ctx), /no bucket/);
  });

  test('the answer as rows: outer keys as labels (dates by key_as_string), metric values', () => {
    const rows = rowsOf(target, {
      '2': {
        buckets: [
          {
            key: 'g1',
            '3': {
              buckets: [
                {
                  key: 'a',
                  '4': {
                    buckets: [
                      { key: 1000, key_as_string: '1000', doc_count: 2, '1': { value: 7 } },
                      { key: 31_000, key_as_string: '31000', doc_count: 0, '1': { value: null } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    });
    assert.deepEqual(rows, [
      {
        labels: { 'kafka.consumergroup.id': 'g1', 'lagwatch.cluster': 'a', '@timestamp': '1000' },
        values: { 'max lagwatch.lag.total': 7, count: 2 },
      },
      {
        labels: { 'kafka.consumergroup.id': 'g1', 'lagwatch.cluster': 'a', '@timestamp': '31000' },
        values: { 'max lagwatch.lag.total': null, count: 0 },
      },
    ]);
  });
});
