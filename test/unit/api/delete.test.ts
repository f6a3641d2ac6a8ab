// Burrow's DELETEs of a group and of a group's topic: 403 unless the admin token is
// configured and presented; then 200 "consumer group removed" (always), the group or the
// topic gone from every answer, and back with a fresh window when a tick sees it again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEnvelope } from './burrow-shapes.js';
import { bearer, fixture, tickOfA } from './fixtures.js';

type Body = Record<string, unknown>;
type F = ReturnType<typeof fixture>;

const del = (f: F, url: string, headers: Record<string, string> = bearer()) =>
  f.app.inject({ method: 'DELETE', url, headers });
const json = async (f: F, url: string) => (await f.app.inject({ url })).json<Body>();

describe('DELETE', () => {
  test('403 without an admin token configured, whatever is sent', async () => {
    const f = fixture({ adminToken: null });
    for (const headers of [{}, bearer(), bearer('anything')]) {
      const r = await del(f, '/v3/kafka/a/consumer/billing', headers);
      assert.equal(r.statusCode, 403);
      const body = checkEnvelope(
        '403',
        r.json(),
        {},
        {
          error: true,
          message: r.json<Body>().message as string,
          url: '/v3/kafka/a/consumer/billing',
        },
      );
      assert.match(body.message as string, /no.*configured.*api\.adminTokenEnv/);
    }
    assert.ok(((await json(f, '/v3/kafka/a/consumer')).consumers as string[]).includes('billing'));
  });

  test('403 with a missing, wrong or malformed token', async () => {
    const f = fixture();
    for (const headers of [
      {},
      bearer('wrong'),
      bearer(''),
      { authorization: 's3cret-admin-token' },
      { authorization: 'Basic czNjcmV0LWFkbWluLXRva2Vu' },
      { authorization: `Bearer ${'x'.repeat(5000)}` },
    ]) {
      const r = await del(f, '/v3/kafka/a/consumer/billing/topic/orders', headers);
      assert.equal(r.statusCode, 403, JSON.stringify(headers).slice(0, 80));
      assert.match(r.json<Body>().message as string, /Authorization: Bearer/);
    }
    assert.equal((await json(f, '/v3/kafka/a/consumer/billing/lag')).error, false);
    assert.equal(
      ((await json(f, '/v3/kafka/a/consumer/billing/lag')).status as Body).partition_count,
      2,
    );
  });

  test('a group: 200, then gone from lists, detail, status, topic consumers and metrics', async () => {
    const f = fixture();
    const r = await del(f, '/v3/kafka/a/consumer/stalled');
    assert.equal(r.statusCode, 200);
    checkEnvelope(
      'delete',
      r.json(),
      {},
      {
        error: false,
        message: 'consumer group removed',
        url: '/v3/kafka/a/consumer/stalled',
      },
    );
    assert.deepEqual((await json(f, '/v3/kafka/a/consumer')).consumers, [
      'billing',
      'slash/team a',
      'sleepy',
    ]);
    assert.equal((await f.app.inject({ url: '/v3/kafka/a/consumer/stalled' })).statusCode, 404);
    const status = await f.app.inject({ url: '/v3/kafka/a/consumer/stalled/status' });
    assert.equal(status.statusCode, 404);
    assert.equal((status.json<Body>().status as Body).status, 'NOTFOUND');
    assert.deepEqual((await json(f, '/v3/kafka/a/topic/orders/consumers')).consumers, ['billing']);
    const metrics = (await f.app.inject({ url: '/metrics' })).body;
    assert.doesNotMatch(metrics, /consumer_group="stalled"/);
    assert.match(metrics, /consumer_group="billing"/);
  });

  test('an unknown group or cluster: 200 all the same (as Burrow)', async () => {
    const f = fixture();
    for (const url of ['/v3/kafka/a/consumer/ghost', '/v3/kafka/zz/consumer/ghost/topic/t']) {
      const r = await del(f, url);
      assert.equal(r.statusCode, 200, url);
      assert.equal(r.json<Body>().message, 'consumer group removed');
    }
  });

  test('the next tick that sees the group brings it back with a fresh window', async () => {
    const f = fixture();
    await del(f, '/v3/kafka/a/consumer/billing');
    f.tick(tickOfA(4));
    const lag = (await json(f, '/v3/kafka/a/consumer/billing/lag')).status as Body;
    assert.equal(lag.complete, 0, 'no partition has a full window');
    assert.equal((lag.partitions as Body[])[0]!.complete, 0.25, 'one sample of four');
    const ring = ((await json(f, '/v3/kafka/a/consumer/billing')).topics as Record<string, Body[]>)
      .orders![0]!.offsets as unknown[];
    assert.deepEqual(
      ring.map((o) => (o === null ? null : (o as Body).offset)),
      [null, null, null, 1180],
    );
  });

  test("a group's topic: that topic's partitions gone, the rest judged again", async () => {
    const f = fixture();
    // Give billing a second topic, so one remains after the DELETE.
    const snapshot = tickOfA(4);
    const billing = snapshot.groups.find((g) => g.group === 'billing')!;
    const extra = {
      ...billing.partitions[0]!,
      topic: 'payments',
      partition: 1,
      committedOffset: 80,
      lag: 0,
    };
    f.tick({
      ...snapshot,
      groups: snapshot.groups.map((g) =>
        g === billing ? { ...g, partitions: [...g.partitions, extra] } : g,
      ),
    });
    const before = (await json(f, '/v3/kafka/a/consumer/billing/lag')).status as Body;
    assert.equal(before.partition_count, 3);

    const r = await del(f, '/v3/kafka/a/consumer/billing/topic/orders');
    assert.equal(r.statusCode, 200);
    checkEnvelope(
      'delete topic',
      r.json(),
      {},
      {
        error: false,
        message: 'consumer group removed',
        url: '/v3/kafka/a/consumer/billing/topic/orders',
      },
    );
    const after = (await json(f, '/v3/kafka/a/consumer/billing/lag')).status as Body;
    assert.equal(after.partition_count, 1);
    assert.equal(after.totallag, 0);
    assert.deepEqual(
      (after.partitions as Body[]).map((p) => [p.topic, p.partition]),
      [['payments', 1]],
    );
    const detail = (await json(f, '/v3/kafka/a/consumer/billing')).topics as Body;
    assert.deepEqual(Object.keys(detail), ['payments']);
    assert.deepEqual((await json(f, '/v3/kafka/a/topic/orders/consumers')).consumers, ['stalled']);
    const metrics = (await f.app.inject({ url: '/metrics' })).body;
    assert.doesNotMatch(metrics, /consumer_group="billing",topic="orders"/);
    assert.match(metrics, /consumer_group="billing",topic="payments"/);
  });

  test("a group's last topic: the group is gone", async () => {
    const f = fixture();
    await del(f, '/v3/kafka/a/consumer/stalled/topic/orders');
    assert.ok(!((await json(f, '/v3/kafka/a/consumer')).consumers as string[]).includes('stalled'));
    assert.equal((await f.app.inject({ url: '/v3/kafka/a/consumer/stalled/lag' })).statusCode, 404);
  });

  test('DELETE of a group with / in its name, URL-encoded', async () => {
    const f = fixture();
    assert.equal((await del(f, '/v3/kafka/a/consumer/slash%2Fteam%20a')).statusCode, 200);
    assert.ok(
      !((await json(f, '/v3/kafka/a/consumer')).consumers as string[]).includes('slash/team a'),
    );
  });
});
