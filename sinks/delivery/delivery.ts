// The delivery every sink shares: a bounded in-memory queue, batches by count, bytes and
// interval, a bounded number of requests in flight (one batch at a time), retries with jittered exponential backoff, a disk
// spool beyond the queue, and an orderly close. Items are lines of text made by the
// sink's encoder; the transport sends them. Order: spool first (oldest), then memory.
//
// Where items go when things go wrong:
// - the server refuses a batch's content: the batch is split in halves until the items at
//   fault are found; those are rejected (counted, logged once), the rest is stored;
// - the server cannot be reached: the batch is retried; after maxRetryTimeMs it moves to
//   the spool (and is retried from there, at most every maxDelayMs), or, without a
//   spool, is dropped;
// - memory is full: the oldest waiting items move to the spool (after the batch being
//   sent, which is older still); when the spool is full too, they are dropped;
// - close: what is not delivered by the deadline goes to the spool, or is dropped.
// Whatever is dropped or rejected is counted (health()) and logged.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { OK } from '../../src/contract/sink.js';
import type { SinkHealth, SinkOutcome, SinkState } from '../../src/contract/sink.js';
import { retryDelayMs } from './backoff.js';
import type { RetryOptions } from './backoff.js';
import { ItemQueue, splitParts } from './item-queue.js';
import { Spool } from './spool.js';
import { recordBytes } from './spool-record.js';
import type { QuarantinedRecord, SpoolRead } from './spool.js';
import { ThrottledLog } from './throttled-log.js';
import type { RetryableSend, SendOutcome, Transport } from './transport.js';
import { settlesWithin, sleep } from './sleep.js';

export interface DeliveryOptions {
  readonly name: string;
  readonly batch: {
    readonly maxItems: number;
    readonly maxBytes: number;
    readonly flushIntervalMs: number;
  };
  readonly retry: RetryOptions;
  readonly queue: { readonly maxItems: number };
  readonly spool: {
    readonly dir?: string | undefined;
    readonly maxBytes: number;
    /** While the server cannot be reached, items older than this move to the spool. */
    readonly flushIntervalMs?: number | undefined;
  };
  readonly transport: Transport;
  readonly logger: Logger;
  /** Requests in flight at once; default DEFAULT_CONCURRENCY. */
  readonly concurrency?: number | undefined;
  /** For tests: the jitter's source. */
  readonly random?: (() => number) | undefined;
}

/**
 * A batch being delivered: up to `concurrency` requests' worth of items, split in parts of
 * one request each. `pending` parts wait to be sent (split halves and retries go back
 * here), `sending` parts are in flight.
 */
interface Batch {
  from: 'memory' | 'spool';
  /** Set once the batch is in the spool: acknowledging it moves the spool's head. */
  read: SpoolRead | null;
  pending: string[][];
  sending: string[][];
  /** When its oldest item was queued (for a memory batch: how long it has been held). */
  oldestAt: number;
}

type Failure = RetryableSend;

type Finish = 'done' | 'moved' | 'stopped';

const MAX_ITEM_IN_LOG = 1000;
const CLOSE_GRACE_MS = 2000;
/** Requests a sink has in flight at once (a server ingests two in parallel much faster). */
export const DEFAULT_CONCURRENCY = 2;
/** Default spool.flushIntervalMs: the most a crash during an outage may lose. */
export const DEFAULT_SPOOL_FLUSH_INTERVAL_MS = 1000;

export class Delivery {
  readonly name: string;
  readonly #options: DeliveryOptions;
  readonly #concurrency: number;
  readonly #logger: Logger;
  readonly #transport: Transport;
  readonly #memory = new ItemQueue();
  readonly #spool: Spool | null;
  readonly #spoolError: string | null;
  readonly #abort = new AbortController();
  readonly #rejectLog: ThrottledLog;
  readonly #dropLog: ThrottledLog;
  readonly #quarantineLog: ThrottledLog;
  readonly #loop: Promise<void>;

  #inFlight: Batch | null = null;
  #leftover: Batch | null = null;
  #urgent = 0;
  #closing = false;
  #finished = false;
  #closed: Promise<SinkOutcome> | null = null;
  #relieveScheduled = false;
  #backlogTimer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;
  #progress: { promise: Promise<void>; resolve: () => void };

  #delivered = 0;
  #dropped = 0;
  #rejected = 0;
  #retries = 0;
  #failures = 0;
  #blocked = false;
  #losing = false;
  #retryAt = 0;
  #lastDeliveryAt: number | null = null;
  #lastError: string | null = null;
  #lastCode: ErrorCode = ErrorCode.SINK_UNREACHABLE;

  constructor(options: DeliveryOptions) {
    this.name = options.name;
    this.#options = options;
    this.#concurrency = Math.max(1, Math.trunc(options.concurrency ?? DEFAULT_CONCURRENCY));
    this.#logger = options.logger;
    this.#transport = options.transport;
    this.#rejectLog = new ThrottledLog(this.#logger, 'item rejected by the server', {
      intervalMs: 60_000,
      perInterval: 10,
    });
    this.#dropLog = new ThrottledLog(this.#logger, 'items dropped', { perInterval: 1 });
    this.#quarantineLog = new ThrottledLog(
      this.#logger,
      'a spool record failed its check: quarantined, not sent',
      { intervalMs: 60_000, perInterval: 10 },
    );
    this.#progress = newSignal();
    const opened = openSpool(options, (record) => {
      this.#quarantineLog.log({
        code: ErrorCode.SPOOL_IO,
        ...record,
        quarantinedTotal: this.#spool?.quarantined ?? 1,
      });
    });
    this.#spool = opened.spool;
    this.#spoolError = opened.error;
    if (opened.error !== null) {
      this.#lastError = opened.error;
      this.#logger.error(
        { err: opened.error },
        'the spool cannot be used: nothing can wait on disk',
      );
    } else if (this.#spool !== null && this.#spool.recovery.items > 0) {
      this.#logger.info(
        { ...this.#spool.recovery, dir: this.#spool.dir },
        'items left in the spool by an earlier run will be delivered first',
      );
      if (this.#spool.recovery.unchecked > 0) {
        this.#logger.warn(
          { items: this.#spool.recovery.unchecked, dir: this.#spool.dir },
          'items spooled before records had checksums are delivered as they are, unchecked',
        );
      }
    }
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
    if (items.length === 0) return;
    if (this.#closing) {
      this.#drop(items.length, 'the sink is closed');
      return;
    }
    this.#memory.push(items);
    if (this.#memory.length > this.#options.queue.maxItems && !this.#relieveScheduled) {
      this.#relieveScheduled = true;
      setImmediate(() => this.#relieve());
    }
    if (this.#failures > 0) this.#scheduleBacklog();
    this.#wakeUp();
  }

  /** Delivers what waits (memory and spool), waiting at most `deadlineMs`. */
  async flush(deadlineMs: number): Promise<SinkOutcome> {
    const deadline = Date.now() + deadlineMs;
    this.#urgent++;
    this.#wakeUp();
    try {
      while (!this.#idle()) {
        const now = Date.now();
        if (now >= deadline || this.#finished) break;
        // A sink waiting out a backoff longer than the deadline will not get there.
        if (this.#failures > 0 && this.#retryAt >= deadline) break;
        await settlesWithin(this.#progress.promise, deadline - now);
      }
    } finally {
      this.#urgent--;
    }
    if (this.#idle()) return OK;
    return {
      kind: 'retryable',
      code: this.#lastCode,
      error: `${this.#waiting()} items not delivered yet${this.#lastError === null ? '' : `: ${this.#lastError}`}`,
      retryAfterMs: Math.max(0, this.#retryAt - Date.now()),
    };
  }

  /** Delivers what it can within `deadlineMs`, spools (or drops) the rest, stops. */
  close(deadlineMs: number): Promise<SinkOutcome> {
    this.#closed ??= this.#close(deadlineMs);
    return this.#closed;
  }

  health(): SinkHealth {
    const queued = this.#memory.length + countPending(this.#inFlight, 'memory');
    const spooled = this.#spool?.items ?? 0;
    let state: SinkState = 'ok';
    if (this.#blocked || this.#losing) state = 'down';
    else if (spooled > 0) state = 'spooling';
    else if (this.#failures > 0) state = 'retrying';
    return {
      sink: this.name,
      healthy: state !== 'down',
      state,
      delivered: this.#delivered,
      queued,
      spooled,
      spoolBytes: this.#spool?.bytes ?? 0,
      dropped: this.#dropped,
      rejected: this.#rejected,
      quarantined: this.#spool?.quarantined ?? 0,
      retries: this.#retries,
      lastDeliveryAt: this.#lastDeliveryAt,
      lastError: this.#lastError,
    };
  }

  // ---- the loop -------------------------------------------------------------------

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      const batch = this.#nextBatch();
      if (batch === null) {
        this.#signalProgress();
        await this.#sleepUntilWork();
        continue;
      }
      this.#inFlight = batch;
      let finish: Finish;
      try {
        finish = await this.#deliver(batch);
      } catch (error) {
        // A bug, or the spool failing: keep the batch for close() and say so.
        this.#logger.error({ err: error }, 'delivering a batch failed unexpectedly');
        finish = 'stopped';
        this.#lastError = error instanceof Error ? error.message : String(error);
        await sleep(this.#options.retry.maxDelayMs, this.#abort.signal);
      }
      this.#inFlight = null;
      if (finish === 'stopped') {
        if (this.#abort.signal.aborted) {
          this.#leftover = batch;
          return;
        }
        this.#putBack(batch);
      }
      this.#signalProgress();
    }
  }

  #nextBatch(): Batch | null {
    const { maxItems, maxBytes, flushIntervalMs } = this.#options.batch;
    const k = this.#concurrency;
    if (this.#spool !== null && this.#spool.items > 0) {
      const read = this.#spool.read(maxItems * k, maxBytes * k);
      if (read !== null) {
        return {
          from: 'spool',
          read,
          pending: splitParts(read.items, maxItems, maxBytes),
          sending: [],
          oldestAt: Date.now(),
        };
      }
    }
    const hurry = this.#urgent > 0 || this.#closing;
    const full = (): boolean => this.#memory.length >= maxItems || this.#memory.bytes >= maxBytes;
    const due = hurry || full() || Date.now() - (this.#memory.oldestAt ?? 0) >= flushIntervalMs;
    if (this.#memory.length === 0 || !due) return null;
    const oldestAt = this.#memory.oldestAt ?? Date.now();
    // The first part as it is; more parts only when full (or in a hurry), to keep batches big.
    const pending = [this.#memory.take(maxItems, maxBytes)];
    while (pending.length < k && this.#memory.length > 0 && (hurry || full())) {
      pending.push(this.#memory.take(maxItems, maxBytes));
    }
    return { from: 'memory', read: null, pending, sending: [], oldestAt };
  }

  /** Until items arrive, a flush is asked for, the batch interval ends, or close. */
  async #sleepUntilWork(): Promise<void> {
    const oldestAt = this.#memory.oldestAt;
    const waitMs =
      oldestAt === null ? 60_000 : oldestAt + this.#options.batch.flushIntervalMs - Date.now();
    const signal = this.#abort.signal;
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, waitMs));
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }

  async #deliver(batch: Batch): Promise<Finish> {
    const startedAt = Date.now();
    while (batch.pending.length > 0) {
      if (this.#abort.signal.aborted) return 'stopped';
      const wait = this.#retryAt - Date.now();
      if (wait > 0) {
        await sleep(wait, this.#abort.signal);
        continue;
      }
      batch.sending = batch.pending.splice(0, this.#concurrency);
      const outcomes = await Promise.all(batch.sending.map((part) => this.#send(part)));
      const aborted = this.#abort.signal.aborted;
      const again: string[][] = [];
      let failure: Failure | null = null;
      batch.sending.forEach((part, i) => {
        const outcome = outcomes[i]!;
        if (aborted && outcome.kind === 'retryable') {
          again.push(part); // cut short by close: kept, not counted as a failure
          return;
        }
        const handled = this.#handle(part, outcome);
        again.push(...handled.again);
        failure ??= handled.failure;
      });
      batch.pending.unshift(...again);
      batch.sending = [];
      if (failure !== null) this.#failed(failure);
      // Waiters (flush) look again after every answer: a failure may end their wait.
      this.#signalProgress();
      if (aborted && batch.pending.length > 0) return 'stopped';
      if (
        failure !== null &&
        batch.from === 'memory' &&
        Date.now() - startedAt >= this.#options.retry.maxRetryTimeMs
      ) {
        this.#giveUp(batch, Date.now() - startedAt);
        return 'moved';
      }
    }
    if (batch.read !== null) this.#spool?.ack(batch.read);
    return 'done';
  }

  /**
   * What one answer does: items stored, rejected, or parts to send again (the halves of a
   * refused part, the items to retry); and the failure to back off from, if any.
   */
  #handle(part: string[], outcome: SendOutcome): { again: string[][]; failure: Failure | null } {
    switch (outcome.kind) {
      case 'ok':
        this.#succeeded(part.length);
        return { again: [], failure: null };
      case 'failed': {
        this.#answered();
        if (part.length === 1) {
          this.#reject(part[0]!, outcome.error);
          return { again: [], failure: null };
        }
        const half = Math.ceil(part.length / 2);
        return { again: [part.slice(0, half), part.slice(half)], failure: null };
      }
      case 'partial': {
        for (const r of outcome.rejected) this.#reject(part[r.index]!, r.reason);
        const stored = part.length - outcome.rejected.length - outcome.retry.length;
        if (stored > 0) this.#succeeded(stored);
        else this.#answered();
        if (outcome.retry.length === 0) return { again: [], failure: null };
        return {
          again: [outcome.retry.map((i) => part[i]!)],
          failure: {
            kind: 'retryable',
            code: ErrorCode.SINK_UNREACHABLE,
            error: outcome.error ?? `${outcome.retry.length} items to send again`,
            retryAfterMs: outcome.retryAfterMs,
            blocked: false,
          },
        };
      }
      case 'retryable':
        return { again: [part], failure: outcome };
    }
  }

  async #send(items: string[]): Promise<SendOutcome> {
    try {
      return await this.#transport.send(items, this.#abort.signal);
    } catch (error) {
      return {
        kind: 'retryable',
        code: ErrorCode.SINK_UNREACHABLE,
        error: error instanceof Error ? error.message : String(error),
        retryAfterMs: null,
        blocked: false,
      };
    }
  }

  // ---- outcomes -------------------------------------------------------------------

  /** The server answered (even if to refuse content): it is there and takes lagwatch. */
  #answered(): void {
    if (this.#failures > 0) {
      this.#logger.info({ failures: this.#failures }, 'the server answers again');
    }
    this.#failures = 0;
    this.#retryAt = 0;
    this.#blocked = false;
    this.#stopBacklog();
  }

  #succeeded(count: number): void {
    this.#answered();
    this.#delivered += count;
    this.#lastDeliveryAt = Date.now();
    this.#losing = false;
    this.#lastError = null;
  }

  #failed(outcome: Failure): void {
    this.#retries++;
    this.#failures++;
    this.#blocked = outcome.blocked;
    this.#lastError = outcome.error;
    this.#lastCode = outcome.code;
    const delayMs = retryDelayMs(
      { failures: this.#failures, retryAfterMs: outcome.retryAfterMs, blocked: outcome.blocked },
      this.#options.retry,
      this.#options.random,
    );
    this.#retryAt = Date.now() + delayMs;
    this.#scheduleBacklog();
    const fields = { code: outcome.code, error: outcome.error, failures: this.#failures, delayMs };
    // The first failure of a run is a warning (an error when lagwatch itself is refused);
    // the ones after it, until the server answers, are debug.
    if (this.#failures === 1) {
      if (outcome.blocked) this.#logger.error(fields, 'the server refuses lagwatch; keeping items');
      else this.#logger.warn(fields, 'sending failed; will retry');
    } else {
      this.#logger.debug(fields, 'sending failed again');
    }
  }

  #reject(item: string, reason: string): void {
    this.#rejected++;
    this.#rejectLog.log({
      code: ErrorCode.SINK_REJECTED,
      reason,
      item: item.length > MAX_ITEM_IN_LOG ? `${item.slice(0, MAX_ITEM_IN_LOG)}…` : item,
      rejectedTotal: this.#rejected,
    });
  }

  #drop(count: number, reason: string): void {
    if (count <= 0) return;
    this.#dropped += count;
    this.#losing = true;
    this.#dropLog.log({ code: ErrorCode.SINK_DROPPED, reason, droppedTotal: this.#dropped }, count);
  }

  // ---- moving items to the spool ----------------------------------------------------

  /** A memory batch retried for maxRetryTimeMs: to the spool, or dropped without one. */
  #giveUp(batch: Batch, retriedMs: number): void {
    const items = remaining(batch);
    if (this.#spool === null) {
      this.#drop(items.length, `not delivered after retrying for ${retriedMs} ms; no spool`);
      return;
    }
    const kept = this.#spool.append(items);
    this.#drop(items.length - kept, 'the spool is full');
    if (kept > 0) {
      this.#logger.warn({ items: kept, retriedMs }, 'moved a batch to the spool after retrying');
    }
  }

  /**
   * Memory holds more than queue.maxItems: the oldest items move to the spool. A memory
   * batch being sent is older than them and moves first, so the spool keeps the order.
   */
  #relieve(): void {
    this.#relieveScheduled = false;
    const excess = this.#memory.length - this.#options.queue.maxItems;
    if (excess <= 0) return;
    const spool = this.#spool;
    if (spool === null) {
      this.#drop(this.#memory.takeOldest(excess).length, 'the queue is full; no spool');
      return;
    }
    try {
      if (!this.#spoolInFlight(spool)) {
        this.#drop(this.#memory.takeOldest(excess).length, 'the queue and the spool are full');
        return;
      }
      const oldest = this.#memory.takeOldest(excess);
      const kept = spool.append(oldest);
      this.#drop(oldest.length - kept, 'the queue and the spool are full');
    } catch (error) {
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#drop(this.#memory.takeOldest(excess).length, `the spool failed: ${this.#lastError}`);
    }
  }

  /**
   * While sends fail, what waits in memory (the batch being retried, then the queue) moves
   * to the spool once its oldest item has waited spool.flushIntervalMs: a crash during an
   * outage then loses at most that much, never the backlog. The loop retries from the
   * spool, oldest first, and delivers it once the server answers.
   */
  #scheduleBacklog(): void {
    if (this.#spool === null || this.#backlogTimer !== null || this.#closing) return;
    const oldestAt = this.#oldestInMemory();
    if (oldestAt === null) return;
    const intervalMs = this.#options.spool.flushIntervalMs ?? DEFAULT_SPOOL_FLUSH_INTERVAL_MS;
    this.#backlogTimer = setTimeout(
      () => {
        this.#backlogTimer = null;
        if (this.#failures === 0 || this.#closing) return;
        this.#spoolBacklog();
        this.#scheduleBacklog();
      },
      Math.max(0, oldestAt + intervalMs - Date.now()),
    );
    this.#backlogTimer.unref();
  }

  #stopBacklog(): void {
    if (this.#backlogTimer === null) return;
    clearTimeout(this.#backlogTimer);
    this.#backlogTimer = null;
  }

  /** When the oldest item held in memory (being sent, or queued) was queued. */
  #oldestInMemory(): number | null {
    const batch = this.#inFlight;
    if (batch !== null && batch.from === 'memory') return batch.oldestAt;
    return this.#memory.oldestAt;
  }

  /** Everything held in memory to the spool, in order; what does not fit stays in memory. */
  #spoolBacklog(): void {
    const spool = this.#spool;
    if (spool === null) return;
    try {
      if (!this.#spoolInFlight(spool)) return;
      const oldestAt = this.#memory.oldestAt ?? Date.now();
      const items = this.#memory.takeAll();
      const kept = spool.append(items);
      // The spool is full: the rest waits in memory (relieve() drops it if memory fills).
      if (kept < items.length) this.#memory.pushFront(items.slice(kept), oldestAt);
      if (kept > 0) this.#logger.debug({ items: kept }, 'moved waiting items to the spool');
    } catch (error) {
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#logger.error({ err: error }, 'moving waiting items to the spool failed');
    }
  }

  /** Moves the memory batch being sent into the spool, whole; false if it does not fit. */
  #spoolInFlight(spool: Spool): boolean {
    const batch = this.#inFlight;
    if (batch === null || batch.from === 'spool') return true;
    const items = remaining(batch);
    const bytes = items.reduce((sum, item) => sum + recordBytes(item), 0);
    if (bytes > spool.freeBytes) return false;
    spool.append(items);
    batch.read = spool.read(items.length, Number.MAX_SAFE_INTEGER);
    batch.from = 'spool';
    return true;
  }

  /** A batch stopped by a failure of our own: back to where it came from. */
  #putBack(batch: Batch): void {
    if (batch.from === 'spool') return; // still in the spool, unacknowledged
    const items = remaining(batch);
    const kept = this.#spool?.append(items) ?? 0;
    this.#drop(items.length - kept, 'delivery failed and the spool could not take the batch');
  }

  // ---- closing ----------------------------------------------------------------------

  async #close(deadlineMs: number): Promise<SinkOutcome> {
    this.#closing = true;
    this.#stopBacklog();
    const flushed = await this.flush(deadlineMs);
    this.#abort.abort();
    await settlesWithin(this.#loop, CLOSE_GRACE_MS);
    const left = [...(this.#leftover === null ? [] : [this.#leftover])];
    if (this.#inFlight !== null) left.push(this.#inFlight);
    const items: string[] = [];
    for (const batch of left) if (batch.from === 'memory') items.push(...remaining(batch));
    items.push(...this.#memory.takeAll());
    let kept = 0;
    if (this.#spool !== null && items.length > 0) {
      try {
        kept = this.#spool.append(items);
      } catch (error) {
        this.#logger.error({ err: error }, 'the spool failed while closing');
      }
    }
    this.#drop(
      items.length - kept,
      this.#spool === null ? 'closing; no spool' : 'closing; the spool is full',
    );
    const spooled = this.#spool?.items ?? 0;
    try {
      this.#spool?.close();
    } catch (error) {
      this.#logger.error({ err: error }, 'closing the spool failed');
    }
    await this.#transport.close().catch((error: unknown) => {
      this.#logger.warn({ err: error }, 'closing the connection failed');
    });
    this.#rejectLog.flush();
    this.#dropLog.flush();
    this.#quarantineLog.flush();
    this.#finished = true;
    this.#signalProgress();
    const lost = items.length - kept;
    this.#logger.info(
      { delivered: this.#delivered, spooled, dropped: this.#dropped, rejected: this.#rejected },
      'sink closed',
    );
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
        code: this.#lastCode,
        error: `${spooled} items kept in the spool for the next start`,
        retryAfterMs: 0,
      };
    }
    return flushed.kind === 'ok' || this.#idle() ? OK : flushed;
  }

  // ---- small helpers --------------------------------------------------------------

  #idle(): boolean {
    return this.#memory.length === 0 && this.#inFlight === null && (this.#spool?.items ?? 0) === 0;
  }

  #waiting(): number {
    return this.#memory.length + countPending(this.#inFlight, 'memory') + (this.#spool?.items ?? 0);
  }

  #wakeUp(): void {
    this.#wake?.();
  }

  #signalProgress(): void {
    const done = this.#progress;
    this.#progress = newSignal();
    done.resolve();
  }
}

/** Items of a batch not yet stored or rejected: in flight, then waiting. */
function remaining(batch: Batch): string[] {
  return [...batch.sending, ...batch.pending].flat();
}

function countPending(batch: Batch | null, from: Batch['from']): number {
  if (batch === null || batch.from !== from) return 0;
  let n = 0;
  for (const part of batch.sending) n += part.length;
  for (const part of batch.pending) n += part.length;
  return n;
}

function newSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function openSpool(
  options: DeliveryOptions,
  onQuarantine: (record: QuarantinedRecord) => void,
): { spool: Spool | null; error: string | null } {
  const dir = options.spool.dir;
  if (dir === undefined) return { spool: null, error: null };
  try {
    const spool = new Spool({ dir, maxBytes: options.spool.maxBytes, onQuarantine });
    return { spool, error: null };
  } catch (error) {
    return { spool: null, error: error instanceof Error ? error.message : String(error) };
  }
}
