// The InfluxDB transports against a local HTTP stub that answers as told: what each
// answer becomes for delivery, and what start says about it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import { InfluxV1Transport, v1WriteUrl } from '../../../sinks/influxdb/v1-transport.js';
import { InfluxV2Transport, v2WritePath } from '../../../sinks/influxdb/v2-transport.js';
import type { Transport } from '../../../sinks/delivery/transport.js';
import { ItemPart } from '../../../sinks/delivery/item-part.js';

let server: Server;
let url = '';
let answer = { status: 204, body: '', headers: {} as Record<string, string> };
let lastBody = '';

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      lastBody = body;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transports = (): [string, Transport][] => [
  ['v1', new InfluxV1Transport({ url, database: 'lag', requestTimeoutMs: 2000 })],
  ['v2', new InfluxV2Transport({ url, org: 'o', bucket: 'b', token: 't', requestTimeoutMs: 2000 })],
];
const signal = new AbortController().signal;

describe('InfluxDB transports', () => {
  test('urls: v1 with db, rp and ms precision; v2 with org, bucket and ms precision', () => {
    assert.equal(
      v1WriteUrl({
        url: 'http://h:8086/influx',
        database: 'lag db',
        retentionPolicy: 'week',
        requestTimeoutMs: 1,
      }),
      'http://h:8086/influx/write?db=lag+db&rp=week&precision=ms',
    );
    assert.equal(
      v2WritePath({ org: 'my org', bucket: 'b/1' }),
      '/api/v2/write?org=my+org&bucket=b%2F1&precision=ms',
    );
  });

  test('the lines are sent as one body, one point a line', async () => {
    answer = { status: 204, body: '', headers: {} };
    for (const [api, transport] of transports()) {
      assert.deepEqual(
        await transport.send(ItemPart.of(['m a=1i 1', 'm a=2i 2']), signal),
        { kind: 'ok' },
        api,
      );
      assert.equal(lastBody, 'm a=1i 1\nm a=2i 2\n', 'a newline after each point');
    }
  });

  test('429 with Retry-After: retry after what the server says', async () => {
    answer = { status: 429, body: '{"message":"slow down"}', headers: { 'retry-after': '3' } };
    for (const [api, transport] of transports()) {
      const outcome = await transport.send(ItemPart.of(['m a=1i 1']), signal);
      assert.equal(outcome.kind, 'retryable', api);
      assert.ok(outcome.kind === 'retryable');
      assert.equal(outcome.retryAfterMs, 3000, api);
      assert.equal(outcome.blocked, false);
    }
  });

  test('400 (a field type conflict, a parse error): the content is refused', async () => {
    answer = { status: 400, body: '{"error":"partial write: field type conflict"}', headers: {} };
    for (const [api, transport] of transports()) {
      const outcome = await transport.send(ItemPart.of(['m a=1i 1']), signal);
      assert.equal(outcome.kind, 'failed', api);
      assert.ok(outcome.kind === 'failed');
      assert.match(outcome.error, /HTTP 400: .*field type conflict/);
    }
  });

  test('start: a bad token or password is a failure that names the target', async () => {
    answer = { status: 401, body: '{"message":"unauthorized access"}', headers: {} };
    const [[, v1], [, v2]] = transports() as [[string, Transport], [string, Transport]];
    assert.deepEqual(await v1.check(signal), {
      kind: 'failed',
      code: ErrorCode.SINK_UNAUTHORIZED,
      error: 'credentials refused for database "lag" (HTTP 401: {"message":"unauthorized access"})',
    });
    assert.deepEqual(await v2.check(signal), {
      kind: 'failed',
      code: ErrorCode.SINK_UNAUTHORIZED,
      error:
        'the token may not write to org "o", bucket "b" (HTTP 401: {"message":"unauthorized access"})',
    });
  });

  test('start: a missing bucket or database is a failure that names it', async () => {
    answer = { status: 404, body: '{"message":"bucket \\"b\\" not found"}', headers: {} };
    const [[, v1], [, v2]] = transports() as [[string, Transport], [string, Transport]];
    const one = await v1.check(signal);
    const two = await v2.check(signal);
    assert.ok(one.kind === 'failed' && two.kind === 'failed');
    assert.equal(one.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(one.error, /^database "lag" not found/);
    assert.equal(two.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(two.error, /^org "o", bucket "b" not found/);
  });

  test('a server that does not answer in time: retryable, said so', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const v1 = new InfluxV1Transport({ url: silentUrl, database: 'lag', requestTimeoutMs: 100 });
      const outcome = await v1.send(ItemPart.of(['m a=1i 1']), signal);
      assert.deepEqual(outcome, {
        kind: 'retryable',
        code: ErrorCode.SINK_UNREACHABLE,
        error: 'no answer before the request timeout',
        retryAfterMs: null,
        blocked: false,
      });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
