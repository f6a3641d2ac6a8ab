// ItemWriter's numbers written digit by digit against what `${}` writes: integers, and
// durations in seconds from milliseconds (`${ms / 1000}`), over edge values and many
// seeded random ones, so that a digit, a point or a sign out of place fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StringItems } from '../../../sinks/item-target.js';
import { ItemWriter } from '../../../sinks/item-writer.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** What the writer writes for one call, as text. */
function written(write: (w: ItemWriter) => void): string {
  const w = new ItemWriter();
  const target = new StringItems();
  w.begin(target);
  write(w);
  w.endItem();
  w.finish();
  return target.out[0]!;
}

const EDGES = [
  0,
  -0,
  1,
  -1,
  5,
  -5,
  10,
  50,
  99,
  100,
  999,
  1000,
  1001,
  1010,
  1100,
  -1500,
  12_345,
  86_400_000,
  999_999_999,
  1_000_000_000,
  2 ** 31,
  2 ** 32 + 7,
  1_795_694_400_123,
  999_999_999_999_999,
  -999_999_999_999_999,
  1e15,
  -1e15,
  2 ** 53 - 1,
  2 ** 53,
  1.5,
  -0.25,
  1e-7,
  123.456,
  1e21,
  Number.MAX_VALUE,
] as const;

/** Integers of every digit count, both signs; a few fractions. */
function values(seed: number, count: number): number[] {
  const rnd = seededRandom(seed);
  const out: number[] = [...EDGES];
  for (let i = 0; i < count; i++) {
    const digits = 1 + Math.floor(rnd() * 16);
    const n = Math.floor(rnd() * 10 ** digits);
    out.push(rnd() < 0.2 ? -n : n);
    if (rnd() < 0.05) out.push(n + rnd());
  }
  return out;
}

describe('ItemWriter numbers', () => {
  test('seconds(ms) writes `${ms / 1000}`', () => {
    for (const ms of values(7, 20_000)) {
      assert.equal(
        written((w) => w.seconds(ms)),
        `${ms / 1000}`,
        `ms ${ms}`,
      );
    }
  });

  test('integer(n) writes `${n}`', () => {
    for (const n of values(11, 20_000).filter((v) => Number.isInteger(v))) {
      assert.equal(
        written((w) => w.integer(n)),
        `${n}`,
        `n ${n}`,
      );
    }
  });

  test('seconds after other bytes leaves them as they were', () => {
    assert.equal(
      written((w) => {
        w.ascii('lag=');
        w.seconds(1234);
        w.ascii(',x=');
        w.seconds(-5);
      }),
      'lag=1.234,x=-0.005',
    );
  });
});
