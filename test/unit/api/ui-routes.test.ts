// The status page's server side over the hand-built state of fixtures.ts: the overview
// JSON agrees with Burrow's `/status` and `/lag` on the same read model, filters and pages,
// tells an unreachable cluster and why; the group JSON carries every partition with its
// owner and offsets; the bundled files are served with gzip, ETags and a strict CSP, and
// stay open under the read token while the JSON does not.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { buildApi } from '../../../src/api/app.js';
import { ReadGuard } from '../../../src/api/read-token.js';
import type { GroupPage, OverviewPage } from '../../../src/contract/status-page.js';
import { apiOptionsOf, fixture, T0, MINUTE, unavailableTick, type Fixture } from './fixtures.js';

interface BurrowStatus {
  group: string;
  status: string;
  totallag: number;
  partitions: { topic: string; partition: number; status: string; current_lag: number }[];
}

function uiDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-ui-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>lagwatch</title>');
  writeFileSync(join(dir, 'app.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(join(dir, 'app.css'), 'body{}');
  return dir;
}

function appOf(f: Fixture, options: { dir?: string | null; readToken?: string } = {}) {
  return buildApi(
    apiOptionsOf(f, {
      admin: new AdminGuard(null),
      reader: new ReadGuard(options.readToken ?? null),
      uiDir: options.dir === undefined ? uiDir() : options.dir,
    }),
  );
}

async function overview(f: Fixture, query = ''): Promise<OverviewPage> {
  const r = await appOf(f).inject({ url: `/v3/lagwatch/ui/overview${query}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json<OverviewPage>();
}

describe('status page JSON', () => {
  test('the overview agrees with /v3/kafka/a/status: counts, statuses and lags, worst first', async () => {
    const f = fixture();
    const page = await overview(f, '?cluster=a');
    const burrow = (await f.app.inject({ url: '/v3/kafka/a/status' })).json<{
      statuses: BurrowStatus[];
    }>().statuses;
    const counts: Record<string, number> = { ERR: 0, WARN: 0, NOTFOUND: 0, OK: 0 };
    for (const s of burrow) counts[s.status]!++;
    assert.deepEqual(page.counts, counts);
    assert.ok(counts.ERR! >= 2 && counts.OK! >= 1, JSON.stringify(counts));
    assert.equal(page.matched, burrow.length);
    for (const s of burrow) {
      const row = page.groups.find((g) => g.group === s.group)!;
      assert.equal(row.status, s.status, s.group);
      assert.equal(row.totalLag, s.totallag, s.group);
    }
    const rank = { ERR: 0, WARN: 1, NOTFOUND: 2, OK: 3 };
    const ranks = page.groups.map((g) => rank[g.status]);
    assert.deepEqual(
      ranks,
      [...ranks].sort((x, y) => x - y),
    );
    // The trend: one total per tick of the window, the newest equal to the total lag.
    const billing = page.groups.find((g) => g.group === 'billing')!;
    assert.equal(billing.trend.length, 4);
    assert.equal(billing.trend.at(-1), billing.totalLag);
    assert.deepEqual(billing.trend, [300, 280, 260, 240]);
    const stalled = page.groups.find((g) => g.group === 'stalled')!;
    assert.equal(stalled.worst?.status, 'STALL');
    assert.match(stalled.worst?.reason ?? '', /\S/);
    assert.equal(stalled.type, 'classic');
    assert.equal(stalled.state, 'Stable');
    assert.equal(stalled.members, 1);
  });

  test('filters by status, name search and cluster, and pages', async () => {
    const f = fixture();
    const all = await overview(f);
    const err = await overview(f, '?status=ERR');
    assert.ok(err.groups.length > 0);
    assert.ok(err.groups.every((g) => g.status === 'ERR'));
    assert.equal(err.matched, all.counts.ERR);
    assert.deepEqual(err.counts, all.counts, 'counts ignore the status filter');
    const search = await overview(f, '?q=SLA');
    assert.deepEqual(
      search.groups.map((g) => g.group),
      ['slash/team a'],
    );
    assert.equal((await overview(f, '?cluster=b')).matched, 0);
    const first = await overview(f, '?limit=2');
    const second = await overview(f, '?limit=2&offset=2');
    assert.equal(first.groups.length, 2);
    assert.deepEqual(
      [...first.groups, ...second.groups].map((g) => g.group),
      all.groups.map((g) => g.group),
    );
    for (const bad of ['?status=BAD', '?limit=0', '?limit=501', '?offset=-1']) {
      const r = await appOf(f).inject({ url: `/v3/lagwatch/ui/overview${bad}` });
      assert.equal(r.statusCode, 400, bad);
    }
  });

  test('clusters: sampled with the last tick, pending, then unreachable with the fault', async () => {
    const f = fixture();
    let page = await overview(f);
    const a = page.clusters.find((c) => c.name === 'a')!;
    assert.equal(a.health, 'sampled');
    assert.equal(a.lastTickAt, T0 + 3 * MINUTE);
    assert.equal(a.lastTickDurationMs, 15);
    assert.equal(a.groups, 4);
    assert.equal(page.clusters.find((c) => c.name === 'b')!.health, 'pending');
    f.tick(unavailableTick('b', T0 + 4 * MINUTE));
    page = await overview(f);
    const b = page.clusters.find((c) => c.name === 'b')!;
    assert.equal(b.health, 'unreachable');
    assert.deepEqual(b.fault, { code: 'CLUSTER_UNAVAILABLE', message: 'connection refused' });
    assert.equal(b.lastSampledAt, null);
  });

  test('the version follows the read model', async () => {
    const f = fixture({ ticks: 3 });
    const before = await overview(f);
    f.tick(unavailableTick('b', T0 + 5 * MINUTE));
    assert.ok((await overview(f)).version > before.version);
  });

  test('the group page: every partition as /lag has it, with owner, offsets and series', async () => {
    const f = fixture();
    const r = await appOf(f).inject({ url: '/v3/lagwatch/ui/group?cluster=a&group=billing' });
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json<GroupPage>();
    const lag = (await f.app.inject({ url: '/v3/kafka/a/consumer/billing/lag' })).json<{
      status: BurrowStatus;
    }>().status;
    assert.deepEqual(
      page.partitions.map((p) => [p.topic, p.partition, p.status, p.lag]),
      lag.partitions.map((p) => [p.topic, p.partition, p.status, p.current_lag]),
    );
    const p0 = page.partitions.find((p) => p.partition === 0)!;
    assert.equal(p0.committedOffset, 700 + 120 * 3);
    assert.equal(p0.logEndOffset, 1300);
    assert.equal(p0.memberId, 'billing-1-member');
    assert.equal(p0.host, '/10.0.0.12');
    assert.equal(p0.clientId, 'billing-1');
    assert.equal(page.series.times.length, 4);
    assert.equal(page.series.times.at(-1), T0 + 3 * MINUTE);
    assert.deepEqual(page.series.lags[page.partitions.indexOf(p0)], [300, 280, 260, 240]);
    assert.equal(page.links.lag, '/v3/kafka/a/consumer/billing/lag');
    const slash = await appOf(f).inject({
      url: `/v3/lagwatch/ui/group?cluster=a&group=${encodeURIComponent('slash/team a')}`,
    });
    assert.equal(
      slash.json<GroupPage>().links.status,
      '/v3/kafka/a/consumer/slash%2Fteam%20a/status',
    );
    const missing = await appOf(f).inject({ url: '/v3/lagwatch/ui/group?cluster=a&group=nope' });
    assert.equal(missing.statusCode, 404);
  });
});

describe('status page files', () => {
  test('the page and its files: CSP, ETag and 304, gzip when asked', async () => {
    const app = appOf(fixture());
    const page = await app.inject({ url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    const again = await app.inject({
      url: '/',
      headers: { 'if-none-match': String(page.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    const js = await app.inject({ url: '/ui/app.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(js.rawPayload).toString(), /^console\.log/);
    assert.ok(js.rawPayload.length < 200, `gzipped: ${js.rawPayload.length} bytes`);
    const plain = await app.inject({ url: '/ui/app.js' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body, /^console\.log/);
    assert.equal((await app.inject({ url: '/ui/nope.js' })).statusCode, 404);
  });

  test('without a bundle: 404 saying how to build it', async () => {
    const r = await appOf(fixture(), { dir: null }).inject({ url: '/' });
    assert.equal(r.statusCode, 404);
    assert.match(r.json<{ message: string }>().message, /npm run build/);
  });

  test('with a read token: the page and its files are open, its JSON is not', async () => {
    const app = appOf(fixture(), { readToken: 'r3ad' });
    assert.equal((await app.inject({ url: '/' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/ui/app.css' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/v3/lagwatch/ui/overview' })).statusCode, 401);
    assert.equal(
      (await app.inject({ url: '/v3/lagwatch/ui/group?cluster=a&group=billing' })).statusCode,
      401,
    );
    const ok = await app.inject({
      url: '/v3/lagwatch/ui/overview',
      headers: { authorization: 'Bearer r3ad' },
    });
    assert.equal(ok.statusCode, 200);
  });
});
