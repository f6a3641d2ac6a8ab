// The status page's Incidents view in headless Chromium over the real stack: a webhook
// notifier (a local HTTP receiver) is configured, a stopped group (lag on Kafka cluster a,
// no members: STOP, so ERR) opens an incident at the receiver, and the view, reached from
// the header's link, shows it open with its status in words, its reason, its group link
// and the webhook's delivered open; the group link leads to the group's page, which says
// since when the group is in trouble. Without a notifier the view says alerts are not
// configured and how. Screenshot: test-output/screenshots/incidents.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { webhookReceiver } from '../../helpers/alert-receivers.js';
import { launchChromium } from '../../helpers/chromium.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { repoRoot } from '../../helpers/stack.js';
import { waitFor } from '../../helpers/stack-control.js';
import { statusPageHarness } from './harness.js';

const SHOTS = join(repoRoot, 'test-output', 'screenshots');

test(
  'the Incidents view shows an open incident with its group link',
  { timeout: 120_000 },
  async () => {
    const receiver = await webhookReceiver();
    const prefix = uniqueName('uiinc');
    const topic = `${prefix}-orders`;
    const stopped = `${prefix}-stopped`;
    const kafka = kafkaFor('a');
    const admin = kafka.admin();
    await admin.connect();
    const committer = new OffsetCommitter(kafka);
    const h = await statusPageHarness(prefix, {
      notifiers: `  - { name: hook, type: webhook, url: '${receiver.url}', threshold: ERR, interval: 0 }\n`,
    });
    const browser = await launchChromium();
    try {
      await topicWithCounts(kafka, admin, topic, [10, 10]);
      await committer.commit(stopped, topic, [2, 2]);
      await h.tick();
      assert.equal(
        h.last('a').groups.find((g) => g.group === stopped)?.status,
        'ERR',
        'the stopped group is judged ERR',
      );
      await waitFor(
        'the open at the webhook receiver',
        () => receiver.received.some((b) => b.group === stopped && b.kind === 'open'),
        15_000,
      );

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${h.url}/`);
      await page.locator('nav.views a', { hasText: 'Incidents' }).click();
      await page.waitForURL(/\?view=incidents$/);
      const row = page.locator(`[data-incidents="open"] tr[data-incident="a/${stopped}"]`);
      await row.waitFor({ timeout: 15_000 });
      assert.equal(await row.getAttribute('data-state'), 'open');
      assert.equal(await row.getAttribute('data-status'), 'ERR');
      // The status in words and a symbol, not colour alone.
      assert.match(
        (await row.locator('[data-label="Status"]').textContent()) ?? '',
        /✕\s*ERR\s*open/,
      );
      assert.match((await row.locator('[data-label="Why"]').textContent()) ?? '', /STOP|stop/i);
      // What the webhook was sent: the open, delivered (the page polls until it is).
      await row
        .locator('[data-notifier="hook"] [data-kind="open"][data-result="sent"]')
        .waitFor({ timeout: 15_000 });
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'incidents.png'), fullPage: true });

      const link = row.locator('[data-label="Group"] a');
      assert.equal(await link.textContent(), stopped);
      await link.click();
      await page.waitForURL((url) => url.searchParams.get('group') === stopped);
      const trouble = page.locator('.trouble[data-trouble-since]');
      await trouble.waitFor({ timeout: 15_000 });
      const incident = (
        await h.json<{ incidents: { open: { id: string; openedAt: string }[] } }>(
          '/v3/kafka/a/incidents',
        )
      ).incidents.open.find((i) => i.id === `a/${stopped}`)!;
      assert.equal(
        Number(await trouble.getAttribute('data-trouble-since')),
        Date.parse(incident.openedAt),
      );
      await page.close();
    } finally {
      await browser.close();
      await h.stop();
      await admin.deleteGroups([stopped]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await committer.disconnect();
    }
  },
);

test(
  'without a notifier the Incidents view says alerts are not configured',
  { timeout: 60_000 },
  async () => {
    const h = await statusPageHarness(uniqueName('uinone'));
    const browser = await launchChromium();
    try {
      await h.tick();
      const page = await browser.newPage();
      await page.goto(`${h.url}/?view=incidents`);
      const off = page.locator('[data-alerts="off"]');
      await off.waitFor({ timeout: 15_000 });
      const text = (await off.textContent()) ?? '';
      assert.match(text, /Alerts are not configured/);
      assert.match(text, /notifiers:/);
      assert.match(text, /README/);
      assert.equal(await page.locator('[data-incidents]').count(), 0);
      await page.close();
    } finally {
      await browser.close();
      await h.stop();
    }
  },
);
