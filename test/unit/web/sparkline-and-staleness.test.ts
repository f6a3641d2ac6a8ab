// The overview's pure helpers: the sparkline's points (scaled to its box, broken where a
// tick has no value), the words for it, number and duration formats, and when a cluster's
// figures count as stale.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PageCluster } from '../../../src/contract/status-page.js';
import { formatCount, formatDuration, formatLagSeconds } from '../../../web/format.js';
import { describeTrend, sparklineRuns } from '../../../web/sparkline.js';
import { clusterStaleness, MIN_STALE_AFTER_MS, TickWatch } from '../../../web/staleness.js';

const box = { width: 100, height: 20 };

describe('sparkline', () => {
  test('scales the values to the box, lowest at the bottom', () => {
    assert.deepEqual(sparklineRuns([10, 20, 30], box), ['0,20 50,10 100,0']);
    assert.deepEqual(sparklineRuns([5, 5], box), ['0,10 100,10']);
  });
  test('a tick without a value breaks the line; too few values draw nothing', () => {
    assert.deepEqual(sparklineRuns([0, 10, null, 10, 0], box), ['0,20 25,0', '75,0 100,20']);
    assert.deepEqual(sparklineRuns([null, 3], box), []);
  });
  test('tells the trend in words', () => {
    assert.equal(describeTrend([null, 3, 9]), 'lag rising, from 3 to 9 over 2 ticks');
    assert.equal(describeTrend([9, 3]), 'lag falling, from 9 to 3 over 2 ticks');
    assert.match(describeTrend([1]), /not enough/);
  });
});

describe('formats', () => {
  test('counts, durations and lag seconds', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(null), '–');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_300), '12 s');
    assert.equal(formatDuration(4_500), '4.5 s');
    assert.equal(formatDuration(245_000), '4 min 5 s');
    assert.equal(formatDuration(7_800_000), '2 h 10 min');
    assert.equal(formatDuration(273_600_000), '3 d 4 h');
    assert.equal(formatLagSeconds(61_400), '61');
    assert.equal(formatLagSeconds(null), '–');
  });
});

describe('staleness', () => {
  const cluster = (over: Partial<PageCluster>): PageCluster => ({
    name: 'a',
    health: 'sampled',
    fault: null,
    lastTickAt: 1_000_000,
    lastTickDurationMs: 10,
    lastSampledAt: 1_000_000,
    groups: 1,
    ...over,
  });

  test('learns the tick interval from the ticks it sees', () => {
    const watch = new TickWatch();
    assert.equal(watch.staleAfterMs('a'), MIN_STALE_AFTER_MS);
    watch.observe([cluster({ lastTickAt: 0 })]);
    watch.observe([cluster({ lastTickAt: 0 })]);
    watch.observe([cluster({ lastTickAt: 30_000 })]);
    assert.equal(watch.staleAfterMs('a'), 90_000);
  });

  test('current, no recent tick, unreachable, never sampled', () => {
    assert.equal(clusterStaleness(cluster({}), 1_005_000, 10_000), null);
    assert.match(clusterStaleness(cluster({}), 1_020_000, 10_000) ?? '', /no tick for 20 s/);
    assert.match(
      clusterStaleness(cluster({ health: 'unreachable' }), 1_020_000, 10_000) ?? '',
      /last good tick, 20 s ago/,
    );
    assert.match(
      clusterStaleness(cluster({ health: 'unreachable', lastSampledAt: null }), 0, 1) ?? '',
      /never sampled/,
    );
    assert.match(clusterStaleness(cluster({ health: 'pending' }), 0, 1) ?? '', /not sampled yet/);
  });
});
