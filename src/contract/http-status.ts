// How lagwatch reads an HTTP answer it may try again: one list of the statuses worth
// retrying and one reading of Retry-After, for every client it has (the sinks' transports,
// the setup commands), so they never disagree on what "the server is busy" means.

/**
 * Worth sending again as it is: 408 (the server gave up waiting), 429 (too many requests)
 * and every 5xx (the server or a proxy in front of it is failing or starting). Any other
 * status will get the same answer again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The Retry-After header: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2026
 * 07:28:00 GMT"), as ms to wait from `nowMs`; null when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
