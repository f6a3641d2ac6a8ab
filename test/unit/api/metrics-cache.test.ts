// The read model's /metrics text rendered ahead of the scrapes: the first scrape waits for
// a rendering, later ones are answered with the last finished rendering while a newer one
// renders (which starts on its own when the data changes), a DELETE is never undone by an
// older rendering, and a scrape after an idle spell waits for the data as it is.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  RENDER_LEAD_MS,
  StateMetricsCache,
  type StateMetricsCacheOptions,
} from '../../../src/api/metrics-cache.js';
import { gzipMember, type OpenDeflate } from '../../../src/api/metrics-gzip.js';
import { fixture, tickOfA } from './fixtures.js';
import { parseMetrics, valueOf } from './prometheus.js';

type F = ReturnType<typeof fixture>;

async function textOf(open: OpenDeflate): Promise<string> {
  return gunzipSync(Buffer.concat(await gzipMember(open, Buffer.alloc(0)))).toString();
}

async function lagOf(open: OpenDeflate, group = 'billing'): Promise<number | undefined> {
  return valueOf(parseMetrics(await textOf(open)), 'burrow_kafka_consumer_lag_total', {
    cluster: 'a',
    consumer_group: group,
  });
}

/** The lag of billing's partition orders/0 in a rendering. */
async function partitionLagOf(open: OpenDeflate): Promise<number | undefined> {
  return valueOf(parseMetrics(await textOf(open)), 'burrow_kafka_consumer_partition_lag', {
    cluster: 'a',
    consumer_group: 'billing',
    topic: 'orders',
    partition: '0',
  });
}

/**
 * A cache whose poll never runs during a test (only scrapes start renderings), that treats
 * the fixture's read model as a large one: a scrape never waits for a newer rendering.
 */
function cacheOf(f: F, options: StateMetricsCacheOptions = {}): StateMetricsCache {
  return new StateMetricsCache(f.latest, {
    pollMs: 3_600_000,
    waitBelowGroupPartitions: 0,
    ...options,
  });
}

async function eventually(what: string, check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !check(); await sleep(5))
    assert.ok(Date.now() < deadline, `${what} within 10 s`);
}

describe('StateMetricsCache', () => {
  test('the first scrape waits for a rendering of the read model as it is', async () => {
    const f = fixture();
    const cache = cacheOf(f);
    const first = await cache.current();
    assert.equal(await lagOf(first), 240);
    assert.equal(cache.renderedVersion, f.latest.dataVersion);
    assert.equal(await cache.current(), first, 'the same rendering, not a new one');
    cache.close();
  });

  test('a scrape after a change answers with the last finished rendering while the new one renders', async () => {
    const f = fixture();
    const cache = cacheOf(f);
    const first = await cache.current();
    f.tick(tickOfA(4));
    const during = await cache.current();
    assert.equal(during, first, 'answered at once with the rendering before the tick');
    assert.equal(await lagOf(during), 240);
    await cache.settled();
    const after = await cache.current();
    assert.notEqual(after, first);
    assert.equal(await lagOf(after), 220);
    cache.close();
  });

  test('from the start, the data is rendered without waiting for a scrape', async () => {
    const f = fixture();
    const cache = new StateMetricsCache(f.latest, { pollMs: 5 });
    const version = f.latest.dataVersion;
    await eventually('the data rendered', () => cache.renderedVersion === version);
    assert.equal(await lagOf(await cache.current()), 240);
    cache.close();
  });

  test('after an idle spell from the start nothing is rendered until a scrape', async () => {
    const f = fixture();
    let nowMs = 0;
    const cache = new StateMetricsCache(f.latest, {
      pollMs: 5,
      idleAfterMs: 1000,
      now: () => nowMs,
    });
    nowMs += 1001;
    await sleep(50);
    assert.equal(cache.renderedVersion, null, 'idle: no rendering made');
    assert.equal(await lagOf(await cache.current()), 240, 'the scrape waits for one');
    cache.close();
  });

  test('once scraped, a change of the data is rendered without waiting for a scrape', async () => {
    const f = fixture();
    const cache = new StateMetricsCache(f.latest, { pollMs: 5 });
    await cache.current();
    f.tick(tickOfA(4));
    const version = f.latest.dataVersion;
    assert.notEqual(cache.renderedVersion, version);
    await eventually('the new data rendered', () => cache.renderedVersion === version);
    assert.equal(await lagOf(await cache.current()), 220);
    cache.close();
  });

  test('a deleted group is in no scrape answered after the DELETE, even one rendered before', async () => {
    const f = fixture();
    const cache = cacheOf(f);
    assert.notEqual(await lagOf(await cache.current(), 'sleepy'), undefined);
    f.tick(tickOfA(4));
    // This scrape starts a rendering of the tick, which still has sleepy, and is answered
    // from the rendering before; the DELETE lands while the tick's rendering runs.
    assert.notEqual(await lagOf(await cache.current(), 'sleepy'), undefined);
    f.deletes.deleteGroup('a', 'sleepy');
    cache.deleted();
    const after = await cache.current();
    assert.equal(await lagOf(after, 'sleepy'), undefined, 'sleepy is gone');
    assert.equal(await lagOf(after), 220, 'the other groups as the tick left them');
    cache.close();
  });

  test('a DELETE between two scrapes with nothing rendering', async () => {
    const f = fixture();
    const cache = cacheOf(f);
    await cache.current();
    f.deletes.deleteGroup('a', 'sleepy');
    cache.deleted();
    assert.equal(await lagOf(await cache.current(), 'sleepy'), undefined);
    cache.close();
  });

  test('after an idle spell a scrape waits for the data as it is, not the rendering before', async () => {
    const f = fixture();
    let nowMs = 0;
    const cache = cacheOf(f, { idleAfterMs: 60_000, now: () => nowMs });
    const first = await cache.current();
    nowMs += 61_000;
    f.tick(tickOfA(4));
    const after = await cache.current();
    assert.notEqual(after, first);
    assert.equal(await lagOf(after), 220);
    cache.close();
  });

  test('a small read model: a scrape after a change waits for its rendering', async () => {
    const f = fixture();
    const cache = cacheOf(f, { waitBelowGroupPartitions: 10_000 });
    const first = await cache.current();
    f.tick(tickOfA(4));
    const after = await cache.current();
    assert.notEqual(after, first);
    assert.equal(await lagOf(after), 220);
    cache.close();
  });

  test('a scrape within the idle time is still answered from the rendering before', async () => {
    const f = fixture();
    let nowMs = 0;
    const cache = cacheOf(f, { idleAfterMs: 60_000, now: () => nowMs });
    const first = await cache.current();
    nowMs += 59_000;
    f.tick(tickOfA(4));
    assert.equal(await cache.current(), first);
    cache.close();
  });

  /** A cache polled every 5 ms on a clock the test moves, scraped at 0 and 60 s. */
  async function scrapedEveryMinute(
    f: F,
  ): Promise<{ cache: StateMetricsCache; at: (ms: number) => void }> {
    // The fixture's API renders from the same read model with a cache of its own, on the
    // real clock: closed, it takes no tick's groups from this one.
    await f.app.close();
    let nowMs = 0;
    const cache = new StateMetricsCache(f.latest, {
      pollMs: 5,
      waitBelowGroupPartitions: 0,
      now: () => nowMs,
    });
    await cache.current();
    nowMs = 60_000;
    await cache.current();
    return { cache, at: (ms) => (nowMs = ms) };
  }

  test('scraped every minute: a tick is rendered as it lands, from its judged groups, which the read model then lets go of', async () => {
    const f = fixture();
    const { cache, at } = await scrapedEveryMinute(f);
    at(70_000);
    f.tick(tickOfA(4));
    const version = f.latest.dataVersion;
    assert.equal(f.latest.heldReports, true, 'the tick judged, its groups held for a rendering');
    await eventually('the tick rendered', () => cache.renderedVersion === version);
    assert.equal(f.latest.heldReports, false, 'let go of once the rendering took them');
    at(120_000);
    const scraped = await cache.current();
    assert.equal(await lagOf(scraped), 220);
    assert.equal(await partitionLagOf(scraped), 220);
    assert.equal(cache.renderedVersion, version, 'answered from the rendering made ahead');
    cache.close();
  });

  test('ticks every 10 s, scraped every minute: only the tick before the next scrape is rendered; the others are let go of unrendered', async () => {
    const f = fixture();
    const { cache, at } = await scrapedEveryMinute(f);
    // The first tick of the rhythm: when the next comes is not known yet, so it is rendered.
    at(70_000);
    f.tick(tickOfA(4));
    await eventually(
      'the first tick rendered',
      () => cache.renderedVersion === f.latest.dataVersion,
    );
    const renderings = cache.renderings;
    for (const [k, ms] of [5, 6, 7].map((k) => [k, 10_000 * (k + 3)] as const)) {
      at(ms);
      f.tick(tickOfA(k));
      await eventually(`tick ${k} let go of`, () => !f.latest.heldReports);
      await sleep(20);
      assert.equal(
        cache.renderings,
        renderings,
        `tick at ${ms} ms: the tick at +10 s is rendered in time`,
      );
    }
    at(110_000);
    f.tick(tickOfA(8));
    const version = f.latest.dataVersion;
    await eventually(
      'the tick before the scrape rendered',
      () => cache.renderedVersion === version,
    );
    assert.equal(cache.renderings, renderings + 1);
    at(120_000);
    const scraped = await cache.current();
    assert.equal(await lagOf(scraped), 140);
    assert.equal(cache.renderedVersion, version);
    cache.close();
  });
  for (const whileRendering of [false, true]) {
    const when = whileRendering ? 'while a rendering runs, once it ends' : 'at once';
    test(`scraped every minute: a DELETE far from the next scrape is rendered ${when}`, async () => {
      const f = fixture();
      const { cache, at } = await scrapedEveryMinute(f);
      at(70_000);
      f.tick(tickOfA(4));
      // Early: answered from the last rendering, it starts rendering the tick.
      if (whileRendering) await cache.current();
      f.deletes.deleteGroup('a', 'sleepy');
      cache.deleted();
      const version = f.latest.dataVersion;
      await eventually('the DELETE rendered', () => cache.renderedVersion === version);
      cache.close();
    });
  }

  test('a tick later than its rhythm said: the last one let go of is rendered once the next scrape is near, its partitions judged again', async () => {
    const f = fixture();
    const { cache, at } = await scrapedEveryMinute(f);
    // Tick 4 is rendered (the rhythm of ticks not known yet), and finishes before the clock
    // moves: a rendering's time on this clock sets how far ahead of a scrape one starts.
    at(70_000);
    f.tick(tickOfA(4));
    await eventually('tick 4 rendered', () => cache.renderedVersion === f.latest.dataVersion);
    at(80_000);
    f.tick(tickOfA(5));
    await eventually('tick 5 let go of', () => !f.latest.heldReports);
    const version = f.latest.dataVersion;
    assert.notEqual(cache.renderedVersion, version, 'tick 5 let go of: tick 6 was due at 90 s');
    // No tick at 90 s; at 100 s the rhythm gives up on it, and the scrape is still far.
    at(100_000);
    await sleep(30);
    assert.notEqual(cache.renderedVersion, version, 'not yet: the scrape is 20 s off');
    at(120_000 - RENDER_LEAD_MS);
    await eventually('tick 5 rendered', () => cache.renderedVersion === version);
    at(120_000);
    const scraped = await cache.current();
    assert.equal(await lagOf(scraped), 200);
    assert.equal(await partitionLagOf(scraped), 200, "billing's orders/0, judged again");
    cache.close();
  });
});
