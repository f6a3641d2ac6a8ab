// The state directory as the composition root uses it: `open` at start (lock, read,
// import the windows into the store less what is no longer watched, one log line),
// `track` once the read model exists, `afterTick` after every tick, `put`/`get` for other
// modules' state (`putNow` for state a restart must not lose: written at once), and
// `close` at shutdown (a last write, then the lock is released). Without `state.dir`
// the same calls do nothing, and the log says once that state is not kept.
import { mkdirSync } from 'node:fs';
import { ErrorCode, LagwatchError } from '../contract/errors.js';
import type { Logger } from '../contract/logger.js';
import type { WindowStore } from '../window/store.js';
import type { WindowStoreExport } from '../window/store-export.js';
import type { ClusterTickRecord, PersistedState, RestoredState } from './persisted-state.js';
import { moveAside, readState, type ReadStateOptions } from './read-state.js';
import { describeRestore, summarize, type RestoreSummary } from './restore-summary.js';
import { lockStateDir, type StateLock, type StateLockOptions } from './state-lock.js';
import { StateWriter, type WriteStats } from './state-writer.js';
import { dropUnwatchedClusters, type Watched } from './watched.js';

export interface OpenStateOptions {
  /** `state.dir`; undefined: state is not kept. */
  readonly dir: string | undefined;
  readonly persistIntervalMs: number;
  readonly logger: Logger;
  /** What the config watches now (see `watchedBy`). */
  readonly watched: Watched;
  /** The (new, empty) window store the restored windows go into. */
  readonly store: WindowStore;
  readonly now?: () => number;
  readonly lock?: StateLockOptions;
  readonly read?: Pick<ReadStateOptions, 'migrations' | 'formatVersion'>;
}

/** Where the state comes from when it is written. */
export interface StateSources {
  /**
   * Called once per write, never while a write runs: it may hand back the arrays of the
   * export it gave the write before (`WindowStore.exportState(previous)`).
   */
  windows(): WindowStoreExport;
  ticks(): readonly ClusterTickRecord[];
}

export class DurableState {
  /** What was restored besides the windows (already in the store), or null: start empty. */
  readonly restored: RestoredState | null;
  readonly summary: RestoreSummary | null;
  readonly #dir: string | undefined;
  readonly #lock: StateLock | null;
  readonly #modules = new Map<string, unknown>();
  readonly #writer: StateWriter | null;
  readonly #options: OpenStateOptions;
  #sources: StateSources | null = null;
  #closed = false;

  private constructor(
    options: OpenStateOptions,
    lock: StateLock | null,
    restored: RestoredState | null,
    summary: RestoreSummary | null,
  ) {
    this.#options = options;
    this.#dir = options.dir;
    this.#lock = lock;
    this.restored = restored;
    this.summary = summary;
    for (const [name, value] of Object.entries(restored?.modules ?? {}))
      this.#modules.set(name, value);
    this.#writer =
      options.dir === undefined
        ? null
        : new StateWriter({
            dir: options.dir,
            capture: () => this.#capture(),
            minIntervalMs: options.persistIntervalMs,
            logger: options.logger,
            ...(options.now ? { now: options.now } : {}),
          });
  }

  /** Throws LAGWATCH_STATE_LOCKED (exit 2) or LAGWATCH_STATE_IO; a bad file never throws. */
  static async open(options: OpenStateOptions): Promise<DurableState> {
    const { dir, logger } = options;
    const now = options.now ?? Date.now;
    if (dir === undefined) {
      logger.info('state is not kept (state.dir is not set): a restart starts every window empty');
      return new DurableState(options, null, null, null);
    }
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new LagwatchError(ErrorCode.STATE_IO, `cannot create state dir ${dir}`, {
        cause: error,
      });
    }
    const lock = lockStateDir(dir, options.lock);
    if (lock.tookOverFrom) {
      logger.warn(
        { dir, previous: lock.tookOverFrom },
        'took over the lock of a lagwatch that is gone',
      );
    }
    try {
      const read = await readState(dir, { logger, now, ...options.read });
      if (read.kind !== 'read') {
        if (read.kind === 'empty')
          logger.info({ dir }, 'no state to restore: starting with empty windows');
        return new DurableState(options, lock, null, null);
      }
      const { state, dropped } = dropUnwatchedClusters(read.state, options.watched);
      let counts;
      try {
        counts = options.store.importState(state.windows, options.watched);
      } catch (error) {
        // The checksum passed, yet the numbers do not match their description: a writer's bug.
        if (!(error instanceof RangeError)) throw error;
        await moveAside(dir, 'corrupt', error.message, { logger, now });
        return new DurableState(options, lock, null, null);
      }
      const summary = summarize(
        state.windows.clusters.length,
        counts,
        dropped,
        state.savedAt,
        now(),
      );
      logger.info({ dir, ...summary, migratedFrom: read.migratedFrom }, describeRestore(summary));
      const restored: RestoredState = {
        savedAt: state.savedAt,
        ticks: state.ticks,
        modules: state.modules,
      };
      return new DurableState(options, lock, restored, summary);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  get enabled(): boolean {
    return this.#dir !== undefined;
  }

  /** Gives the state its sources; writes start with the next `afterTick`. */
  track(sources: StateSources): void {
    this.#sources = sources;
  }

  /** Call after every tick (all clusters' or one's): the state is written soon, off the tick. */
  afterTick(): void {
    if (this.#sources && !this.#closed) this.#writer?.request();
  }

  /** Keeps a module's state (a JSON value) with the next write (after a tick, or at close). */
  put(name: string, value: unknown): void {
    this.#modules.set(name, value);
    if (this.#sources) this.#writer?.markChanged();
  }

  /**
   * Keeps a module's state and writes the whole state at once, not waiting for a tick nor
   * for `persistIntervalMs`: for a fact a kill -9 must not lose (the alerts: a notification
   * was delivered, so a restart must not send it again).
   */
  putNow(name: string, value: unknown): void {
    this.#modules.set(name, value);
    if (this.#sources && !this.#closed) this.#writer?.requestNow();
  }

  /** A module's state, as restored or last put; undefined if none. */
  get(name: string): unknown {
    return this.#modules.get(name);
  }

  get writeStats(): WriteStats | null {
    return this.#writer?.stats ?? null;
  }

  /**
   * Writes what changed since the last write (after the last tick's `afterTick`, or a
   * `put`), then releases the lock. Call once, after the schedule has stopped.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#sources) await this.#writer?.flush();
    } finally {
      await this.#lock?.release();
    }
  }

  #capture(): PersistedState {
    const sources = this.#sources!;
    return {
      savedAt: (this.#options.now ?? Date.now)(),
      windows: sources.windows(),
      ticks: sources.ticks(),
      modules: Object.fromEntries(this.#modules),
    };
  }
}
