// Sending one batch until it is done: parts go `concurrency` at a time, each answer is
// applied (items stored, rejected, or to send again), failures back off (RetryState), and
// a memory batch failing for retry.maxRetryTimeMs is given up to the spool (or dropped).
// A batch from the spool is acknowledged there once every item is stored or rejected.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Batch } from './batch.js';
import type { ItemPart } from './item-part.js';
import type { DeliveryCounters } from './delivery-counters.js';
import type { RetryState } from './retry-state.js';
import { answerOf } from './send-answer.js';
import { sleep } from './sleep.js';
import type { Spool } from './spool.js';
import type { SpoolRelief } from './spool-relief.js';
import type { RetryableSend, SendOutcome, Transport } from './transport.js';

/** done: every item stored or rejected; moved: given up to the spool; stopped: by close. */
export type Finish = 'done' | 'moved' | 'stopped';

export interface BatchSenderParts {
  readonly transport: Transport;
  readonly signal: AbortSignal;
  readonly concurrency: number;
  readonly maxRetryTimeMs: number;
  readonly spool: Spool | null;
  readonly retry: RetryState;
  readonly counters: DeliveryCounters;
  readonly relief: SpoolRelief;
  /** After every round of answers: waiters (flush) look again. */
  readonly progressed: () => void;
}

export class BatchSender {
  readonly #p: BatchSenderParts;

  constructor(parts: BatchSenderParts) {
    this.#p = parts;
  }

  async deliver(batch: Batch): Promise<Finish> {
    const { signal, retry, relief } = this.#p;
    const startedAt = Date.now();
    while (batch.pending.length > 0) {
      if (signal.aborted) return 'stopped';
      const wait = retry.retryAt - Date.now();
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      batch.sending = batch.pending.splice(0, this.#p.concurrency);
      const outcomes = await Promise.all(batch.sending.map((part) => this.#send(part)));
      const aborted = signal.aborted;
      const again: ItemPart[] = [];
      let failure: RetryableSend | null = null;
      batch.sending.forEach((part, i) => {
        const outcome = outcomes[i]!;
        if (aborted && outcome.kind === 'retryable') {
          again.push(part); // cut short by close: kept, not counted as a failure
          return;
        }
        const answer = answerOf(part, outcome);
        for (const r of answer.rejected) this.#p.counters.reject(r.item, r.reason);
        if (answer.answered) this.#answered(answer.stored);
        again.push(...answer.again); // parts of one batch: a handful
        failure ??= answer.failure;
      });
      batch.pending.unshift(...again);
      batch.sending = [];
      if (failure !== null) this.#failed(failure);
      this.#p.progressed();
      if (aborted && batch.pending.length > 0) return 'stopped';
      const retriedMs = Date.now() - startedAt;
      if (failure !== null && batch.from === 'memory' && retriedMs >= this.#p.maxRetryTimeMs) {
        relief.giveUp(batch, retriedMs);
        return 'moved';
      }
    }
    if (batch.read !== null) this.#p.spool?.ack(batch.read);
    return 'done';
  }

  /** The server answered (even if to refuse content); `stored` items are delivered. */
  #answered(stored: number): void {
    this.#p.retry.answered();
    this.#p.relief.stopBacklog();
    if (stored > 0) this.#p.counters.stored(stored);
  }

  #failed(failure: RetryableSend): void {
    this.#p.counters.lastError = failure.error;
    this.#p.retry.failed(failure);
    this.#p.relief.scheduleBacklog();
  }

  async #send(part: ItemPart): Promise<SendOutcome> {
    try {
      return await this.#p.transport.send(part, this.#p.signal);
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
}
