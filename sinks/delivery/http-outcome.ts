// What an HTTP answer to a write means for delivery, the same for every server: 2xx
// stored; 429, 408 and 5xx try again (honouring Retry-After); 401 and 403 (credentials)
// and 404 (no such database, bucket or org) keep the items and wait for an operator;
// any other 4xx refuses the content, which is not sent again as it is.
import { ErrorCode } from '../../src/contract/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../src/contract/http-status.js';
import type { SendOutcome } from './transport.js';

const MAX_BODY_IN_ERROR = 500;

export function httpOutcome(
  status: number,
  body: string,
  retryAfter: string | null | undefined,
): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const text = body.trim().slice(0, MAX_BODY_IN_ERROR);
  const error = `HTTP ${status}${text === '' ? '' : `: ${text}`}`;
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (isRetryableStatus(status)) {
    return {
      kind: 'retryable',
      code: ErrorCode.SINK_UNREACHABLE,
      error,
      retryAfterMs,
      blocked: false,
    };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'retryable',
      code: ErrorCode.SINK_UNAUTHORIZED,
      error,
      retryAfterMs,
      blocked: true,
    };
  }
  if (status === 404) {
    return {
      kind: 'retryable',
      code: ErrorCode.SINK_TARGET_MISSING,
      error,
      retryAfterMs,
      blocked: true,
    };
  }
  return { kind: 'failed', code: ErrorCode.SINK_REJECTED, error };
}

/** A request that got no answer: refused connection, DNS, reset, timeout. */
export function networkOutcome(error: unknown, timedOut: boolean): SendOutcome {
  return {
    kind: 'retryable',
    code: ErrorCode.SINK_UNREACHABLE,
    error: timedOut ? 'no answer before the request timeout' : describeNetworkError(error),
    retryAfterMs: null,
    blocked: false,
  };
}

/** "connect ECONNREFUSED 127.0.0.1:8086" rather than fetch's bare "fetch failed". */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return (cause.errors as unknown[]).map((e) => String((e as Error).message ?? e)).join('; ');
  }
  return error.message;
}
