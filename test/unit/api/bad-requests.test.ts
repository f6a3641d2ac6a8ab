// Bad input never crashes the API and never gets a 5xx: a few hundred generated requests
// (odd paths and encodings, huge paths, wrong methods, odd headers and bodies), each
// answered with a status below 500 and, for errors, a JSON body; and over a real socket,
// with requests cut short, bodies that never come, CONNECT and garbage among them, every
// connection gets an answer before it is closed. LAGWATCH_BAD_REQUESTS=8000 runs more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningApi } from '../../../src/api/server.js';
import { bearer, fixture } from './fixtures.js';
import { eachLimited, sendRaw, startTestApi, type RawAnswer } from './raw-http.js';
import { seededRandom } from '../../helpers/seeded-random.js';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

const segments = [
  'v3',
  'kafka',
  'a',
  'b',
  'zz',
  'consumer',
  'topic',
  'status',
  'lag',
  'billing',
  'slash%2Fteam%20a',
  'orders',
  'config',
  'admin',
  'loglevel',
  'burrow',
  'metrics',
  '',
  '.',
  '..',
  '%',
  '%zz',
  '%00',
  '%E0%A4%A',
  '%C0%AF',
  '%2e%2e',
  '%252F',
  '%FF%FE',
  '\u00e9t\u00e9',
  '%F0%9F%98%80',
  ';jsessionid=1',
  'a:b',
  '~',
  '*',
  '$',
  '@',
  '!',
  "'",
  '(x)',
  'x'.repeat(300),
  'y'.repeat(5000),
  'V3',
  'KAFKA',
];
const methods: Method[] = [
  'GET',
  'GET',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
];
const bodies = [
  '',
  '{',
  '{"level":',
  'null',
  '[]',
  '{"level":"debug"}',
  '\u0000\u0001\u0002',
  'x'.repeat(70_000),
];
const contentTypes = [
  undefined,
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  '\u00ff/\u00ff',
];

function generate(rand: () => number, n: number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const out: { method: Method; url: string; body?: string; headers: Record<string, string> }[] = [];
  for (let i = 0; i < n; i++) {
    const depth = 1 + Math.floor(rand() * 7);
    const parts = Array.from({ length: depth }, () => pick(segments));
    // Half the paths start as real ones do.
    const prefix = rand() < 0.5 ? '/v3/kafka/' : '/';
    let url = prefix + parts.join('/');
    if (rand() < 0.2) url += '/';
    if (rand() < 0.2)
      url += `?${pick(['status=ERR', 'status=', 'status=%zz', 'a=1&a=2', '&&', '=', 'status[]=x'])}`;
    if (rand() < 0.03) url = `/v3/kafka/a/consumer/${'z'.repeat(10_000)}/lag`;
    const method = pick(methods);
    const headers: Record<string, string> = {};
    const contentType = pick(contentTypes);
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (rand() < 0.3)
      headers.authorization = pick([
        bearer().authorization!,
        'Bearer',
        'Bearer  ',
        'x'.repeat(9000),
      ]);
    const body = method === 'GET' || method === 'HEAD' ? undefined : pick(bodies);
    out.push({ method, url, headers, ...(body === undefined ? {} : { body }) });
  }
  return out;
}

describe('bad requests', () => {
  test('400 generated requests: never a 5xx, errors always JSON', async () => {
    const f = fixture();
    const requests = generate(seededRandom(20240611), 400);
    const codes = new Map<number, number>();
    for (const r of requests) {
      const res = await f.app.inject({
        method: r.method,
        url: r.url,
        headers: r.headers,
        ...(r.body === undefined ? {} : { payload: r.body }),
      });
      const what = `${r.method} ${r.url.slice(0, 120)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
      codes.set(res.statusCode, (codes.get(res.statusCode) ?? 0) + 1);
      assert.ok(res.statusCode < 500, what);
      if (res.statusCode >= 400 && r.method !== 'HEAD') {
        assert.match(String(res.headers['content-type']), /^application\/json/, what);
        const body = JSON.parse(res.body) as { error?: unknown; message?: unknown };
        assert.equal(typeof body.message, 'string', what);
        assert.equal(typeof body.error, 'boolean', what);
      }
    }
    // The generator reaches the answers it is meant to.
    for (const code of [400, 404, 405, 413, 414])
      assert.ok(codes.has(code), `some ${code}: ${JSON.stringify([...codes])}`);
    // The state is untouched by it all (DELETEs without the token were refused).
    const list = await f.app.inject({ url: '/v3/kafka/a/consumer' });
    assert.equal(list.json<{ consumers: string[] }>().consumers.length >= 3, true);
  });

  test('specific cases: malformed encoding 400, huge target 414, unknown path 404, wrong method 405', async () => {
    const f = fixture();
    const cases: [Method, string, number][] = [
      ['GET', '/v3/kafka/a/consumer/%E0%A4%A/lag', 400],
      ['GET', '/v3/kafka/a/consumer/%zz', 400],
      ['GET', `/v3/kafka/a/consumer/${'g'.repeat(5000)}/lag`, 414],
      ['GET', `/v3/kafka?${'q'.repeat(9000)}`, 414],
      ['GET', '/v3/kafka/a/consumer//lag', 404],
      ['GET', '/v3/kafka/a/consumer/billing/lag/more', 404],
      ['GET', '/V3/KAFKA', 404],
      ['GET', '/index.html', 404],
      ['POST', '/v3/kafka', 405],
      ['PUT', '/v3/kafka/a/consumer/billing', 405],
      ['PATCH', '/metrics', 405],
      ['DELETE', '/v3/kafka/a/consumer/billing/lag', 405],
      ['GET', '/v3/kafka/a/consumer/billing/topic/orders', 405],
      ['DELETE', '/v3/kafka/a/topic/orders', 405],
    ];
    for (const [method, url, code] of cases) {
      const r = await f.app.inject({ method, url });
      assert.equal(r.statusCode, code, `${method} ${url.slice(0, 60)}: ${r.body.slice(0, 200)}`);
      const body = r.json<{ error: boolean }>();
      assert.equal(body.error, true);
    }
    const wrong = await f.app.inject({ method: 'POST', url: '/v3/kafka/a/consumer' });
    assert.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS');
    const del = await f.app.inject({ method: 'PUT', url: '/v3/kafka/a/consumer/billing' });
    assert.equal(del.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  });

  test("unknown paths get Burrow's literal body", async () => {
    const r = await fixture().app.inject({ url: '/v2/kafka' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.body, '{"error":true,"message":"invalid request type","result":{}}\n');
  });

  test('OPTIONS answers 204 with Allow; HEAD answers as GET without a body; a trailing slash is ignored', async () => {
    const f = fixture();
    const options = await f.app.inject({ method: 'OPTIONS', url: '/v3/admin/loglevel' });
    assert.equal(options.statusCode, 204);
    assert.equal(options.headers.allow, 'GET, POST, HEAD, OPTIONS');
    const head = await f.app.inject({ method: 'HEAD', url: '/v3/kafka' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    const slash = await f.app.inject({ url: '/v3/kafka/a/consumer/' });
    assert.equal(slash.statusCode, 200);
    assert.equal(slash.json<{ request: { url: string } }>().request.url, '/v3/kafka/a/consumer');
  });
});

/** How many requests the socket run sends; 8,000 is the full run. */
const SOCKET_REQUESTS = Number(process.env.LAGWATCH_BAD_REQUESTS ?? 400);
const SOCKET_TIMEOUT_MS = 300;

type RawKind = 'whole' | 'cut' | 'body never comes' | 'connect' | 'upgrade' | 'garbage';

/** The generated requests as bytes, some of them spoilt on the way. */
function rawRequests(
  rand: () => number,
  n: number,
): { kind: RawKind; head: boolean; bytes: Buffer; what: string }[] {
  return generate(rand, n).map((r) => {
    const roll = rand();
    const head = [`${r.method} ${r.url} HTTP/1.1`, 'Host: lagwatch', 'Connection: close'];
    for (const [name, value] of Object.entries(r.headers)) head.push(`${name}: ${value}`);
    const body = Buffer.from(r.body ?? '', 'utf8');
    let kind: RawKind = 'whole';
    let declared = body.length;
    if (roll < 0.08) kind = 'body never comes';
    else if (roll < 0.12) kind = 'connect';
    else if (roll < 0.15) kind = 'upgrade';
    else if (roll < 0.18) kind = 'garbage';
    else if (roll < 0.3) kind = 'cut';
    if (kind === 'body never comes') declared = body.length + 1 + Math.floor(rand() * 100);
    if (kind === 'upgrade') head.push('Connection: Upgrade', 'Upgrade: websocket');
    if (declared > 0 || r.method === 'POST') head.push(`Content-Length: ${declared}`);
    let bytes = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
    if (kind === 'connect')
      bytes = Buffer.from(
        'CONNECT lagwatch.example:443 HTTP/1.1\r\nHost: lagwatch.example:443\r\n\r\n',
      );
    if (kind === 'garbage')
      bytes = Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256)));
    if (kind === 'cut') bytes = bytes.subarray(0, Math.floor(rand() * Math.min(bytes.length, 400)));
    return {
      kind,
      head: r.method === 'HEAD' && kind !== 'connect' && kind !== 'garbage',
      bytes,
      what: `${kind}: ${JSON.stringify(bytes.subarray(0, 100).toString('latin1'))}`,
    };
  });
}

describe('bad requests over a real socket', () => {
  let api: RunningApi;
  before(async () => {
    api = await startTestApi(SOCKET_TIMEOUT_MS);
  });
  after(() => api.close());

  const answerOf = async (request: string): Promise<RawAnswer> => sendRaw(api.url, request);

  test('nothing sent at all: 408 JSON after the request timeout', async () => {
    const r = await answerOf('');
    assert.equal(r.status, 408, r.headers);
    assert.equal((JSON.parse(r.body) as { statusCode: number }).statusCode, 408);
    assert.ok(r.closedAfterMs < SOCKET_TIMEOUT_MS + 2000, `closed after ${r.closedAfterMs} ms`);
  });

  test('headers cut short: 408 JSON', async () => {
    const r = await answerOf('GET /v3/kafka HTTP/1.1\r\nHost: x\r\n');
    assert.equal(r.status, 408, r.headers);
    assert.equal((JSON.parse(r.body) as { statusCode: number }).statusCode, 408);
  });

  test('a body shorter than its Content-Length: 408 JSON', async () => {
    const r = await answerOf(
      'POST /v3/admin/loglevel HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"le',
    );
    assert.equal(r.status, 408, r.headers);
    assert.equal((JSON.parse(r.body) as { statusCode: number }).statusCode, 408);
  });

  test('CONNECT: 405 JSON with Allow', async () => {
    const r = await answerOf('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    assert.equal(r.status, 405, r.headers);
    assert.match(r.headers, /\r\nAllow: GET, HEAD, OPTIONS\r\n/);
    const body = JSON.parse(r.body) as { error: boolean; message: string };
    assert.equal(body.error, true);
    assert.match(body.message, /CONNECT/);
  });

  test('a keep-alive connection idle after its answer is closed after the request timeout', async () => {
    const r = await answerOf('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(r.status, 200);
    assert.ok(!r.body.includes('408'), 'no unasked-for 408 after a complete exchange');
    assert.ok(r.closedAfterMs < SOCKET_TIMEOUT_MS + 2000, `closed after ${r.closedAfterMs} ms`);
  });

  test(`${SOCKET_REQUESTS} generated requests, some cut short or odd: every connection answered, never a 5xx`, async () => {
    const requests = rawRequests(seededRandom(20261130), SOCKET_REQUESTS);
    const counts = new Map<string, number>();
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    const unanswered: string[] = [];
    const serverErrors: string[] = [];
    await eachLimited(requests, 25, async (r) => {
      const answer = await sendRaw(api.url, r.bytes);
      count(`${r.kind} ${answer.status ?? 'none'}`);
      if (answer.status === null) unanswered.push(r.what);
      else if (answer.status >= 500) serverErrors.push(`${answer.status} ${r.what}`);
      else if (answer.status >= 400 && !r.head)
        assert.doesNotThrow(
          () => JSON.parse(answer.body),
          `${answer.status} ${r.what}: ${answer.body}`,
        );
    });
    const summary = [...counts]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    // One line for the record: how many of each kind got which answer.
    process.stdout.write(`# socket run: ${requests.length} connections; ${summary}\n`);
    assert.deepEqual(unanswered, [], `closed without an answer (${summary})`);
    assert.deepEqual(serverErrors, [], `5xx answers (${summary})`);
    for (const kind of ['cut', 'body never comes', 'connect', 'garbage'])
      assert.ok(
        [...counts.keys()].some((k) => k.startsWith(kind)),
        `some ${kind}: ${summary}`,
      );
  });
});
