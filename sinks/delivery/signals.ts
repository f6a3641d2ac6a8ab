// The two ways the delivery loop and its callers nudge each other: `Progress` (the loop
// made progress: waiters on flush look again) and `Waker` (work arrived: the idle loop
// stops sleeping).

/** A promise that settles at the next `signal()`, then a fresh one. */
export class Progress {
  #current = newSignal();

  /** Settles at the next signal. */
  get next(): Promise<void> {
    return this.#current.promise;
  }

  signal(): void {
    const done = this.#current;
    this.#current = newSignal();
    done.resolve();
  }
}

/** A sleep that `wake()` (or the abort signal) ends early. */
export class Waker {
  #wake: (() => void) | null = null;

  wake(): void {
    this.#wake?.();
  }

  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }
}

function newSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
