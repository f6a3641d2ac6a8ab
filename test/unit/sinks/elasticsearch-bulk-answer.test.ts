// lagwatch's Elasticsearch clients read a bulk answer that begins `{"errors":false,` as
// just that, without its items (bulk-answer-serializer.ts); any other answer is parsed
// whole, as the library's own reader does. The tests hand it answers that are not whole
// JSON: only an answer that is not read further can come back from them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bulkAnswerSerializer,
  NO_ERRORS_PREFIX,
} from '../../../sinks/elasticsearch/bulk-answer-serializer.js';
import { createClient } from '../../../sinks/elasticsearch/es-client.js';

describe('the bulk answer reader', () => {
  const serializer = new (bulkAnswerSerializer())();

  test('an answer without errors: errors false, its items not read', () => {
    const cut = `${NO_ERRORS_PREFIX}"items":[{"index":{"status":201}},{"ind`;
    assert.deepEqual(serializer.deserialize(cut), { errors: false });
  });

  test('an answer with errors is read whole, items and all', () => {
    const answer = {
      errors: true,
      items: [{ index: { status: 201 } }, { index: { status: 429, error: { type: 'x' } } }],
    };
    assert.deepEqual(serializer.deserialize(JSON.stringify(answer)), answer);
  });

  test('other answers are read whole, and bad JSON is an error as before', () => {
    assert.deepEqual(serializer.deserialize('{"took":3,"errors":false}'), {
      took: 3,
      errors: false,
    });
    assert.deepEqual(serializer.deserialize('{"status":"green"}'), { status: 'green' });
    assert.throws(() => serializer.deserialize('{"errors":true,"items":['), {
      name: 'DeserializationError',
    });
  });

  test('the sink’s client reads answers with it', async () => {
    const client = createClient({ nodes: ['http://127.0.0.1:1'] }, {});
    assert.deepEqual(client.serializer.deserialize(`${NO_ERRORS_PREFIX}"items":[`), {
      errors: false,
    });
    await client.close();
  });
});
