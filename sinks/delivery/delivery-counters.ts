// What a delivery counts for health(): items stored, rejected and dropped, when the
// server last stored something and the last error; rejected and dropped items are also
// logged, throttled, with their reason.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { ThrottledLog } from './throttled-log.js';

const MAX_ITEM_IN_LOG = 1000;

export class DeliveryCounters {
  readonly #rejectLog: ThrottledLog;
  readonly #dropLog: ThrottledLog;
  delivered = 0;
  dropped = 0;
  rejected = 0;
  /** Items were dropped since the last delivery: the sink is losing data. */
  losing = false;
  lastDeliveryAt: number | null = null;
  lastError: string | null = null;

  constructor(logger: Logger) {
    this.#rejectLog = new ThrottledLog(logger, 'item rejected by the server', {
      intervalMs: 60_000,
      perInterval: 10,
    });
    this.#dropLog = new ThrottledLog(logger, 'items dropped', { perInterval: 1 });
  }

  stored(count: number): void {
    this.delivered += count;
    this.lastDeliveryAt = Date.now();
    this.losing = false;
    this.lastError = null;
  }

  reject(item: string, reason: string): void {
    this.rejected++;
    this.#rejectLog.log({
      code: ErrorCode.SINK_REJECTED,
      reason,
      item: item.length > MAX_ITEM_IN_LOG ? `${item.slice(0, MAX_ITEM_IN_LOG)}…` : item,
      rejectedTotal: this.rejected,
    });
  }

  drop(count: number, reason: string): void {
    if (count <= 0) return;
    this.dropped += count;
    this.losing = true;
    this.#dropLog.log({ code: ErrorCode.SINK_DROPPED, reason, droppedTotal: this.dropped }, count);
  }

  error(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  /** Writes the summaries the throttled logs still hold. */
  flushLogs(): void {
    this.#rejectLog.flush();
    this.#dropLog.flush();
  }
}
