// Burrow's /v3/kafka endpoints on a hand-built state (fixtures.ts): shapes key by key, the
// numbers the ticks produced, messages and codes, and lagwatch's additions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  STRING_LIST,
  checkConsumerTopics,
  checkEnvelope,
  checkGroupStatus,
  checkStrings,
} from './burrow-shapes.js';
import { HOST, MINUTE, T0, fixture, tickOfA, unavailableTick } from './fixtures.js';

type Body = Record<string, unknown>;

async function get(f: ReturnType<typeof fixture>, url: string) {
  const r = await f.app.inject({ method: 'GET', url });
  assert.match(String(r.headers['content-type']), /^application\/json/, `${url}: JSON`);
  return { code: r.statusCode, body: r.json<Body>() };
}

describe('GET /v3/kafka...', () => {
  const f = fixture();

  test('cluster list: every configured cluster, sorted, sampled or not', async () => {
    const { code, body } = await get(f, '/v3/kafka');
    assert.equal(code, 200);
    checkEnvelope('cluster list', body, STRING_LIST('clusters'), {
      error: false,
      message: 'cluster list returned',
      url: '/v3/kafka',
    });
    assert.deepEqual(body.clusters, ['a', 'b']);
    assert.deepEqual(body.request, { url: '/v3/kafka', host: HOST });
  });

  test('topic list and topic offsets (log end per partition, in partition order)', async () => {
    const list = await get(f, '/v3/kafka/a/topic');
    assert.equal(list.code, 200);
    checkEnvelope('topic list', list.body, STRING_LIST('topics'), {
      error: false,
      message: 'topic list returned',
      url: '/v3/kafka/a/topic',
    });
    assert.deepEqual(list.body.topics, ['idle', 'orders', 'payments']);

    const orders = await get(f, '/v3/kafka/a/topic/orders');
    assert.equal(orders.code, 200);
    checkEnvelope('topic detail', orders.body, STRING_LIST('offsets'), {
      error: false,
      message: 'topic offsets returned',
      url: '/v3/kafka/a/topic/orders',
    });
    assert.deepEqual(orders.body.offsets, [1300, 500, 40]);
    // A partition whose log end is unknown is left out, as Burrow does.
    assert.deepEqual((await get(f, '/v3/kafka/a/topic/idle')).body.offsets, []);
  });

  test('a never-sampled cluster has empty lists, not 404', async () => {
    assert.deepEqual((await get(f, '/v3/kafka/b/topic')).body.topics, []);
    assert.deepEqual((await get(f, '/v3/kafka/b/consumer')).body.consumers, []);
    assert.deepEqual((await get(f, '/v3/kafka/b/topic/x/consumers')).body.consumers, []);
  });

  test('consumers of a topic; of an unknown topic: an empty list (Burrow: 404 only for the cluster)', async () => {
    const r = await get(f, '/v3/kafka/a/topic/orders/consumers');
    checkEnvelope('topic consumers', r.body, STRING_LIST('consumers'), {
      error: false,
      message: 'consumers of topic returned',
      url: '/v3/kafka/a/topic/orders/consumers',
    });
    assert.deepEqual(r.body.consumers, ['billing', 'stalled']);
    assert.deepEqual((await get(f, '/v3/kafka/a/topic/payments/consumers')).body.consumers, [
      'slash/team a',
      'sleepy',
    ]);
    const unknown = await get(f, '/v3/kafka/a/topic/nope/consumers');
    assert.equal(unknown.code, 200);
    assert.deepEqual(unknown.body.consumers, []);
  });

  test('consumer list: sorted by code unit, group names as they are', async () => {
    const r = await get(f, '/v3/kafka/a/consumer');
    checkEnvelope('consumer list', r.body, STRING_LIST('consumers'), {
      error: false,
      message: 'consumer list returned',
      url: '/v3/kafka/a/consumer',
    });
    assert.deepEqual(checkStrings('consumers', r.body.consumers), [
      'billing',
      'slash/team a',
      'sleepy',
      'stalled',
    ]);
  });

  test('consumer list, byte for byte: the list kept as bytes, `request` per request, new list after a change', async () => {
    const g = fixture();
    const expected = (url: string, groups: readonly string[]): string =>
      `{"error":false,"message":"consumer list returned","consumers":${JSON.stringify(groups)},` +
      `"request":${JSON.stringify({ url, host: HOST })}}`;
    const ask = async (url: string) => {
      const r = await g.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(r.headers['content-length'], String(r.rawPayload.length));
      return r.body;
    };
    const all = ['billing', 'slash/team a', 'sleepy', 'stalled'];
    assert.equal(await ask('/v3/kafka/a/consumer'), expected('/v3/kafka/a/consumer', all));
    // The same kept list, another request: its own url (no query string, as Burrow's).
    assert.equal(
      await ask('/v3/kafka/a/consumer?status=ok'),
      expected('/v3/kafka/a/consumer', all),
    );
    assert.equal(await ask('/v3/kafka/b/consumer'), expected('/v3/kafka/b/consumer', []));
    g.tick(tickOfA(4, ['sleepy']));
    assert.equal(
      await ask('/v3/kafka/a/consumer'),
      expected('/v3/kafka/a/consumer', ['billing', 'slash/team a', 'stalled']),
    );
  });

  test('consumer list: gzipped for a client that accepts gzip, once past 1 KB', async () => {
    const g = fixture();
    const tick = tickOfA(4);
    const many = Array.from({ length: 100 }, (_, i) => ({
      ...tick.groups[0]!,
      group: `billing-${String(i).padStart(3, '0')}`,
    }));
    g.tick({ ...tick, groups: [...tick.groups, ...many] });
    const url = '/v3/kafka/a/consumer';
    const plain = await g.app.inject({ method: 'GET', url });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'accept-encoding');
    assert.equal((JSON.parse(plain.body) as { consumers: string[] }).consumers.length, 104);
    const gzipped = await g.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(gzipped.statusCode, 200);
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(gzipped.headers['content-length'], String(gzipped.rawPayload.length));
    assert.equal(gunzipSync(gzipped.rawPayload).toString(), plain.body);
    assert.ok(gzipped.rawPayload.length < plain.rawPayload.length / 3);
  });

  test("consumer detail: rings of `intervals`, owners, current-lag, Burrow's empty entries", async () => {
    const r = await get(f, '/v3/kafka/a/consumer/billing');
    assert.equal(r.code, 200);
    const body = checkEnvelope(
      'consumer detail',
      r.body,
      { topics: ['object'] },
      {
        error: false,
        message: 'consumer detail returned',
        url: '/v3/kafka/a/consumer/billing',
      },
    );
    checkConsumerTopics('topics', body.topics, 4);
    const orders = (body.topics as Record<string, Body[]>).orders!;
    assert.equal(orders.length, 3, 'orders has 3 partitions: index = partition id');
    assert.deepEqual(
      (orders[0]!.offsets as Body[]).map((o) => [o.offset, o.timestamp, o.lag]),
      [
        [700, T0, 300],
        [820, T0 + MINUTE, 280],
        [940, T0 + 2 * MINUTE, 260],
        [1060, T0 + 3 * MINUTE, 240],
      ],
    );
    assert.equal(orders[0]!.owner, '/10.0.0.12');
    assert.equal(orders[0]!.client_id, 'billing-1');
    assert.equal(orders[0]!['current-lag'], 240);
    assert.deepEqual(orders[2], { offsets: [], owner: '', client_id: '', 'current-lag': 0 });
    assert.ok(!('current_lag' in orders[0]!), 'hyphenated here, as Burrow');
  });

  test('a ring not yet full starts with null slots', async () => {
    const g = fixture({ ticks: 2 });
    const r = await get(g, '/v3/kafka/a/consumer/billing');
    checkConsumerTopics('topics', r.body.topics, 4);
    const ring = (r.body.topics as Record<string, Body[]>).orders![0]!.offsets as unknown[];
    assert.deepEqual(ring.slice(0, 2), [null, null]);
    assert.equal((ring[3] as Body).offset, 820);
  });

  test('consumer detail of an unknown cluster or group: 404 cluster or consumer not found', async () => {
    for (const url of ['/v3/kafka/a/consumer/ghost', '/v3/kafka/zz/consumer/billing']) {
      const r = await get(f, url);
      assert.equal(r.code, 404);
      checkEnvelope(
        url,
        r.body,
        {},
        { error: true, message: 'cluster or consumer not found', url },
      );
    }
  });

  test('/lag lists every partition; /status only those not OK; group figures the same', async () => {
    const lag = await get(f, '/v3/kafka/a/consumer/stalled/lag');
    const status = await get(f, '/v3/kafka/a/consumer/stalled/status');
    for (const [r, url] of [
      [lag, '/v3/kafka/a/consumer/stalled/lag'],
      [status, '/v3/kafka/a/consumer/stalled/status'],
    ] as const) {
      assert.equal(r.code, 200);
      checkEnvelope(
        url,
        r.body,
        { status: ['object'] },
        {
          error: false,
          message: 'consumer status returned',
          url,
        },
      );
      checkGroupStatus('status', r.body.status);
    }
    const s = status.body.status as Body;
    assert.equal(s.status, 'ERR');
    assert.equal(s.totallag, 1200);
    assert.equal((s.maxlag as Body).status, 'STALL');
    assert.equal((s.maxlag as Body).reason, 'OFFSET_UNCHANGED');
    assert.match((s.maxlag as Body).reason_text as string, /^STALL: offset 100 unchanged/);
    assert.equal((s.maxlag as Body).time_lag_ms, 720_000);

    const billingLag = (await get(f, '/v3/kafka/a/consumer/billing/lag')).body.status as Body;
    const billingStatus = (await get(f, '/v3/kafka/a/consumer/billing/status')).body.status as Body;
    assert.equal((billingLag.partitions as unknown[]).length, 2);
    assert.deepEqual(billingStatus.partitions, [], 'every partition OK');
    for (const key of ['status', 'complete', 'partition_count', 'maxlag', 'totallag']) {
      assert.deepEqual(billingStatus[key], billingLag[key], key);
    }
    assert.equal(billingLag.partition_count, 2);
    assert.equal(billingLag.totallag, 240);
    assert.equal(billingLag.state, 'Stable');
    assert.equal(billingLag.members, 1);
    assert.equal(billingLag.type, 'classic');
    assert.equal(billingStatus.type, 'classic');
  });

  test('an unknown group (or cluster): 404 with error:false and status NOTFOUND', async () => {
    for (const url of [
      '/v3/kafka/a/consumer/ghost/status',
      '/v3/kafka/a/consumer/ghost/lag',
      '/v3/kafka/zz/consumer/ghost/lag',
    ]) {
      const r = await get(f, url);
      assert.equal(r.code, 404, url);
      checkEnvelope(
        url,
        r.body,
        { status: ['object'] },
        {
          error: false,
          message: 'consumer status returned',
          url,
        },
      );
      const s = checkGroupStatus('status', r.body.status);
      assert.equal(s.status, 'NOTFOUND');
      assert.equal(s.complete, 1);
      assert.deepEqual(s.partitions, []);
      assert.equal(s.partition_count, 0);
      assert.equal(s.maxlag, null);
      assert.equal(s.totallag, 0);
    }
  });

  test('a group name with / and a space, URL-encoded, is reachable', async () => {
    const url = '/v3/kafka/a/consumer/slash%2Fteam%20a/lag';
    const r = await get(f, url);
    assert.equal(r.code, 200);
    assert.equal((r.body.status as Body).group, 'slash/team a');
    assert.equal((r.body.request as Body).url, '/v3/kafka/a/consumer/slash/team a/lag');
    assert.equal((await get(f, '/v3/kafka/a/consumer/slash%2fteam%20a')).code, 200);
  });

  test('an unknown cluster: 404 with the message of each endpoint', async () => {
    const cases: [string, string][] = [
      ['/v3/kafka/zz', 'cluster module not found'],
      ['/v3/kafka/zz/topic', 'cluster not found'],
      ['/v3/kafka/zz/topic/orders', 'cluster or topic not found'],
      ['/v3/kafka/a/topic/nope', 'cluster or topic not found'],
      ['/v3/kafka/zz/topic/orders/consumers', 'cluster not found'],
      ['/v3/kafka/zz/consumer', 'cluster not found'],
      ['/v3/kafka/zz/status', 'cluster not found'],
    ];
    for (const [url, message] of cases) {
      const r = await get(f, url);
      assert.equal(r.code, 404, url);
      checkEnvelope(url, r.body, {}, { error: true, message, url });
    }
  });

  test('cluster detail is the cluster module (its config)', async () => {
    const r = await get(f, '/v3/kafka/a');
    assert.equal(r.code, 200);
    checkEnvelope(
      'cluster detail',
      r.body,
      { module: ['object'] },
      {
        error: false,
        message: 'cluster module detail returned',
        url: '/v3/kafka/a',
      },
    );
    assert.deepEqual((r.body.module as Body).servers, ['127.0.0.1:19092']);
  });

  test("lagwatch's GET /v3/kafka/(cluster)/status: every group, /status views, filterable", async () => {
    const all = await get(f, '/v3/kafka/a/status');
    assert.equal(all.code, 200);
    checkEnvelope(
      'cluster status',
      all.body,
      { statuses: ['array'] },
      { error: false, message: 'consumer statuses returned', url: '/v3/kafka/a/status' },
      { takenAt: ['number', 'null'] },
    );
    const statuses = all.body.statuses as Body[];
    statuses.forEach((s, i) => checkGroupStatus(`statuses[${i}]`, s));
    assert.deepEqual(
      statuses.map((s) => [s.group, s.status]),
      [
        ['billing', 'OK'],
        ['slash/team a', 'OK'],
        ['sleepy', 'ERR'],
        ['stalled', 'ERR'],
      ],
    );
    assert.equal(all.body.takenAt, T0 + 3 * MINUTE);
    const err = await get(f, '/v3/kafka/a/status?status=err');
    assert.deepEqual(
      (err.body.statuses as Body[]).map((s) => s.group),
      ['sleepy', 'stalled'],
    );
    const two = await get(f, '/v3/kafka/a/status?status=OK,ERR&status=WARN');
    assert.equal((two.body.statuses as Body[]).length, 4);
    const bad = await get(f, '/v3/kafka/a/status?status=STALL');
    assert.equal(bad.code, 400);
    checkEnvelope(
      'bad filter',
      bad.body,
      {},
      {
        error: true,
        message: 'unknown status "STALL": expected OK, WARN, ERR, comma-separated',
        url: '/v3/kafka/a/status',
      },
    );
    assert.deepEqual((await get(f, '/v3/kafka/b/status')).body.statuses, []);
  });

  test('a tick that could not sample the cluster leaves the answers as they were', async () => {
    const g = fixture();
    const before = await get(g, '/v3/kafka/a/consumer/billing/lag');
    g.tick(unavailableTick('a', T0 + 4 * MINUTE));
    const after = await get(g, '/v3/kafka/a/consumer/billing/lag');
    assert.deepEqual(after, before);
    assert.deepEqual((await get(g, '/v3/kafka/a/topic/orders')).body.offsets, [1300, 500, 40]);
  });

  test('a group gone from the cluster is gone from the next answers', async () => {
    const g = fixture();
    g.tick(tickOfA(4, ['sleepy']));
    assert.deepEqual((await get(g, '/v3/kafka/a/consumer')).body.consumers, [
      'billing',
      'slash/team a',
      'stalled',
    ]);
    assert.equal((await get(g, '/v3/kafka/a/consumer/sleepy/status')).code, 404);
  });
});
