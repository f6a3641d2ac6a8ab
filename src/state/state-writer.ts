// Writes the state after ticks without slowing them: a request only marks the state as
// changed; the write runs from the event loop's next turn, encodes the state then (a
// synchronous copy, consistent because ticks change the store synchronously) and hands the
// bytes to the thread pool. Never two writes at once: requests during a write are folded
// into one more write after it. Writes are at least `minIntervalMs` apart, except an urgent
// one (`requestNow`: a fact a restart must not lose, such as a delivered notification),
// which starts as soon as no write runs. A failed write is logged (once until one
// succeeds) and retried at the next request; it never throws into a tick.
import type { Logger } from '../contract/logger.js';
import { replaceFile } from './atomic-write.js';
import { FORMAT_VERSION } from './format-version.js';
import type { PersistedState } from './persisted-state.js';
import { STATE_FILE } from './read-state.js';
import { encodeBody } from './state-codec.js';
import { frameHeader } from './state-file.js';

export interface StateWriterOptions {
  readonly dir: string;
  /** What to write, taken when the write starts. */
  readonly capture: () => PersistedState;
  readonly minIntervalMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface WriteStats {
  writes: number;
  failures: number;
  lastBytes: number;
  /** Main-thread time of the last write: capture and encode, ms. */
  lastEncodeMs: number;
  /** The whole last write, to the synced rename, ms. */
  lastWriteMs: number;
}

export class StateWriter {
  readonly stats: WriteStats = {
    writes: 0,
    failures: 0,
    lastBytes: 0,
    lastEncodeMs: 0,
    lastWriteMs: 0,
  };
  readonly #options: StateWriterOptions;
  #pending = false;
  /** A `requestNow` came since the last write started. */
  #urgent = false;
  #writing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lastStartedAt = -Infinity;
  #failing = false;

  constructor(options: StateWriterOptions) {
    this.#options = options;
  }

  /** The state changed, but needs no write of its own: the next write or `flush` takes it. */
  markChanged(): void {
    this.#pending = true;
  }

  /** The state changed (a tick ended): write it soon. */
  request(): void {
    this.#pending = true;
    if (this.#writing || this.#timer) return;
    const waitMs = this.#lastStartedAt + this.#options.minIntervalMs - this.#now();
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        void this.#start();
      },
      Math.max(0, waitMs),
    );
    this.#timer.unref();
  }

  /**
   * The state changed in a way a restart must not lose: write it at the event loop's next
   * turn, or right after the running write, whatever `minIntervalMs` says.
   */
  requestNow(): void {
    this.#pending = true;
    this.#urgent = true;
    if (this.#writing) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#start();
    }, 0);
    this.#timer.unref();
  }

  /** Waits for a running write, then writes what is pending now, at once (shutdown). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#writing) await this.#writing;
    if (this.#pending) await this.#start();
  }

  #start(): Promise<void> | null {
    if (this.#writing || !this.#pending) return this.#writing;
    this.#pending = false;
    this.#urgent = false;
    this.#lastStartedAt = this.#now();
    this.#writing = this.#write().finally(() => {
      this.#writing = null;
      if (this.#urgent) this.requestNow();
      else if (this.#pending) this.request();
    });
    return this.#writing;
  }

  async #write(): Promise<void> {
    const started = performance.now();
    try {
      const body = encodeBody(this.#options.capture());
      const chunks = [frameHeader(FORMAT_VERSION, body), ...body];
      this.stats.lastEncodeMs = performance.now() - started;
      await replaceFile(this.#options.dir, STATE_FILE, chunks);
      this.stats.writes++;
      this.stats.lastBytes = chunks.reduce((n, c) => n + c.length, 0);
      this.stats.lastWriteMs = performance.now() - started;
      if (this.#failing)
        this.#options.logger.info({ dir: this.#options.dir }, 'state written again');
      this.#failing = false;
    } catch (error) {
      this.stats.failures++;
      if (!this.#failing) {
        this.#options.logger.error(
          { dir: this.#options.dir, err: error },
          'writing the state failed; the previous state stays on disk; retrying after the next tick',
        );
      }
      this.#failing = true;
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
