// Waiting. Timers that pace background work (batch intervals, backoff) are unref()ed:
// they never keep the process alive. A deadline someone awaits (flush, close) is not:
// shutdown must be able to wait for it, and it is bounded. Every timer is cleared as soon
// as the wait ends another way.

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * True if `promise` settles within `ms`, false if the time runs out first. Never rejects.
 * The timer keeps the process alive (the caller is waiting on it); it is bounded by `ms`.
 */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    const settle = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(settle, settle);
  });
}
