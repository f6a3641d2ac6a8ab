import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRetryableStatus } from '../../../src/contract/http-status.js';
import { httpOutcome } from '../../../sinks/delivery/http-outcome.js';

describe('isRetryableStatus: the one list of statuses worth retrying', () => {
  test('408, 429 and every 5xx are; 2xx, 3xx and other 4xx are not', () => {
    for (const status of [408, 429, 500, 501, 502, 503, 504, 599]) {
      assert.equal(isRetryableStatus(status), true, String(status));
    }
    for (const status of [200, 204, 301, 400, 401, 403, 404, 409, 413, 422, 600]) {
      assert.equal(isRetryableStatus(status), false, String(status));
    }
  });

  test("the sinks' HTTP outcome follows it", () => {
    for (let status = 400; status < 600; status++) {
      const outcome = httpOutcome(status, '', null);
      if (isRetryableStatus(status)) {
        assert.ok(outcome.kind === 'retryable' && !outcome.blocked, String(status));
      } else if (status !== 401 && status !== 403 && status !== 404) {
        assert.equal(outcome.kind, 'failed', String(status));
      }
    }
  });
});
