// The pool of Buffers that parts and bulk bodies reuse (sinks/delivery/buffer-pool.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BufferPool } from '../../../sinks/delivery/buffer-pool.js';

test('a Buffer given back is taken again by a request it fits, the smallest that fits first', () => {
  const pool = new BufferPool(2);
  const small = pool.take(100);
  const large = pool.take(1000);
  assert.ok(small.length >= 100 && large.length >= 1000);
  pool.give(large);
  pool.give(small);
  assert.equal(pool.take(500), large, 'the small one does not fit');
  assert.equal(pool.take(50), small);
  const fresh = pool.take(50);
  assert.ok(fresh !== small && fresh !== large, 'each is taken once, then a new one');
});

test('it keeps at most `keep` Buffers, the largest, and a Buffer given twice once', () => {
  const pool = new BufferPool(2);
  const [a, b, c] = [pool.take(10), pool.take(20), pool.take(30)];
  pool.give(a);
  pool.give(b);
  pool.give(b);
  pool.give(c);
  assert.equal(pool.take(5), b, 'the smallest kept that fits (a was let go)');
  assert.equal(pool.take(5), c);
  assert.notEqual(pool.take(5), a);
  const none = new BufferPool(0);
  const d = none.take(10);
  none.give(d);
  assert.notEqual(none.take(10), d, 'a pool that keeps none allocates every time');
});
