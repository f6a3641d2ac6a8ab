import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bulkOutcome } from '../../../sinks/elasticsearch/bulk-outcome.js';
import { bulkBody } from '../../../sinks/elasticsearch/bulk-body.js';
import { decodeBulkItem, encodeBulkItem } from '../../../sinks/elasticsearch/bulk-item.js';
import { bulkAction } from '../../../sinks/elasticsearch/index-mode.js';
import { indexTemplate } from '../../../sinks/elasticsearch/template.js';
import { ItemPart } from '../../../sinks/delivery/item-part.js';

const ok = (op = 'index') => ({ [op]: { status: 201 } });
const failed = (status: number, type: string, reason: string, op = 'index') => ({
  [op]: { status, error: { type, reason } },
});

describe('reading a bulk response item by item', () => {
  test('no errors: every document stored', () => {
    assert.deepEqual(bulkOutcome({ errors: false }, 3, 'daily'), { kind: 'ok' });
  });

  test('a mapping conflict rejects that document only, with the reason; 429 and 5xx are sent again', () => {
    const outcome = bulkOutcome(
      {
        errors: true,
        items: [
          ok(),
          failed(400, 'document_parsing_exception', 'failed to parse field [kafka.partition.id]'),
          failed(429, 'es_rejected_execution_exception', 'queue full'),
          ok(),
          failed(503, 'unavailable_shards_exception', 'primary shard is not active'),
        ],
      },
      5,
      'daily',
    );
    assert.deepEqual(outcome, {
      kind: 'partial',
      rejected: [
        {
          index: 1,
          reason: 'document_parsing_exception: failed to parse field [kafka.partition.id]',
        },
      ],
      retry: [2, 4],
      error: '2 documents to send again: es_rejected_execution_exception: queue full',
      retryAfterMs: null,
    });
  });

  test('data-stream mode: 409 on create means the document is already there (a replay)', () => {
    const response = {
      errors: true,
      items: [ok('create'), failed(409, 'version_conflict_engine_exception', 'exists', 'create')],
    };
    assert.deepEqual(bulkOutcome(response, 2, 'data-stream'), { kind: 'ok' });
    const daily = bulkOutcome(
      { errors: true, items: [ok(), failed(409, 'version_conflict_engine_exception', 'x')] },
      2,
      'daily',
    );
    assert.equal(daily.kind, 'partial');
  });

  test('items missing from the answer are sent again', () => {
    const outcome = bulkOutcome({ errors: true, items: [ok()] }, 2, 'daily');
    assert.ok(outcome.kind === 'partial');
    assert.deepEqual(outcome.retry, [1]);
  });

  test('the reason includes what caused it', () => {
    const outcome = bulkOutcome(
      {
        errors: true,
        items: [
          {
            index: {
              status: 400,
              error: { type: 'a', reason: 'b', caused_by: { type: 'c', reason: 'd' } },
            },
          },
        ],
      },
      1,
      'daily',
    );
    assert.ok(outcome.kind === 'partial');
    assert.equal(outcome.rejected[0]?.reason, 'a: b (c: d)');
  });
});

describe('bulk requests', () => {
  const items = [
    encodeBulkItem({ index: 'lw-2026.11.26', id: 'id1', source: '{"a":1}' }),
    encodeBulkItem({ index: 'lw-2026.11.26', id: 'id2', source: '{"a":2}' }),
  ];
  /** The body as NDJSON text: each line followed by a newline, as the client's ndserialize joins lines. */
  const ndjson = (lines: string[]): string => lines.map((line) => `${line}\n`).join('');

  test('daily mode: index actions (a repeated _id overwrites)', () => {
    assert.equal(
      bulkBody(ItemPart.of(items), 'daily').toString('utf8'),
      ndjson([
        '{"index":{"_index":"lw-2026.11.26","_id":"id1"}}',
        '{"a":1}',
        '{"index":{"_index":"lw-2026.11.26","_id":"id2"}}',
        '{"a":2}',
      ]),
    );
  });

  test('data-stream mode: create actions, as data streams require', () => {
    const stream = [encodeBulkItem({ index: 'lw', id: 'id1', source: '{"a":1}' })];
    assert.equal(
      bulkBody(ItemPart.of(stream), 'data-stream').toString('utf8'),
      ndjson(['{"create":{"_index":"lw","_id":"id1"}}', '{"a":1}']),
    );
  });

  test('the bytes are the UTF-8 of the lines: non-ASCII text, indices that change, a batch past the first estimate', () => {
    const wide = '€'.repeat(500); // 3 bytes a character: more than the body was first sized for
    const batch = [
      encodeBulkItem({ index: 'lw-2026.11.26', id: 'a', source: `{"g":"${wide}"}` }),
      encodeBulkItem({ index: 'lw-2026.11.27', id: 'b', source: '{"g":"Zürich 😀"}' }),
      encodeBulkItem({ index: 'lw-2026.11.27', id: 'c"d', source: '{"g":"\\u0000"}' }),
      // An index name the byte writer does not make (the string encoder's), then back.
      encodeBulkItem({ index: 'lwä-2026.11.27', id: 'e', source: '{"g":1}' }),
      encodeBulkItem({ index: 'lw-2026.11.27', id: 'f', source: '{"g":2}' }),
      ...Array.from({ length: 200 }, (_, i) =>
        encodeBulkItem({
          index: 'lw-2026.11.26',
          id: `id${i}`,
          source: `{"n":${i},"t":"${wide}"}`,
        }),
      ),
    ];
    const lines = batch.flatMap((line) => {
      const item = decodeBulkItem(line);
      return [bulkAction('daily', item.index, item.id), item.source];
    });
    const body = bulkBody(ItemPart.of(batch), 'daily');
    assert.ok(body.equals(Buffer.from(ndjson(lines), 'utf8')));
    assert.equal(body.toString('utf8').split('\n').length, 2 * batch.length + 1);
  });

  test('an empty batch is an empty body', () => {
    assert.equal(bulkBody(ItemPart.of([]), 'daily').length, 0);
  });
});

describe('the index template', () => {
  test('daily mode: pattern <prefix>-*, the alias <prefix>, strict mappings, one shard', () => {
    const t = indexTemplate({ indexPrefix: 'lw', indexMode: 'daily' });
    assert.equal(t.name, 'lw');
    assert.deepEqual(t.index_patterns, ['lw-*']);
    assert.equal('data_stream' in t, false);
    assert.deepEqual(t.template.aliases, { lw: {} });
    assert.equal(t.template.mappings.dynamic, 'strict');
    assert.equal(t.template.settings.index.number_of_shards, 1);
    assert.equal(t.priority, 200);
  });

  test('data-stream mode: the data stream <prefix>, no alias', () => {
    const t = indexTemplate({ indexPrefix: 'lw', indexMode: 'data-stream' });
    assert.deepEqual(t.index_patterns, ['lw']);
    assert.deepEqual((t as { data_stream?: object }).data_stream, {});
    assert.equal('aliases' in t.template, false);
    assert.equal(t.template.mappings.properties['@timestamp'].type, 'date');
  });
});
