// Logs events of one kind (items rejected, items dropped) without flooding: the first
// `perInterval` events of each interval are logged one by one, the rest are counted and
// logged as one summary line when the interval ends. Nothing goes unlogged.
import type { Logger } from '../../src/contract/logger.js';

export interface ThrottledLogOptions {
  readonly intervalMs?: number | undefined;
  readonly perInterval?: number | undefined;
}

export class ThrottledLog {
  readonly #logger: Logger;
  readonly #message: string;
  readonly #intervalMs: number;
  readonly #perInterval: number;
  #windowStart = -Infinity;
  #shown = 0;
  #hiddenEvents = 0;
  #hiddenItems = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(logger: Logger, message: string, options: ThrottledLogOptions = {}) {
    this.#logger = logger;
    this.#message = message;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#perInterval = options.perInterval ?? 10;
  }

  /** One event about `items` items; `fields` say which and why. */
  log(fields: Record<string, unknown>, items = 1): void {
    const now = Date.now();
    if (now - this.#windowStart >= this.#intervalMs) {
      this.flush();
      this.#windowStart = now;
      this.#shown = 0;
    }
    if (this.#shown < this.#perInterval) {
      this.#shown++;
      this.#logger.warn({ ...fields, items }, this.#message);
      return;
    }
    this.#hiddenEvents++;
    this.#hiddenItems += items;
    this.#timer ??= setTimeout(() => this.flush(), this.#windowStart + this.#intervalMs - now);
    this.#timer.unref();
  }

  /** Logs the summary of what was held back, now. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#hiddenEvents === 0) return;
    this.#logger.warn(
      { events: this.#hiddenEvents, items: this.#hiddenItems, summary: true },
      `${this.#message} (more, not shown one by one)`,
    );
    this.#hiddenEvents = 0;
    this.#hiddenItems = 0;
  }
}
