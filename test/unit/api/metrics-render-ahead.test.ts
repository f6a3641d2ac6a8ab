// The API's `metricsCache` option reaches /metrics' cache (src/api/metrics-cache.ts): with
// the defaults, each change of the read model is rendered ahead of the next scrape; with a
// short idle spell and no scrape, nothing is rendered until a scrape asks (bench/service's
// LAGWATCH_BENCH_METRICS_IDLE_S measures the service so).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { StateMetricsCacheOptions } from '../../../src/api/metrics-cache.js';
import { startApi } from '../../../src/api/server.js';
import { apiOptionsOf, fixture, testConfig, tickOfA } from './fixtures.js';

/** Renderings the first scrape counts after two ticks, each given time to be rendered ahead. */
async function renderingsAfterTwoTicks(
  metricsCache: StateMetricsCacheOptions | undefined,
): Promise<number> {
  const f = fixture({ config: testConfig(`{ listen: '127.0.0.1:0' }`) });
  const api = await startApi(apiOptionsOf(f, { metricsCache }));
  try {
    await sleep(100); // past a short idle spell: no scrape came
    for (const k of [4, 5]) {
      f.tick(tickOfA(k));
      await sleep(500);
    }
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const count = /^lagwatch_metrics_renderings_total (\d+)$/m.exec(text);
    assert.ok(count, 'the scrape counts renderings');
    return Number(count[1]);
  } finally {
    await api.close();
  }
}

describe("the API's metricsCache option", () => {
  test('the defaults render each tick ahead: the first rendering, one per tick', async () => {
    assert.equal(await renderingsAfterTwoTicks(undefined), 3);
  });

  test("an idle spell shorter than the wait: only the first rendering and the scrape's own", async () => {
    assert.equal(await renderingsAfterTwoTicks({ idleAfterMs: 20, pollMs: 10 }), 2);
  });
});
