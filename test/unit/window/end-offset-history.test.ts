import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndOffsetHistory } from '../../../src/window/end-offset-history.js';

function history(points: [number, number][], capacity = 60): EndOffsetHistory {
  const h = new EndOffsetHistory(capacity);
  for (const [offset, time] of points) h.add(offset, time);
  return h;
}

test('a plateau is kept as its first and latest point', () => {
  const h = history([
    [100, 1000],
    [100, 2000],
    [100, 3000],
    [100, 4000],
    [150, 5000],
  ]);
  assert.deepEqual(h.points, [
    { offset: 100, timestamp: 1000 },
    { offset: 100, timestamp: 4000 },
    { offset: 150, timestamp: 5000 },
  ]);
});

test('bounded: the oldest points go first', () => {
  const h = history(
    [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ],
    3,
  );
  assert.deepEqual(
    h.points.map((p) => p.offset),
    [2, 3, 4],
  );
});

test('a log that goes backwards (topic recreated) starts the history over', () => {
  const h = history([
    [500, 1000],
    [600, 2000],
    [10, 3000],
  ]);
  assert.deepEqual(h.points, [{ offset: 10, timestamp: 3000 }]);
});

test('out-of-order or repeated times are ignored', () => {
  const h = history([
    [100, 2000],
    [200, 1000],
    [300, 2000],
  ]);
  assert.deepEqual(h.points, [{ offset: 100, timestamp: 2000 }]);
});

test('interpolates between the bracketing points', () => {
  const h = history([
    [0, 0],
    [100, 10_000],
    [300, 20_000],
  ]);
  assert.equal(h.timeAtOffset(50), 5_000);
  assert.equal(h.timeAtOffset(100), 10_000);
  assert.equal(h.timeAtOffset(200), 15_000);
  assert.equal(h.timeAtOffset(300), 20_000);
  assert.equal(h.timeAtOffset(1_000), 20_000, 'at or beyond the end: the newest time');
});

test('on a plateau the next message came after its latest point', () => {
  const h = history([
    [100, 1000],
    [100, 4000],
    [200, 5000],
  ]);
  assert.equal(h.timeAtOffset(100), 4000);
  assert.equal(h.timeAtOffset(150), 4500);
});

test('below the oldest point: extrapolated at the rate after the oldest plateau', () => {
  const h = history([
    [100, 10_000],
    [100, 40_000],
    [200, 50_000],
  ]);
  // 100 messages per 10 s after the plateau: offset 50 is 5 s before the oldest point.
  assert.equal(h.timeAtOffset(50), 5_000);
});

test('no estimate without a rate: one point, or a log that never moved', () => {
  assert.equal(history([[100, 1000]]).timeAtOffset(50), null);
  assert.equal(
    history([
      [100, 1000],
      [100, 2000],
    ]).timeAtOffset(50),
    null,
  );
  assert.equal(new EndOffsetHistory(2).timeAtOffset(0), null);
});

test('growth between two times: from the newest points at or before each, asked again after a change', () => {
  const h = history([
    [100, 1000],
    [300, 2000],
    [700, 3000],
  ]);
  assert.equal(h.growthPerMs(1500, 3000), (700 - 100) / 1500);
  assert.equal(h.growthPerMs(1500, 3000), (700 - 100) / 1500, 'the same answer when asked again');
  assert.equal(h.growthPerMs(500, 3000), 0, 'unknown before the oldest point');
  h.add(1000, 2500); // out of order: ignored, the answer stands
  assert.equal(h.growthPerMs(1500, 3500), (700 - 100) / 2000);
  h.add(1300, 3400);
  // The remembered answer for these times is not the history's any more.
  assert.equal(h.growthPerMs(1500, 3500), (1300 - 100) / 2000);
  h.add(50, 4000); // the log went backwards: history starts over at (50, 4000)
  assert.equal(h.growthPerMs(1500, 3500), 0);
});
