import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffCeilingMs, retryDelayMs } from '../../../sinks/delivery/backoff.js';
import { parseRetryAfter } from '../../../src/contract/http-status.js';

const retry = { initialDelayMs: 500, maxDelayMs: 30_000, maxRetryTimeMs: 300_000 };
const cause = (failures: number) => ({ failures, retryAfterMs: null, blocked: false });

describe('backoff', () => {
  test('the ceiling doubles from initialDelayMs and stops at maxDelayMs', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffCeilingMs(n, retry)),
      [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000],
    );
  });

  test('jitter keeps each wait between half the ceiling and the ceiling', () => {
    assert.equal(
      retryDelayMs(cause(3), retry, () => 0),
      1000,
    );
    assert.equal(
      retryDelayMs(cause(3), retry, () => 1),
      2000,
    );
    assert.equal(
      retryDelayMs(cause(3), retry, () => 0.5),
      1500,
    );
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(cause(10), retry);
      assert.ok(d >= 15_000 && d <= 30_000, String(d));
    }
  });

  test("the server's Retry-After is honoured as given, without jitter", () => {
    assert.equal(
      retryDelayMs({ failures: 1, retryAfterMs: 45_000, blocked: false }, retry, () => 0),
      45_000,
    );
    assert.equal(retryDelayMs({ failures: 9, retryAfterMs: 0, blocked: false }, retry), 0);
  });

  test('a Retry-After beyond both maxDelayMs and maxRetryTimeMs is capped', () => {
    assert.equal(
      retryDelayMs({ failures: 1, retryAfterMs: 86_400_000, blocked: false }, retry),
      300_000,
    );
  });

  test('a server that refuses lagwatch itself is retried at the longest delay', () => {
    assert.equal(retryDelayMs({ failures: 1, retryAfterMs: null, blocked: true }, retry), 30_000);
  });
});

describe('Retry-After', () => {
  const now = Date.UTC(2026, 10, 26, 9, 0, 0);

  test('delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  test('an HTTP date, counted from now and never negative', () => {
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 09:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 08:00:00 GMT', now), 0);
  });

  test('absent or unreadable: null', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5']) {
      assert.equal(parseRetryAfter(value, now), null, String(value));
    }
  });
});
