// The status page's incidents JSON over the real incident engine (src/alerts/) fed the
// real reports of fixtures.ts: every group at a notifier's threshold has an open row, two
// notifiers of one group make one row with both their notifications and what became of
// them, a deleted group's incident closes with "deleted", the group page says since when
// the group is in trouble; with no notifier the JSON says so; the read token guards it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlertEngine } from '../../../src/alerts/index.js';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { buildApi } from '../../../src/api/app.js';
import { ReadGuard } from '../../../src/api/read-token.js';
import { policyOf } from '../../../src/app/alerts.js';
import { parseConfig } from '../../../src/config/index.js';
import type { GroupPage, IncidentsPage } from '../../../src/contract/status-page.js';
import { apiOptionsOf, configYaml, fixture, MINUTE, T0, tickOfA } from './fixtures.js';

const notifiersYaml = `
notifiers:
  - { name: ops, type: webhook, url: 'http://127.0.0.1:9/hook' }
  - { name: pager, type: webhook, url: 'http://127.0.0.1:9/page', threshold: ERR }
`;

interface BurrowStatus {
  group: string;
  status: string;
}

function alerted(options: { readToken?: string } = {}) {
  const config = parseConfig(configYaml + notifiersYaml, { env: {} });
  const f = fixture({ config, ticks: 0 });
  const engine = new AlertEngine(config.notifiers.map(policyOf));
  const tick = (k: number, deleted: string[] = []) => {
    f.tick(tickOfA(k, deleted));
    const sent = engine.observe(f.latest.cluster('a')!.lastReport!);
    // The webhook took every open; the pager refused its first one.
    for (const { notifier, notification } of sent) {
      const result = notifier === 'pager' && notification.kind === 'open' ? 'failed' : 'sent';
      engine.recordResult(notifier, notification, result, notification.at + 1);
    }
  };
  for (let k = 0; k < 4; k++) tick(k);
  const app = buildApi(
    apiOptionsOf(f, {
      config,
      admin: new AdminGuard(null),
      reader: new ReadGuard(options.readToken ?? null),
      alerts: { alerts: engine, notifierHealth: () => [] },
      uiDir: null,
    }),
  );
  return { f, engine, app, tick };
}

async function incidents(app: ReturnType<typeof alerted>['app']): Promise<IncidentsPage> {
  const r = await app.inject({ url: '/v3/lagwatch/ui/incidents' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json<IncidentsPage>();
}

describe('status page incidents JSON', () => {
  test('every group at a threshold is open, one row per group with each notifier', async () => {
    const { app, engine } = alerted();
    const page = await incidents(app);
    assert.deepEqual(page.notifiers, [
      { name: 'ops', type: 'webhook' },
      { name: 'pager', type: 'webhook' },
    ]);
    const burrow = (await app.inject({ url: '/v3/kafka/a/status' })).json<{
      statuses: BurrowStatus[];
    }>().statuses;
    const bad = burrow.filter((s) => s.status === 'WARN' || s.status === 'ERR');
    const errs = bad.filter((s) => s.status === 'ERR').map((s) => s.group);
    assert.ok(errs.length >= 2, JSON.stringify(burrow));
    assert.deepEqual(page.open.map((i) => i.group).sort(), bad.map((s) => s.group).sort());
    assert.deepEqual(page.closed, []);
    // Worst first.
    const ranks = page.open.map((i) => (i.status === 'ERR' ? 0 : 1));
    assert.deepEqual(ranks, [...ranks].sort());
    for (const row of page.open) {
      const isErr = errs.includes(row.group!);
      assert.equal(row.cluster, 'a');
      assert.equal(row.subject, 'group');
      assert.equal(row.closedAt, null);
      assert.deepEqual(row.notifiers, isErr ? ['ops', 'pager'] : ['ops'], row.group!);
      const opens = row.sent.filter((s) => s.kind === 'open');
      assert.deepEqual(
        opens.map((s) => [s.notifier, s.result]).sort(),
        isErr
          ? [
              ['ops', 'sent'],
              ['pager', 'failed'],
            ]
          : [['ops', 'sent']],
        row.group!,
      );
      // The episode starts with the first notifier's open, as the engine keeps it.
      const kept = engine.incidents('a').open.filter((r) => r.incident.group === row.group);
      assert.equal(row.openedAt, Math.min(...kept.map((r) => r.incident.openedAt)));
      assert.ok(row.worst !== null && row.worst.reason.length > 0, row.group!);
    }
    const stalled = page.open.find((i) => i.group === 'stalled')!;
    assert.equal(stalled.worst?.status, 'STALL');
  });

  test("a deleted group's incident closes once for every notifier, and the group page says since when", async () => {
    const { app, tick } = alerted();
    const before = await incidents(app);
    const stalled = before.open.find((i) => i.group === 'stalled')!;
    const group = (
      await app.inject({ url: '/v3/lagwatch/ui/group?cluster=a&group=stalled' })
    ).json<GroupPage>();
    assert.equal(group.troubleSince, stalled.openedAt);

    tick(4, ['stalled']);
    const after = await incidents(app);
    assert.equal(
      after.open.find((i) => i.group === 'stalled'),
      undefined,
    );
    assert.equal(after.closed.length, 1);
    const closed = after.closed[0]!;
    assert.equal(closed.group, 'stalled');
    assert.equal(closed.closeReason, 'deleted');
    assert.equal(closed.closedAt, T0 + 4 * MINUTE);
    assert.equal(closed.openedAt, stalled.openedAt);
    assert.deepEqual(closed.notifiers, ['ops', 'pager']);
    assert.deepEqual(
      closed.sent
        .filter((s) => s.kind === 'close')
        .map((s) => [s.notifier, s.result])
        .sort(),
      [
        ['ops', 'sent'],
        ['pager', 'sent'],
      ],
    );
    // The others stay open.
    assert.equal(after.open.length, before.open.length - 1);
  });

  test('no notifier: an empty list that says alerts are not configured; no trouble line', async () => {
    const f = fixture();
    const r = await f.app.inject({ url: '/v3/lagwatch/ui/incidents' });
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json<IncidentsPage>();
    assert.deepEqual(page.notifiers, []);
    assert.deepEqual([page.open, page.closed], [[], []]);
    assert.deepEqual(
      page.clusters.map((c) => c.name),
      ['a', 'b'],
    );
    const group = (
      await f.app.inject({ url: '/v3/lagwatch/ui/group?cluster=a&group=stalled' })
    ).json<GroupPage>();
    assert.equal(group.group.status, 'ERR');
    assert.equal(group.troubleSince, null);
  });

  test('the read token guards it like the other JSON', async () => {
    const { app } = alerted({ readToken: 'reader-token' });
    const denied = await app.inject({ url: '/v3/lagwatch/ui/incidents' });
    assert.equal(denied.statusCode, 401);
    assert.doesNotMatch(denied.body, /stalled/);
    const allowed = await app.inject({
      url: '/v3/lagwatch/ui/incidents',
      headers: { authorization: 'Bearer reader-token' },
    });
    assert.equal(allowed.statusCode, 200);
    assert.ok(allowed.json<IncidentsPage>().open.some((i) => i.group === 'stalled'));
  });
});
