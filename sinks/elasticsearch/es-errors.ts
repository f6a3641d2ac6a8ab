// A failed client call as a delivery outcome: an HTTP answer goes through the shared
// status rules; no answer (connection refused, timeout, no living node) is retryable.
import { httpOutcome, networkOutcome } from '../delivery/http-outcome.js';
import type { SendOutcome } from '../delivery/transport.js';
import { elasticsearchLibrary } from './es-library.js';

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  const error = (body as { error?: { type?: string; reason?: string } }).error;
  if (error?.type !== undefined) return `${error.type}: ${error.reason ?? ''}`;
  return JSON.stringify(body);
}

export function esErrorOutcome(error: unknown): SendOutcome {
  const { errors } = elasticsearchLibrary();
  if (error instanceof errors.ResponseError && error.statusCode !== undefined) {
    const retryAfter: string | string[] | undefined = error.headers?.['retry-after'];
    const body: unknown = error.body;
    return httpOutcome(
      error.statusCode,
      bodyText(body),
      Array.isArray(retryAfter) ? String(retryAfter[0]) : retryAfter,
    );
  }
  return networkOutcome(error, error instanceof errors.TimeoutError);
}
