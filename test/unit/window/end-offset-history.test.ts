import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndOffsetHistory, type EndOffsetPoint } from '../../../src/window/end-offset-history.js';
import { NumberReader } from '../../../src/window/number-column.js';
import { seededRandom } from '../../helpers/seeded-random.js';

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

/** timeAtOffset as its rules say, read off the points one by one from the newest. */
function timeAtOffsetByWalk(points: readonly EndOffsetPoint[], offset: number): number | null {
  const n = points.length;
  if (n === 0) return null;
  if (offset >= points[n - 1]!.offset) return points[n - 1]!.timestamp;
  for (let i = n - 2; i >= 0; i--) {
    const a = points[i]!;
    if (a.offset > offset) continue;
    const b = points[i + 1]!;
    return (
      a.timestamp + ((offset - a.offset) * (b.timestamp - a.timestamp)) / (b.offset - a.offset)
    );
  }
  let after = 1;
  while (after < n && points[after]!.offset <= points[0]!.offset) after++;
  if (after === n) return null;
  const a = points[after - 1]!;
  const b = points[after]!;
  const msPerMessage = (b.timestamp - a.timestamp) / (b.offset - a.offset);
  return points[0]!.timestamp - (points[0]!.offset - offset) * msPerMessage;
}

/** offsetAtOrBefore read off the points one by one from the newest. */
function offsetAtOrBeforeByWalk(points: readonly EndOffsetPoint[], time: number): number | null {
  for (let i = points.length - 1; i >= 0; i--)
    if (points[i]!.timestamp <= time) return points[i]!.offset;
  return null;
}

test('the searches agree with a walk over the points, on generated histories (plateaus, a full ring, a log that went back)', () => {
  const random = seededRandom(2026);
  for (let round = 0; round < 300; round++) {
    const capacity = 2 + Math.floor(random() * 20);
    const h = new EndOffsetHistory(capacity);
    let offset = Math.floor(random() * 1_000_000);
    let time = 1_700_000_000_000;
    const adds = Math.floor(random() * 3 * capacity);
    for (let k = 0; k < adds; k++) {
      const r = random();
      // Idle (a plateau), moving, or (rarely) back to a lower offset.
      offset = r < 0.3 ? offset : r < 0.97 ? offset + Math.floor(random() * 500) : offset - 10;
      time += 1 + Math.floor(random() * 20_000);
      h.add(offset, time);
    }
    const points = h.points;
    const first = points[0]?.offset ?? 0;
    const last = points[points.length - 1]?.offset ?? 0;
    for (let q = 0; q < 40; q++) {
      // Around and between the points' offsets and times, and on them exactly.
      const pick = points[Math.floor(random() * points.length)];
      const askOffset =
        q % 3 === 0 && pick
          ? pick.offset
          : first - 1000 + Math.floor(random() * (last - first + 2000));
      assert.equal(
        h.timeAtOffset(askOffset),
        timeAtOffsetByWalk(points, askOffset),
        `round ${round}, offset ${askOffset}`,
      );
      const askTime =
        q % 3 === 0 && pick ? pick.timestamp : time - Math.floor(random() * 3 * capacity * 20_000);
      assert.equal(
        h.offsetAtOrBefore(askTime),
        offsetAtOrBeforeByWalk(points, askTime),
        `round ${round}, time ${askTime}`,
      );
    }
  }
});

test('read back from a state file, a log end that went back starts the history over, as add does', () => {
  // (offset, time) points as writeTo writes them: their count of numbers first.
  const written = Float64Array.of(8, 100, 1000, 200, 2000, 50, 3000, 60, 4000);
  const h = EndOffsetHistory.readFrom(10, new NumberReader(written));
  assert.deepEqual(h.points, [
    { offset: 50, timestamp: 3000 },
    { offset: 60, timestamp: 4000 },
  ]);
  assert.equal(h.timeAtOffset(55), 3500);
});
