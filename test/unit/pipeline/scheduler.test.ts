// The schedule on a real cron (every second): a tick still running when the next is due is
// skipped and counted, never overlapped; stop() ends the schedule and waits for the ticks
// still running.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClusterTick } from '../../../src/pipeline/cluster-tick.js';
import { evaluatorFor } from '../../../src/pipeline/evaluator-options.js';
import { Scheduler } from '../../../src/pipeline/scheduler.js';
import { WindowStore } from '../../../src/window/store.js';
import { silent, smallCluster, twoClusterConfig } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function tickOn(client: ReturnType<typeof smallCluster>, cluster: string): ClusterTick {
  return new ClusterTick({
    client,
    sampler: {
      cluster,
      groups: { allow: [], deny: [] },
      topics: { allow: [], deny: [] },
      concurrency: 2,
      deadlineMs: 30_000,
      logger: silent,
    },
    store: new WindowStore({ intervals: 10, expireGroupAfterMs: 60_000, endOffsetHistory: 10 }),
    evaluator: evaluatorFor(twoClusterConfig()),
    onReport: () => undefined,
    logger: silent,
  });
}

describe('Scheduler', () => {
  test('a slow tick is skipped, never overlapped; stop waits for it; a dead cluster holds no other', async () => {
    const slow = smallCluster();
    slow.hold();
    const fast = smallCluster();
    const slowTick = tickOn(slow, 'slow');
    const fastTick = tickOn(fast, 'fast');
    const scheduler = new Scheduler('* * * * * *', [slowTick, fastTick], silent);
    scheduler.start();
    scheduler.start(); // a second start adds no second schedule
    await sleep(3200);
    // The slow cluster's first tick is still running: the next ones were skipped.
    assert.equal(slow.listings, 1, 'never two ticks of one cluster at once');
    assert.ok(slowTick.counters.skipped >= 1, `skipped ${slowTick.counters.skipped}`);
    assert.equal(slowTick.counters.ticks, 0);
    // The other cluster ticked on its own schedule meanwhile, once a second.
    assert.ok(fastTick.counters.ticks >= 2, `fast ticks ${fastTick.counters.ticks}`);
    assert.ok(fastTick.counters.ticks <= 4, `fast ticks ${fastTick.counters.ticks}`);
    assert.equal(fastTick.counters.skipped, 0);

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await sleep(50);
    assert.equal(stopped, false, 'stop waits for the running tick');
    slow.open();
    await stopping;
    assert.equal(slowTick.counters.ticks, 1);
    assert.equal(slowTick.running, null);
    const fastTicks = fastTick.counters.ticks;
    await sleep(1200);
    assert.equal(fastTick.counters.ticks, fastTicks, 'no tick after stop');
  });
});
