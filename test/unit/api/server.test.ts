// The API on a real socket (listen on port 0, loopback): requests over HTTP, what Node's
// parser refuses (garbage, oversized headers) answered with JSON 4xx, slow clients cut off
// after the request timeout, a port in use refused at start, and an orderly close.
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import { ADMIN_TOKEN, apiOptionsOf, fixture, testConfig } from './fixtures.js';

const TIMEOUT_MS = 400;

function start(listen = '127.0.0.1:0'): Promise<RunningApi> {
  const f = fixture({
    config: testConfig(`{ listen: '${listen}', requestTimeoutMs: ${TIMEOUT_MS} }`),
  });
  return startApi(apiOptionsOf(f));
}

/** Sends raw bytes; resolves with everything the server wrote and when it closed. */
function raw(
  url: string,
  chunks: readonly string[],
  gapMs = 0,
): Promise<{ text: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), hostname);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
    });
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    socket.on('connect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk);
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        }
      })();
    });
  });
}

function statusAndBody(text: string): { status: number; body: string } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

describe('the API on a real socket', () => {
  let api: RunningApi;
  before(async () => {
    api = await start();
  });
  after(() => api.close());

  test('listens on loopback on the port it was given (0: any) and answers', async () => {
    assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${api.url}/v3/kafka`);
    assert.equal(r.status, 200);
    assert.deepEqual(((await r.json()) as { clusters: string[] }).clusters, ['a', 'b']);
    const lag = await fetch(
      `${api.url}/v3/kafka/a/consumer/${encodeURIComponent('slash/team a')}/lag`,
    );
    assert.equal(lag.status, 200);
  });

  test('garbage instead of HTTP: 400 JSON, connection closed', async () => {
    const { text } = await raw(api.url, ['GARBAGE \u0001\u0002\r\n\r\n']);
    const { status, body } = statusAndBody(text);
    assert.equal(status, 400);
    assert.equal((JSON.parse(body) as { statusCode: number }).statusCode, 400);
  });

  test('a space in the path: 400 JSON', async () => {
    const { text } = await raw(api.url, [
      'GET /v3/kafka/a/consumer/a b/lag HTTP/1.1\r\nHost: x\r\n\r\n',
    ]);
    assert.equal(statusAndBody(text).status, 400);
  });

  test('headers over 16 KiB: 431 JSON', async () => {
    const { text } = await raw(api.url, [
      `GET /v3/kafka HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    ]);
    const { status, body } = statusAndBody(text);
    assert.equal(status, 431);
    assert.equal(typeof (JSON.parse(body) as { message: string }).message, 'string');
  });

  test('a request target over 8 KiB: 414 JSON', async () => {
    const r = await fetch(`${api.url}/v3/kafka/a/consumer/${'p'.repeat(9000)}/status`);
    assert.equal(r.status, 414);
    assert.equal(((await r.json()) as { error: boolean }).error, true);
  });

  test('a client that sends its request too slowly is cut off (408) after the request timeout', async () => {
    const header = 'GET /v3/kafka HTTP/1.1\r\nHost: x\r\n'.split('');
    const { text, closedAfterMs } = await raw(api.url, header, 100); // ~3.5 s to send it all
    assert.ok(closedAfterMs < TIMEOUT_MS + 2000, `closed after ${closedAfterMs} ms`);
    assert.equal(statusAndBody(text).status, 408, text.slice(0, 100));
  });

  test('an idle connection that sends nothing is answered 408 and closed', async () => {
    const { text, closedAfterMs } = await raw(api.url, []);
    assert.ok(closedAfterMs < TIMEOUT_MS + 2000, `closed after ${closedAfterMs} ms`);
    assert.equal(statusAndBody(text).status, 408, text.slice(0, 100));
  });

  test('the DELETE needs the token over HTTP too', async () => {
    const url = `${api.url}/v3/kafka/a/consumer/billing`;
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 403);
    const ok = await fetch(url, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(ok.status, 200);
  });
});

describe('starting and stopping', () => {
  test('a port in use: startApi rejects with the reason', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await assert.rejects(start(`127.0.0.1:${port}`), /EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('close() stops listening, and twice is fine', async () => {
    const api = await start();
    await api.close();
    await api.close();
    await assert.rejects(fetch(`${api.url}/healthz`));
  });
});
