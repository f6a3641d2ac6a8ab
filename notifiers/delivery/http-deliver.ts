// One HTTP request of a notification, as an Outcome: 2xx delivered; 408, 429 and 5xx (and
// no answer) worth trying again, honouring Retry-After; any other status refused for good.
import { ErrorCode } from '../../src/contract/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../../src/contract/http-status.js';
import type { Outcome } from '../../src/contract/outcome.js';

export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly timeoutMs: number;
}

const MAX_BODY_IN_ERROR = 300;

export async function httpDeliver(request: HttpRequest, signal: AbortSignal): Promise<Outcome> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([signal, timeout]),
    });
  } catch (error) {
    return {
      kind: 'retryable',
      code: ErrorCode.NOTIFIER_UNREACHABLE,
      error: timeout.aborted ? 'no answer before the request timeout' : describeNetworkError(error),
      retryAfterMs: null,
    };
  }
  const text = (await response.text().catch(() => '')).trim().slice(0, MAX_BODY_IN_ERROR);
  if (response.ok) return { kind: 'ok' };
  const error = `HTTP ${response.status}${text === '' ? '' : `: ${text}`}`;
  if (isRetryableStatus(response.status)) {
    return {
      kind: 'retryable',
      code: ErrorCode.NOTIFIER_UNREACHABLE,
      error,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
  return { kind: 'failed', code: ErrorCode.NOTIFIER_REJECTED, error };
}

/** "connect ECONNREFUSED 127.0.0.1:9093" rather than fetch's bare "fetch failed". */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error.message;
}
