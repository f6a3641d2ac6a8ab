// How long to wait before sending again: exponential from initialDelayMs, capped at
// maxDelayMs, with "equal jitter" (half fixed, half random) so that many lagwatch
// instances do not retry in step. A server's Retry-After is honoured as given.
import type { RetryConfig } from './options.js';

export type RetryOptions = Pick<RetryConfig, 'initialDelayMs' | 'maxDelayMs' | 'maxRetryTimeMs'>;

export interface RetryCause {
  /** Consecutive failures so far, 1 for the first. */
  readonly failures: number;
  /** From the server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | null;
  /**
   * The server refused lagwatch itself (credentials, a missing database): it will refuse
   * until an operator acts, so the wait is the longest one.
   */
  readonly blocked: boolean;
}

/** The ceiling of the `failures`-th wait: initialDelayMs * 2^(failures-1), at most maxDelayMs. */
export function backoffCeilingMs(failures: number, retry: RetryOptions): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** doublings);
}

/**
 * The wait before the next send. Retry-After wins (capped at the longer of maxDelayMs and
 * maxRetryTimeMs, so a wrong header cannot stall a sink for days); then `blocked` waits
 * maxDelayMs; else a jittered value between half the ceiling and the ceiling.
 */
export function retryDelayMs(
  cause: RetryCause,
  retry: RetryOptions,
  random: () => number = Math.random,
): number {
  if (cause.retryAfterMs !== null) {
    const cap = Math.max(retry.maxDelayMs, retry.maxRetryTimeMs);
    return Math.min(Math.max(Math.round(cause.retryAfterMs), 0), cap);
  }
  if (cause.blocked) return retry.maxDelayMs;
  const ceiling = backoffCeilingMs(cause.failures, retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
