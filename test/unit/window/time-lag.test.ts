import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndOffsetHistory } from '../../../src/window/end-offset-history.js';
import { catchUpOver, timeLagMs } from '../../../src/window/time-lag.js';

function history(points: [number, number][]): EndOffsetHistory {
  const h = new EndOffsetHistory(60);
  for (const [offset, time] of points) h.add(offset, time);
  return h;
}

test('lag in time: tick time minus when the log passed the committed offset', () => {
  // The log grew 10 messages a second from offset 0 at t=0.
  const h = history([
    [0, 0],
    [300, 30_000],
    [600, 60_000],
  ]);
  assert.equal(timeLagMs(h, 150, 600, 60_000), 45_000);
  assert.equal(timeLagMs(h, 600, 600, 60_000), 0, 'caught up');
  assert.equal(timeLagMs(h, 700, 600, 60_000), 0, 'committed beyond the end (a race): caught up');
});

test('lag in time is unknown, not 0, when the history cannot tell', () => {
  assert.equal(timeLagMs(history([[600, 60_000]]), 150, 600, 60_000), null);
  assert.equal(timeLagMs(undefined, 150, 600, 60_000), null);
});

test('catch-up: lag divided by consumption net of production', () => {
  const h = history([
    [1000, 0],
    [1100, 10_000],
  ]);
  // Samples (offset, time): (0, 0) then (300, 10 s), judged at the tick of 10 s.
  // consumed 30/s, produced 10/s: net 20/s; 800 left -> 40 s.
  assert.equal(catchUpOver(300, 10_000, 0, 10_000, h, 800), 40_000);
  // The same samples judged 5 s later (the newest sample kept its time): the log's growth
  // is still read between the samples' own times, 0 and 10 s.
  assert.equal(catchUpOver(300, 15_000, 5_000, 15_000, h, 800), 40_000);
  // Without a history (the topic is not listed yet) production counts as 0: 800 / 30 per s.
  assert.equal(catchUpOver(300, 10_000, 0, 10_000, undefined, 800), 26_667);
});

test('catch-up is unknown when not consuming or not gaining, 0 when caught up', () => {
  const h = history([
    [1000, 0],
    [1400, 10_000],
  ]);
  assert.equal(catchUpOver(0, 10_000, 0, 10_000, h, 900), null, 'stopped');
  // 20/s against 40/s produced
  assert.equal(catchUpOver(200, 10_000, 0, 10_000, h, 700), null, 'slower than production');
  assert.equal(catchUpOver(200, 10_000, 0, 10_000, h, 0), 0, 'caught up');
  assert.equal(catchUpOver(0, 0, 0, 1, h, 5), null, 'one sample has no rate');
});

test('lag in time is whole milliseconds, even where the history interpolates a fraction', () => {
  // 3 messages in 10 s: offset 101 was appended at 3333.33… ms, offset 102 at 6666.66… ms.
  const h = history([
    [100, 0],
    [103, 10_000],
  ]);
  assert.equal(timeLagMs(h, 101, 103, 10_000), 6667);
  assert.equal(timeLagMs(h, 102, 103, 10_000), 3333);
  assert.ok(Number.isInteger(timeLagMs(h, 101, 103, 10_000)));
});
