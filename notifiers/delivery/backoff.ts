// The wait before sending a notification again: a receiver's Retry-After as given (capped
// at `maxDelayMs`), else exponential from `initialDelayMs` with equal jitter, so that many
// lagwatch instances do not knock in step.
export interface Backoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export function retryDelayMs(
  failures: number,
  retryAfterMs: number | null,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null)
    return Math.min(Math.max(0, Math.round(retryAfterMs)), backoff.maxDelayMs);
  const ceiling = Math.min(
    backoff.maxDelayMs,
    backoff.initialDelayMs * 2 ** Math.min(Math.max(failures - 1, 0), 30),
  );
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
