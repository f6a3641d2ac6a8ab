// The status page in headless Chromium (Debian's chromium, driven by playwright-core) over
// the real stack with the demo load running: the overview shows every group status and
// counts equal to `/v3/kafka/(cluster)/status`; a click opens a group's page with the
// partitions and lags of `/lag`; the filters, the search and shareable URLs work; the
// cluster on a closed port shows as unreachable with its reason; the page follows a tick
// without a reload and says when its figures are stale. Screenshots go to
// test-output/screenshots/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/chromium.js';
import { repoRoot, stackEnv } from '../../helpers/stack.js';
import { statusPageHarness, UNREACHABLE, type PageHarness } from './harness.js';

const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const GROUP_STATUSES = ['OK', 'WARN', 'ERR'] as const;

interface BurrowGroup {
  group: string;
  status: string;
  totallag: number;
  partitions: { topic: string; partition: number; status: string; current_lag: number }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `probe` until it returns without throwing; the last error when time runs out. */
async function eventually<T>(what: string, probe: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(250);
    }
  }
}

/**
 * The named attributes of every element a selector finds, read in one go in the page (so
 * a redraw between two reads cannot mix two versions; a string, as Node code has no DOM types).
 */
function attributes(
  page: Page,
  selector: string,
  names: readonly string[],
): Promise<(string | null)[][]> {
  return page.evaluate<(string | null)[][]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) =>
      ${JSON.stringify(names)}.map((n) => e.getAttribute(n)))`,
  );
}

describe('the status page in Chromium', { timeout: 360_000 }, () => {
  let demo: ChildProcess;
  let demoLog = '';
  let h: PageHarness;
  let browser: Browser;
  let page: Page;

  const statusOf = async (cluster: string) =>
    (await h.json<{ statuses: BurrowGroup[] }>(`/v3/kafka/${cluster}/status`)).statuses;
  const countsOf = (statuses: BurrowGroup[]) => {
    const counts: Record<string, number> = { ERR: 0, WARN: 0, NOTFOUND: 0, OK: 0 };
    for (const s of statuses) counts[s.status]!++;
    return counts;
  };
  const pageCounts = async () => {
    const counts: Record<string, number> = {};
    for (const s of ['ERR', 'WARN', 'NOTFOUND', 'OK']) {
      const chip = page.locator(`button.chip[data-status="${s}"]`);
      counts[s] = Number((await chip.locator('.count').textContent())?.replace(/,/g, ''));
    }
    return counts;
  };
  const rowStatuses = async () =>
    (
      await attributes(page, 'table.groups tbody tr', [
        'data-group',
        'data-cluster',
        'data-status',
        'data-total-lag',
      ])
    ).map(([group, cluster, status, totalLag]) => ({
      group,
      cluster,
      status,
      totalLag: Number(totalLag),
    }));

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const brokers = stackEnv().kafkaClusters.a!.brokers.join(',');
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'demo-load', '--brokers', brokers],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LAGWATCH_LOG_LEVEL: 'warn' },
      },
    );
    demo.stderr!.setEncoding('utf8').on('data', (chunk: string) => (demoLog += chunk));
    h = await statusPageHarness('demo-');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A wait for an element fails soon, so that `eventually` looks again.
    page.setDefaultTimeout(5_000);
    // Tick (about once a second) until cluster a has a group of every status.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const started = Date.now();
      await h.tick();
      const seen = new Set((await statusOf('a')).map((s) => s.status));
      if (GROUP_STATUSES.every((s) => seen.has(s))) break;
      if (Date.now() > deadline) {
        throw new Error(`statuses seen on a: ${[...seen].join(', ')}; demo-load: ${demoLog}`);
      }
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
  });

  after(async () => {
    await browser?.close();
    await h?.stop();
    demo?.kill('SIGTERM');
  });

  test('the overview shows every status; counts and lags equal /v3/kafka/a/status', async () => {
    await page.goto(`${h.url}/?cluster=a`);
    const burrow = await statusOf('a');
    await eventually('the overview agrees with /status', async () => {
      assert.deepEqual(await pageCounts(), countsOf(burrow));
      const rows = await rowStatuses();
      assert.equal(rows.length, burrow.length);
      for (const b of burrow) {
        const row = rows.find((r) => r.group === b.group);
        assert.deepEqual([row?.status, row?.totalLag], [b.status, b.totallag], `row of ${b.group}`);
      }
    });
    for (const s of GROUP_STATUSES) {
      const badge = page.locator(`table.groups tbody tr[data-status="${s}"] .badge`).first();
      // Told in words, not by colour alone.
      assert.match((await badge.textContent()) ?? '', new RegExp(`\\b${s}\\b`));
    }
    // All clusters: the sum of every cluster's /status.
    await page.goto(`${h.url}/`);
    const all = [
      ...(await statusOf('a')),
      ...(await statusOf('b')),
      ...(await statusOf(UNREACHABLE)),
    ];
    await eventually('all clusters agree', async () =>
      assert.deepEqual(await pageCounts(), countsOf(all)),
    );
    await page.screenshot({ path: join(SHOTS, 'overview.png') });
  });

  test('a click opens the group page with the partitions and lags of /lag', async () => {
    await page.goto(`${h.url}/?cluster=a`);
    await page.getByRole('link', { name: 'demo-slow', exact: true }).click();
    await page.waitForSelector('table.partitions tbody tr');
    assert.match(page.url(), /\?cluster=a&group=demo-slow$/);
    const lag = (await h.json<{ status: BurrowGroup }>('/v3/kafka/a/consumer/demo-slow/lag'))
      .status;
    const rows = (
      await attributes(page, 'table.partitions tbody tr', [
        'data-topic',
        'data-partition',
        'data-status',
        'data-lag',
      ])
    ).map(([topic, partition, status, lag]) => [topic, Number(partition), status, Number(lag)]);
    assert.deepEqual(
      rows,
      lag.partitions.map((p) => [p.topic, p.partition, p.status, p.current_lag]),
    );
    assert.ok(rows.length >= 1);
    // A live member owns demo-slow's partitions: its client id is shown.
    const owner =
      (await page.locator('table.partitions tbody tr td.owner').first().textContent()) ?? '';
    assert.match(owner, /\S/);
    assert.doesNotMatch(owner, /no owner/);
    const links = (await attributes(page, 'dd.links a', ['href'])).map(([h]) => h);
    assert.deepEqual(links, [
      '/v3/kafka/a/consumer/demo-slow/status',
      '/v3/kafka/a/consumer/demo-slow/lag',
      '/v3/kafka/a/consumer/demo-slow',
    ]);
    assert.equal(await page.locator('.chart canvas').count(), 1, 'the lag chart is drawn');
    await page.screenshot({ path: join(SHOTS, 'group.png') });
    await page.goBack();
    await page.waitForSelector('table.groups');
    assert.match(page.url(), /\?cluster=a$/);
  });

  test('filters by status, cluster and name; a filtered URL can be shared', async () => {
    await page.goto(`${h.url}/`);
    await page.locator('button.chip[data-status="ERR"]').click();
    await eventually('only ERR rows', async () => {
      assert.match(page.url(), /status=ERR/);
      const rows = await rowStatuses();
      assert.ok(rows.length > 0);
      assert.deepEqual([...new Set(rows.map((r) => r.status))], ['ERR']);
      assert.equal(rows.length, (await pageCounts()).ERR);
    });
    await page.locator('button.chip[data-status="ERR"]').click();
    // The keyboard: '/' jumps to the search box.
    await page.keyboard.press('/');
    await page.keyboard.type('SLOW');
    await eventually('the search', async () => {
      assert.match(page.url(), /q=SLOW/);
      assert.deepEqual(
        (await rowStatuses()).map((r) => r.group),
        ['demo-slow'],
      );
    });
    await page.locator('select[name="cluster"]').selectOption('b');
    await eventually('cluster b has no demo group', async () => {
      assert.match(page.url(), /cluster=b/);
      assert.equal(await page.locator('table.groups').count(), 0);
      assert.match((await page.locator('p.empty').textContent()) ?? '', /No group matches/);
    });
    await page.locator('select[name="cluster"]').selectOption('a');
    const shared = page.url();
    assert.match(shared, /cluster=a/);
    const other = await browser.newPage();
    try {
      await other.goto(shared);
      await other.waitForSelector('table.groups tbody tr');
      const groups = (await attributes(other, 'table.groups tbody tr', ['data-group'])).map(
        ([g]) => g,
      );
      assert.deepEqual(groups, ['demo-slow']);
      assert.equal(await other.locator('input[name="q"]').inputValue(), 'SLOW');
    } finally {
      await other.close();
    }
  });

  test('the cluster on a closed port shows as unreachable, with its reason', async () => {
    const fault = h.last(UNREACHABLE).fault;
    assert.ok(fault, 'the unreachable cluster has a fault');
    await page.goto(`${h.url}/`);
    const card = page.locator(`li.cluster[data-cluster="${UNREACHABLE}"]`);
    await card.waitFor();
    assert.equal(await card.getAttribute('data-health'), 'unreachable');
    const text = (await card.textContent()) ?? '';
    assert.match(text, /unreachable/);
    assert.ok(text.includes(fault.message), `${text} should include ${fault.message}`);
    assert.equal(await card.locator('.fault').getAttribute('data-fault-code'), fault.code);
    assert.equal(
      await page.locator('li.cluster[data-cluster="a"]').getAttribute('data-health'),
      'sampled',
    );
  });

  test('without ticks the figures turn stale; after a tick the page updates itself', async () => {
    await page.goto(`${h.url}/?cluster=a`);
    const cardA = page.locator('li.cluster[data-cluster="a"]');
    // No tick since the statuses were all seen: past 10 s that is stale.
    await eventually(
      'stale',
      async () => assert.match((await cardA.textContent()) ?? '', /Stale: no tick for/),
      20_000,
    );
    const before = await cardA.locator('time').getAttribute('datetime');
    await h.tick();
    const takenAt = new Date(h.last('a').takenAt).toISOString();
    assert.notEqual(takenAt, before);
    const burrow = await statusOf('a');
    await eventually('the new tick on the page, no reload', async () => {
      assert.equal(await cardA.locator('time').getAttribute('datetime'), takenAt);
      assert.doesNotMatch((await cardA.textContent()) ?? '', /Stale/);
      const rows = await rowStatuses();
      for (const b of burrow) {
        assert.equal(rows.find((r) => r.group === b.group)?.totalLag, b.totallag, b.group);
      }
    });
  });
});
