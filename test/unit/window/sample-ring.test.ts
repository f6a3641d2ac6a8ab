import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SampleRing } from '../../../src/window/sample-ring.js';

test('keeps the newest `capacity` samples, oldest first', () => {
  const ring = new SampleRing(3);
  assert.deepEqual(ring.toArray(), []);
  for (let i = 1; i <= 5; i++) ring.push(i * 100, i * 1000, i === 4 ? null : i);
  assert.equal(ring.size, 3);
  assert.deepEqual(ring.toArray(), [
    { offset: 300, timestamp: 3000, lag: 3, observedAt: 3000 },
    { offset: 400, timestamp: 4000, lag: null, observedAt: 4000 },
    { offset: 500, timestamp: 5000, lag: 5, observedAt: 5000 },
  ]);
  assert.equal(ring.lastOffset(), 500);
  assert.deepEqual(ring.span(), {
    firstOffset: 300,
    firstTime: 3000,
    lastOffset: 500,
    lastTime: 5000,
  });
});

test('a lag of 0 stays 0 (not unknown) and offsets beyond 2^31 stay exact', () => {
  const ring = new SampleRing(2);
  ring.push(2 ** 40 + 1, 1, 0);
  assert.deepEqual(ring.toArray(), [{ offset: 2 ** 40 + 1, timestamp: 1, lag: 0, observedAt: 1 }]);
  assert.equal(ring.span(), null, 'one sample has no span');
});

test('rejects a capacity below 1', () => {
  assert.throws(() => new SampleRing(0), RangeError);
});

test('rings sharing one block keep to their own room', () => {
  const block = SampleRing.block(2, 3);
  const rings = [0, 1, 2].map((i) => new SampleRing(2, SampleRing.slotsIn(block, 2, i)));
  for (let t = 1; t <= 3; t++) rings.forEach((ring, i) => ring.push(i * 10 + t, t, i));
  rings.forEach((ring, i) =>
    assert.deepEqual(
      ring.toArray().map((s) => s.offset),
      [i * 10 + 2, i * 10 + 3],
    ),
  );
  assert.throws(() => new SampleRing(3, SampleRing.slotsIn(block, 2, 0)), RangeError);
});
