import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { clientOptions } from '../../../sinks/elasticsearch/es-client.js';

describe('Elasticsearch client options', () => {
  test("the client's own retries are off (the delivery retries) and requests time out", () => {
    const options = clientOptions({ nodes: ['http://a:9200', 'http://b:9200'] }, {});
    assert.deepEqual(options.nodes, ['http://a:9200', 'http://b:9200']);
    assert.equal(options.maxRetries, 0);
    assert.equal(options.requestTimeout, 30_000);
    assert.equal(options.auth, undefined);
  });

  test('username and password, or an API key', () => {
    assert.deepEqual(
      clientOptions({ nodes: ['http://a'], username: 'lw' }, { password: 'pw' }).auth,
      {
        username: 'lw',
        password: 'pw',
      },
    );
    assert.deepEqual(clientOptions({ nodes: ['http://a'] }, { apiKey: 'key' }).auth, {
      apiKey: 'key',
    });
  });

  test('a private CA from caFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-ca-'));
    try {
      const file = join(dir, 'ca.pem');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
      const tls = clientOptions({ nodes: ['https://a'], caFile: file }, {}).tls;
      assert.match(String(tls?.ca), /BEGIN CERTIFICATE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
