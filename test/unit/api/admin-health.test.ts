// /burrow/admin, /burrow/admin/ready, /v3/admin/loglevel, /healthz and /readyz.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { checkEnvelope } from './burrow-shapes.js';
import { MINUTE, T0, bearer, fixture, sinkHealth, tickOfA, unavailableTick } from './fixtures.js';

type Body = Record<string, unknown>;

/** A logger whose lines are kept, at `level`. */
function capturingLogger(level: string) {
  const lines: Body[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Body);
      done();
    },
  });
  return { logger: pino({ level }, out), lines };
}

describe('Burrow admin endpoints', () => {
  test('/burrow/admin answers GOOD as plain text', async () => {
    const r = await fixture().app.inject({ url: '/burrow/admin' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, 'GOOD');
    assert.match(String(r.headers['content-type']), /^text\/plain/);
  });

  test('/burrow/admin/ready: 503 STARTING until every cluster is sampled, then 200 READY', async () => {
    const f = fixture();
    let r = await f.app.inject({ url: '/burrow/admin/ready' });
    assert.equal(r.statusCode, 503);
    assert.equal(r.body, 'STARTING');
    f.tick({ ...tickOfA(0), cluster: 'b' });
    r = await f.app.inject({ url: '/burrow/admin/ready' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, 'READY');
  });

  test('GET /v3/admin/loglevel returns the level', async () => {
    const { logger } = capturingLogger('info');
    const r = await fixture({ logger }).app.inject({ url: '/v3/admin/loglevel' });
    assert.equal(r.statusCode, 200);
    checkEnvelope(
      'loglevel',
      r.json(),
      { level: ['string'] },
      {
        error: false,
        message: 'log level returned',
        url: '/v3/admin/loglevel',
      },
    );
    assert.equal(r.json<Body>().level, 'info');
  });

  test("POST sets the root logger's level; children (requests, clusters, sinks) follow", async () => {
    const { logger, lines } = capturingLogger('info');
    const child = logger.child({ sink: 'influx' });
    const f = fixture({ logger });
    child.debug('before');
    const cases: [string, string][] = [
      ['debug', 'debug'],
      ['TRACE', 'trace'],
      ['warning', 'warn'],
      ['Error', 'error'],
      ['fatal', 'fatal'],
      ['info', 'info'],
      ['debug', 'debug'],
    ];
    for (const [sent, level] of cases) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/v3/admin/loglevel',
        payload: JSON.stringify({ level: sent }),
        headers: { ...bearer(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(r.statusCode, 200, sent);
      checkEnvelope(
        'set',
        r.json(),
        {},
        {
          error: false,
          message: 'set log level',
          url: '/v3/admin/loglevel',
        },
      );
      assert.equal(logger.level, level);
      assert.equal((await f.app.inject({ url: '/v3/admin/loglevel' })).json<Body>().level, level);
    }
    child.debug('after');
    assert.ok(!lines.some((l) => l.msg === 'before'));
    assert.ok(lines.some((l) => l.msg === 'after' && l.sink === 'influx'));
    assert.ok(
      lines.some((l) => l.msg === 'request' && l.component === 'api' && l.statusCode === 200),
      'requests are logged through the api child logger',
    );
  });

  test('POST with a body that is not a JSON object: 400; with an unknown level: 404', async () => {
    const f = fixture();
    const post = (payload: string) =>
      f.app.inject({ method: 'POST', url: '/v3/admin/loglevel', payload, headers: bearer() });
    for (const payload of ['', 'debug', '{"level":', '[]', '"debug"', '{"level":3}', '7']) {
      const r = await post(payload);
      assert.equal(r.statusCode, 400, payload);
      assert.equal(r.json<Body>().message, 'could not decode message body');
      assert.equal(r.json<Body>().error, true);
    }
    for (const payload of [
      '{}',
      'null',
      '{"level":"verbose"}',
      '{"level":""}',
      '{"lvl":"debug"}',
    ]) {
      const r = await post(payload);
      assert.equal(r.statusCode, 404, payload);
      assert.equal(r.json<Body>().message, 'unknown log level');
    }
  });

  test("POST with a name of Object.prototype's (constructor, __proto__, toString): 404, level unchanged", async () => {
    const { logger } = capturingLogger('info');
    const f = fixture({ logger });
    for (const level of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/v3/admin/loglevel',
        payload: JSON.stringify({ level }),
        headers: bearer(),
      });
      assert.equal(r.statusCode, 404, `${level}: ${r.body}`);
      assert.equal(r.json<Body>().message, 'unknown log level');
      assert.equal(logger.level, 'info');
    }
  });

  test('POST needs the admin token (403 otherwise) and leaves the level alone', async () => {
    const { logger } = capturingLogger('info');
    for (const f of [fixture({ logger }), fixture({ logger, adminToken: null })]) {
      const r = await f.app.inject({
        method: 'POST',
        url: '/v3/admin/loglevel',
        payload: '{"level":"debug"}',
        headers: bearer('nope'),
      });
      assert.equal(r.statusCode, 403);
      assert.equal(logger.level, 'info');
    }
  });

  test('a body over the limit: 413 JSON', async () => {
    const r = await fixture().app.inject({
      method: 'POST',
      url: '/v3/admin/loglevel',
      payload: `{"level":"${'x'.repeat(100_000)}"}`,
      headers: { ...bearer(), 'content-type': 'application/json' },
    });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json<Body>().error, true);
  });
});

describe('health', () => {
  test('/healthz: the process answers', async () => {
    const r = await fixture().app.inject({ url: '/healthz' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json<Body>().status, 'ok');
  });

  test('/readyz: 503 naming the cluster not sampled yet, then 200', async () => {
    const f = fixture();
    let r = await f.app.inject({ url: '/readyz' });
    assert.equal(r.statusCode, 503);
    assert.deepEqual(r.json<Body>().notReady, ['cluster b: not sampled yet']);
    f.tick(unavailableTick('b', T0));
    r = await f.app.inject({ url: '/readyz' });
    assert.deepEqual(r.json<Body>().notReady, [
      'cluster b: not sampled yet (CLUSTER_UNAVAILABLE: connection refused)',
    ]);
    f.tick({ ...tickOfA(0), cluster: 'b', takenAt: T0 + MINUTE });
    r = await f.app.inject({ url: '/readyz' });
    assert.equal(r.statusCode, 200);
    const body = r.json<{ ready: boolean; clusters: Body[]; sinks: Body[]; notReady: string[] }>();
    assert.equal(body.ready, true);
    assert.deepEqual(body.notReady, []);
    assert.deepEqual(
      body.clusters.map((c) => [c.cluster, c.ready, c.available]),
      [
        ['a', true, true],
        ['b', true, true],
      ],
    );
    // Sampled once is enough: a cluster unreachable later stays ready (and says so).
    f.tick(unavailableTick('b', T0 + 2 * MINUTE));
    r = await f.app.inject({ url: '/readyz' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json<{ clusters: Body[] }>().clusters[1]!.available, false);
  });

  test('/readyz: a spooling sink is ready, a down one is not and is named', async () => {
    const f = fixture();
    f.tick({ ...tickOfA(0), cluster: 'b' });
    f.sinks[0] = sinkHealth('influx', { healthy: false, state: 'spooling' });
    assert.equal((await f.app.inject({ url: '/readyz' })).statusCode, 200);
    f.sinks[0] = sinkHealth('influx', {
      healthy: false,
      state: 'down',
      lastError: '401 unauthorized',
    });
    const r = await f.app.inject({ url: '/readyz' });
    assert.equal(r.statusCode, 503);
    assert.deepEqual(r.json<Body>().notReady, ['sink influx: down (401 unauthorized)']);
    assert.deepEqual(r.json<{ sinks: Body[] }>().sinks[0], {
      sink: 'influx',
      ready: false,
      state: 'down',
      lastError: '401 unauthorized',
    });
  });
});
