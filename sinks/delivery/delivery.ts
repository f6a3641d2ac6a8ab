// The delivery every sink shares: a bounded in-memory queue, batches by count, bytes and
// interval, a bounded number of requests in flight (one batch at a time), retries with
// jittered exponential backoff, a disk spool beyond the queue, and an orderly close.
// Items are lines of text made by the sink's encoder; the transport sends them. Order:
// spool first (oldest), then memory.
//
// Where items go when things go wrong:
// - the server refuses a batch's content: the batch is split in halves until the items at
//   fault are found; those are rejected (counted, logged once), the rest is stored;
// - the server cannot be reached: the batch is retried; while it fails, what memory holds
//   moves to the spool within spool.flushIntervalMs; without a spool, a batch is dropped
//   after maxRetryTimeMs;
// - memory is full: the oldest waiting items move to the spool (after the batch being
//   sent, which is older still); when the spool is full too, they are dropped;
// - close: what is not delivered by the deadline goes to the spool, or is dropped.
// Whatever is dropped or rejected is counted (health()) and logged.
//
// This file is the loop and the sink-facing calls; its parts: batch.ts (what to send
// next), send-batch.ts (sending it), send-answer.ts (what an answer means),
// retry-state.ts (backoff), spool-relief.ts (moving items to the spool),
// delivery-counters.ts (health's counts), open-spool.ts.
import { appendAll } from './append-all.js';
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { OK } from '../../src/contract/sink.js';
import type { SinkHealth, SinkOutcome, SinkState } from '../../src/contract/sink.js';
import { countPending, nextBatch, remaining } from './batch.js';
import { BufferPool } from './buffer-pool.js';
import type { Batch } from './batch.js';
import { DeliveryCounters } from './delivery-counters.js';
import type { DeliveryOptions } from './delivery-options.js';
import { ItemQueue } from './item-queue.js';
import { openSpool } from './open-spool.js';
import { RetryState } from './retry-state.js';
import { BatchSender } from './send-batch.js';
import type { Finish } from './send-batch.js';
import { Progress, Waker } from './signals.js';
import { settlesWithin, sleep } from './sleep.js';
import type { Spool } from './spool.js';
import { SpoolRelief } from './spool-relief.js';
import type { Transport } from './transport.js';

export type { DeliveryOptions } from './delivery-options.js';

const CLOSE_GRACE_MS = 2000;
/** Requests a sink has in flight at once (a server ingests two in parallel much faster). */
export const DEFAULT_CONCURRENCY = 2;

export class Delivery {
  readonly name: string;
  readonly #options: DeliveryOptions;
  readonly #concurrency: number;
  readonly #logger: Logger;
  readonly #transport: Transport;
  readonly #memory = new ItemQueue();
  readonly #partBuffers: BufferPool;
  readonly #spool: Spool | null;
  readonly #spoolError: string | null;
  readonly #flushSpoolLog: () => void;
  readonly #abort = new AbortController();
  readonly #counters: DeliveryCounters;
  readonly #retry: RetryState;
  readonly #relief: SpoolRelief;
  readonly #sender: BatchSender;
  readonly #progress = new Progress();
  readonly #waker = new Waker();
  readonly #loop: Promise<void>;

  #inFlight: Batch | null = null;
  #leftover: Batch | null = null;
  #urgent = 0;
  #closing = false;
  #finished = false;
  #warnedTickTooLarge = false;
  #closed: Promise<SinkOutcome> | null = null;

  constructor(options: DeliveryOptions) {
    this.name = options.name;
    this.#options = options;
    this.#concurrency = Math.max(1, Math.trunc(options.concurrency ?? DEFAULT_CONCURRENCY));
    this.#partBuffers = new BufferPool(this.#concurrency);
    this.#logger = options.logger;
    this.#transport = options.transport;
    this.#counters = new DeliveryCounters(this.#logger);
    this.#retry = new RetryState(options.retry, this.#logger, options.random);
    const opened = openSpool(options.spool.dir, options.spool.maxBytes, this.#logger);
    this.#spool = opened.spool;
    this.#spoolError = opened.error;
    this.#flushSpoolLog = opened.flushLog;
    if (opened.error !== null) this.#counters.lastError = opened.error;
    this.#relief = new SpoolRelief({
      spool: this.#spool,
      memory: this.#memory,
      counters: this.#counters,
      logger: this.#logger,
      queueMaxItems: options.queue.maxItems,
      flushIntervalMs: options.spool.flushIntervalMs,
      inFlight: () => this.#inFlight,
      failing: () => this.#retry.failing,
    });
    this.#sender = new BatchSender({
      transport: this.#transport,
      signal: this.#abort.signal,
      concurrency: this.#concurrency,
      maxRetryTimeMs: options.retry.maxRetryTimeMs,
      spool: this.#spool,
      retry: this.#retry,
      counters: this.#counters,
      relief: this.#relief,
      progressed: () => this.#progress.signal(),
    });
    this.#loop = this.#run().catch((error: unknown) => {
      this.#logger.error({ err: error }, 'the delivery loop stopped on a bug');
    });
  }

  /** Why the spool is unusable (a configuration problem: permissions, a second process). */
  get spoolError(): string | null {
    return this.#spoolError;
  }

  /** Queues items for delivery. Never blocks on I/O, never throws. */
  enqueue(items: readonly string[]): void {
    if (!this.#admits(items.length)) return;
    this.#memory.push(items);
    this.#queued();
  }

  /** An empty queue to write a report's items into, then to pass to enqueueStaged. */
  staging(): ItemQueue {
    return this.#memory.staging();
  }

  /** Queues the items of a queue from staging() (it is left empty), as enqueue does. */
  enqueueStaged(staged: ItemQueue): void {
    if (!this.#admits(staged.length)) {
      staged.clear();
      return;
    }
    this.#memory.append(staged);
    this.#queued();
  }

  /** Whether `count` items are taken in (a closed sink drops and counts them). */
  #admits(count: number): boolean {
    if (count === 0) return false;
    if (this.#closing) {
      this.#counters.drop(count, 'the sink is closed');
      return false;
    }
    if (count > this.#options.queue.maxItems && !this.#warnedTickTooLarge) {
      // Otherwise the overflow drops (or spools) part of every tick while the sink is well.
      this.#warnedTickTooLarge = true;
      this.#logger.warn(
        { items: count, queueMaxItems: this.#options.queue.maxItems },
        `one write holds more items than queue.maxItems: raise sinks.${this.name}.queue.maxItems above ${count}`,
      );
    }
    return true;
  }

  #queued(): void {
    this.#relief.queued();
    this.#waker.wake();
  }

  /** Delivers what waits (memory and spool), waiting at most `deadlineMs`. */
  async flush(deadlineMs: number): Promise<SinkOutcome> {
    const deadline = Date.now() + deadlineMs;
    this.#urgent++;
    this.#waker.wake();
    try {
      while (!this.#idle()) {
        const now = Date.now();
        if (now >= deadline || this.#finished) break;
        // A sink waiting out a backoff longer than the deadline will not get there.
        if (this.#retry.failing && this.#retry.retryAt >= deadline) break;
        await settlesWithin(this.#progress.next, deadline - now);
      }
    } finally {
      this.#urgent--;
    }
    if (this.#idle()) return OK;
    const lastError = this.#counters.lastError;
    return {
      kind: 'retryable',
      code: this.#retry.lastCode,
      error: `${this.#waiting()} items not delivered yet${lastError === null ? '' : `: ${lastError}`}`,
      retryAfterMs: Math.max(0, this.#retry.retryAt - Date.now()),
    };
  }

  /** Delivers what it can within `deadlineMs`, spools (or drops) the rest, stops. */
  close(deadlineMs: number): Promise<SinkOutcome> {
    this.#closed ??= this.#close(deadlineMs);
    return this.#closed;
  }

  health(): SinkHealth {
    const c = this.#counters;
    const spooled = this.#spool?.items ?? 0;
    let state: SinkState = 'ok';
    if (this.#retry.blocked || c.losing) state = 'down';
    else if (spooled > 0) state = 'spooling';
    else if (this.#retry.failing) state = 'retrying';
    return {
      sink: this.name,
      healthy: state !== 'down',
      state,
      delivered: c.delivered,
      queued: this.#memory.length + countPending(this.#inFlight, 'memory'),
      spooled,
      spoolBytes: this.#spool?.bytes ?? 0,
      dropped: c.dropped,
      rejected: c.rejected,
      quarantined: this.#spool?.quarantined ?? 0,
      retries: this.#retry.retries,
      lastDeliveryAt: c.lastDeliveryAt,
      lastError: c.lastError,
    };
  }

  // ---- the loop -------------------------------------------------------------------

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      const hurry = this.#urgent > 0 || this.#closing;
      const batch = nextBatch(
        this.#memory,
        this.#spool,
        this.#options.batch,
        this.#concurrency,
        hurry,
        this.#partBuffers,
      );
      if (batch === null) {
        this.#progress.signal();
        // Until items arrive, a flush is asked for, the batch interval ends, or close.
        const oldestAt = this.#memory.oldestAt;
        const flushIntervalMs = this.#options.batch.flushIntervalMs;
        await this.#waker.sleep(
          oldestAt === null ? 60_000 : oldestAt + flushIntervalMs - Date.now(),
          signal,
        );
        continue;
      }
      this.#inFlight = batch;
      let finish: Finish;
      try {
        finish = await this.#sender.deliver(batch);
      } catch (error) {
        // A bug, or the spool failing: keep the batch for close() and say so.
        this.#logger.error({ err: error }, 'delivering a batch failed unexpectedly');
        finish = 'stopped';
        this.#counters.error(error);
        await sleep(this.#options.retry.maxDelayMs, signal);
      }
      this.#inFlight = null;
      if (finish === 'stopped') {
        if (signal.aborted) {
          this.#leftover = batch;
          return;
        }
        this.#relief.putBack(batch);
      }
      // Delivered, spooled or put back as strings: nothing reads the parts' bytes any more
      // (a transport is done with them once its send has answered).
      for (const buf of batch.buffers) this.#partBuffers.give(buf);
      this.#progress.signal();
    }
  }

  // ---- closing ----------------------------------------------------------------------

  async #close(deadlineMs: number): Promise<SinkOutcome> {
    this.#closing = true;
    this.#relief.stop();
    const flushed = await this.flush(deadlineMs);
    this.#abort.abort();
    await settlesWithin(this.#loop, CLOSE_GRACE_MS);
    const left = [...(this.#leftover === null ? [] : [this.#leftover])];
    if (this.#inFlight !== null) left.push(this.#inFlight);
    const items: string[] = [];
    for (const batch of left) if (batch.from === 'memory') appendAll(items, remaining(batch));
    appendAll(items, this.#memory.takeAll());
    const lost = this.#relief.keep(items);
    const spooled = this.#spool?.items ?? 0;
    try {
      this.#spool?.close();
    } catch (error) {
      this.#logger.error({ err: error }, 'closing the spool failed');
    }
    await this.#transport.close().catch((error: unknown) => {
      this.#logger.warn({ err: error }, 'closing the connection failed');
    });
    this.#counters.flushLogs();
    this.#flushSpoolLog();
    this.#finished = true;
    this.#progress.signal();
    const { delivered, dropped, rejected } = this.#counters;
    this.#logger.info({ delivered, spooled, dropped, rejected }, 'sink closed');
    if (lost > 0) {
      return {
        kind: 'failed',
        code: ErrorCode.SINK_DROPPED,
        error: `${lost} items dropped on close`,
      };
    }
    if (spooled > 0) {
      return {
        kind: 'retryable',
        code: this.#retry.lastCode,
        error: `${spooled} items kept in the spool for the next start`,
        retryAfterMs: 0,
      };
    }
    return flushed.kind === 'ok' || this.#idle() ? OK : flushed;
  }

  #idle(): boolean {
    return this.#memory.length === 0 && this.#inFlight === null && (this.#spool?.items ?? 0) === 0;
  }

  #waiting(): number {
    return this.#memory.length + countPending(this.#inFlight, 'memory') + (this.#spool?.items ?? 0);
  }
}
