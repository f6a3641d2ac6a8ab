import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import { describeNetworkError, httpOutcome } from '../../../sinks/delivery/http-outcome.js';

describe('what an HTTP status means for delivery', () => {
  test('2xx: stored', () => {
    for (const status of [200, 201, 204])
      assert.deepEqual(httpOutcome(status, '', null), { kind: 'ok' });
  });

  test('429, 408 and 5xx: retry, honouring Retry-After', () => {
    for (const status of [429, 408, 500, 502, 503, 504]) {
      const outcome = httpOutcome(status, 'busy', '7');
      assert.equal(outcome.kind, 'retryable', String(status));
      assert.ok(outcome.kind === 'retryable');
      assert.equal(outcome.retryAfterMs, 7000);
      assert.equal(outcome.blocked, false);
      assert.equal(outcome.code, ErrorCode.SINK_UNREACHABLE);
    }
  });

  test('401 and 403: lagwatch is refused; the items are kept (blocked), not rejected', () => {
    for (const status of [401, 403]) {
      const outcome = httpOutcome(status, 'no', null);
      assert.ok(outcome.kind === 'retryable' && outcome.blocked);
      assert.equal(outcome.code, ErrorCode.SINK_UNAUTHORIZED);
    }
  });

  test('404: the database, bucket or org is missing; kept (blocked)', () => {
    const outcome = httpOutcome(404, '{"error":"database not found"}', null);
    assert.ok(outcome.kind === 'retryable' && outcome.blocked);
    assert.equal(outcome.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(outcome.error, /database not found/);
  });

  test('any other 4xx refuses the content: not sent again as it is', () => {
    for (const status of [400, 413, 422]) {
      const outcome = httpOutcome(status, 'partial write: field type conflict', null);
      assert.equal(outcome.kind, 'failed');
      assert.ok(outcome.kind === 'failed');
      assert.equal(outcome.code, ErrorCode.SINK_REJECTED);
    }
  });

  test("a network error says what happened, not fetch's bare message", () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:1'),
    });
    assert.equal(describeNetworkError(error), 'connect ECONNREFUSED 127.0.0.1:1');
  });
});
