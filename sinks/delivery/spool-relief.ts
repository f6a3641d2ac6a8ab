// Where items go when memory cannot hold them or the server cannot take them: the disk
// spool, in order (the batch being sent is older than anything queued, so it goes first),
// or, without a spool or room in it, nowhere (dropped, counted). Four ways in:
// - overflow: memory holds more than queue.maxItems: the oldest items;
// - backlog: while sends fail, everything held in memory once its oldest item has waited
//   spool.flushIntervalMs, so a crash during an outage loses at most that much;
// - give up: a memory batch retried for retry.maxRetryTimeMs;
// - put back / close: a batch stopped by a failure of our own, what close could not send.
import type { Logger } from '../../src/contract/logger.js';
import { remaining } from './batch.js';
import type { Batch } from './batch.js';
import type { DeliveryCounters } from './delivery-counters.js';
import type { ItemQueue } from './item-queue.js';
import type { Spool } from './spool.js';
import { recordBytes } from './spool-record.js';

/** Default spool.flushIntervalMs: the most a crash during an outage may lose. */
export const DEFAULT_SPOOL_FLUSH_INTERVAL_MS = 1000;

export interface SpoolReliefOptions {
  readonly spool: Spool | null;
  readonly memory: ItemQueue;
  readonly counters: DeliveryCounters;
  readonly logger: Logger;
  readonly queueMaxItems: number;
  readonly flushIntervalMs?: number | undefined;
  /** The batch being sent, if any. */
  readonly inFlight: () => Batch | null;
  /** Whether sends fail now. */
  readonly failing: () => boolean;
}

export class SpoolRelief {
  readonly #o: SpoolReliefOptions;
  readonly #flushIntervalMs: number;
  #overflowScheduled = false;
  #backlogTimer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(options: SpoolReliefOptions) {
    this.#o = options;
    this.#flushIntervalMs = options.flushIntervalMs ?? DEFAULT_SPOOL_FLUSH_INTERVAL_MS;
  }

  /** Items were queued: relieve memory soon if it is over its bound; keep the backlog safe. */
  queued(): void {
    if (this.#o.memory.length > this.#o.queueMaxItems && !this.#overflowScheduled) {
      this.#overflowScheduled = true;
      setImmediate(() => this.#overflow());
    }
    if (this.#o.failing()) this.scheduleBacklog();
  }

  /** While sends fail: what memory holds goes to the spool when its oldest item is due. */
  scheduleBacklog(): void {
    if (this.#o.spool === null || this.#backlogTimer !== null || this.#stopped) return;
    const oldestAt = this.#oldestInMemory();
    if (oldestAt === null) return;
    this.#backlogTimer = setTimeout(
      () => {
        this.#backlogTimer = null;
        if (!this.#o.failing() || this.#stopped) return;
        this.#spoolBacklog();
        this.scheduleBacklog();
      },
      Math.max(0, oldestAt + this.#flushIntervalMs - Date.now()),
    );
    this.#backlogTimer.unref();
  }

  /** The server answers again (or the sink closes): memory may hold items again. */
  stopBacklog(): void {
    if (this.#backlogTimer === null) return;
    clearTimeout(this.#backlogTimer);
    this.#backlogTimer = null;
  }

  /** Closing: no more timers. */
  stop(): void {
    this.#stopped = true;
    this.stopBacklog();
  }

  /** A memory batch retried for maxRetryTimeMs: to the spool, or dropped without one. */
  giveUp(batch: Batch, retriedMs: number): void {
    const items = remaining(batch);
    const spool = this.#o.spool;
    if (spool === null) {
      this.#o.counters.drop(
        items.length,
        `not delivered after retrying for ${retriedMs} ms; no spool`,
      );
      return;
    }
    const kept = spool.append(items);
    this.#o.counters.drop(items.length - kept, 'the spool is full');
    if (kept > 0) {
      this.#o.logger.warn({ items: kept, retriedMs }, 'moved a batch to the spool after retrying');
    }
  }

  /** A batch stopped by a failure of our own: back to where it came from. */
  putBack(batch: Batch): void {
    if (batch.from === 'spool') return; // still in the spool, unacknowledged
    const items = remaining(batch);
    const kept = this.#o.spool?.append(items) ?? 0;
    this.#o.counters.drop(
      items.length - kept,
      'delivery failed and the spool could not take the batch',
    );
  }

  /** Closing: what was not delivered goes to the spool; returns how many were lost. */
  keep(items: string[]): number {
    const spool = this.#o.spool;
    let kept = 0;
    if (spool !== null && items.length > 0) {
      try {
        kept = spool.append(items);
      } catch (error) {
        this.#o.logger.error({ err: error }, 'the spool failed while closing');
      }
    }
    const lost = items.length - kept;
    this.#o.counters.drop(
      lost,
      spool === null ? 'closing; no spool' : 'closing; the spool is full',
    );
    return lost;
  }

  /**
   * Memory holds more than queue.maxItems: the oldest items move to the spool. A memory
   * batch being sent is older than them and moves first, so the spool keeps the order.
   */
  #overflow(): void {
    this.#overflowScheduled = false;
    const { memory, counters, spool } = this.#o;
    const excess = memory.length - this.#o.queueMaxItems;
    if (excess <= 0) return;
    if (spool === null) {
      counters.drop(memory.takeOldest(excess).length, 'the queue is full; no spool');
      return;
    }
    try {
      if (!this.#spoolInFlight(spool)) {
        counters.drop(memory.takeOldest(excess).length, 'the queue and the spool are full');
        return;
      }
      const oldest = memory.takeOldest(excess);
      const kept = spool.append(oldest);
      counters.drop(oldest.length - kept, 'the queue and the spool are full');
    } catch (error) {
      counters.error(error);
      counters.drop(memory.takeOldest(excess).length, `the spool failed: ${counters.lastError}`);
    }
  }

  /** When the oldest item held in memory (being sent, or queued) was queued. */
  #oldestInMemory(): number | null {
    const batch = this.#o.inFlight();
    if (batch !== null && batch.from === 'memory') return batch.oldestAt;
    return this.#o.memory.oldestAt;
  }

  /** Everything held in memory to the spool, in order; what does not fit stays in memory. */
  #spoolBacklog(): void {
    const { spool, memory } = this.#o;
    if (spool === null) return;
    try {
      if (!this.#spoolInFlight(spool)) return;
      const oldestAt = memory.oldestAt ?? Date.now();
      const items = memory.takeAll();
      const kept = spool.append(items);
      // The spool is full: the rest waits in memory (overflow drops it if memory fills).
      if (kept < items.length) memory.pushFront(items.slice(kept), oldestAt);
      if (kept > 0) this.#o.logger.debug({ items: kept }, 'moved waiting items to the spool');
    } catch (error) {
      this.#o.counters.error(error);
      this.#o.logger.error({ err: error }, 'moving waiting items to the spool failed');
    }
  }

  /**
   * Moves the memory batch being sent into the spool, whole; false if it does not fit. The
   * spool is empty then (a memory batch is sent only when it is), so the read is exactly it.
   */
  #spoolInFlight(spool: Spool): boolean {
    const batch = this.#o.inFlight();
    if (batch === null || batch.from === 'spool') return true;
    const items = remaining(batch);
    const bytes = items.reduce((sum, item) => sum + recordBytes(item), 0);
    if (bytes > spool.freeBytes) return false;
    spool.append(items);
    batch.read = spool.read(items.length, Number.MAX_SAFE_INTEGER);
    batch.from = 'spool';
    return true;
  }
}
