// A notifier from a transport: a bounded FIFO queue sent one at a time, so notifications of
// an incident arrive in the order they were made. A send the receiver may take later
// (no answer, 5xx, 429) is tried again after a backoff (Retry-After wins) for as long as
// it takes: the head waits, nothing behind it overtakes it, nothing is lost while the
// queue has room. A full queue drops its oldest reminder, else its oldest notification;
// every drop is counted and logged. `send` only queues: it never waits and never throws.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Notification } from '../../src/contract/incident.js';
import type { Logger } from '../../src/contract/logger.js';
import type {
  DeliveryResult,
  Notifier,
  NotifierHealth,
  NotificationTransport,
} from '../../src/contract/notifier.js';
import { OK, type Outcome } from '../../src/contract/outcome.js';
import { retryDelayMs, type Backoff } from './backoff.js';

export interface QueuedNotifierOptions {
  readonly name: string;
  readonly type: string;
  readonly transport: NotificationTransport;
  readonly queueSize: number;
  readonly backoff: Backoff;
  readonly logger: Logger;
  /** Told what became of each notification (the incidents' record of what was sent). */
  readonly onResult?: ((notification: Notification, result: DeliveryResult) => void) | undefined;
  /** Notifications not delivered before the last shutdown, oldest first. */
  readonly restored?: readonly Notification[] | undefined;
  readonly now?: () => number;
}

const describe = (n: Notification) => ({
  incident: n.incident.id,
  kind: n.kind,
  seq: n.seq,
});

export class QueuedNotifier implements Notifier {
  readonly name: string;
  readonly type: string;
  readonly #options: QueuedNotifierOptions;
  readonly #log: Logger;
  readonly #queue: Notification[] = [];
  readonly #abort = new AbortController();
  readonly #now: () => number;
  #running: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #closed = false;
  #sent = 0;
  #failed = 0;
  #dropped = 0;
  #retries = 0;
  #lastSentAt: number | null = null;
  #lastError: string | null = null;

  constructor(options: QueuedNotifierOptions) {
    this.name = options.name;
    this.type = options.type;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger.child({ notifier: options.name, notifierType: options.type });
    for (const n of options.restored ?? []) this.send(n);
  }

  send(notification: Notification): void {
    if (this.#closed) {
      this.#drop(notification, 'the notifier is closed');
      return;
    }
    if (this.#queue.length >= this.#options.queueSize) {
      // The head may be in flight: it stays. A reminder says nothing new; else the oldest.
      const reminder = this.#queue.findIndex((n, i) => i > 0 && n.reminder);
      const index = reminder > 0 ? reminder : this.#queue.length > 1 ? 1 : 0;
      const [victim] = this.#queue.splice(index, 1);
      if (victim) this.#drop(victim, `the queue is full (${this.#options.queueSize})`);
    }
    this.#queue.push(notification);
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
  }

  async flush(deadlineMs: number): Promise<Outcome> {
    const until = Date.now() + deadlineMs;
    while (this.#queue.length > 0 && Date.now() < until && !this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, until - Date.now())));
    }
    if (this.#queue.length === 0) return OK;
    return {
      kind: 'retryable',
      code: ErrorCode.NOTIFIER_UNREACHABLE,
      error: `${this.#queue.length} notification(s) not delivered yet${this.#lastError ? `: ${this.#lastError}` : ''}`,
      retryAfterMs: null,
    };
  }

  async close(deadlineMs: number): Promise<Outcome> {
    const outcome = await this.flush(deadlineMs);
    this.#closed = true;
    this.#abort.abort();
    this.#wake?.();
    await this.#running;
    if (this.#queue.length > 0) {
      this.#log.warn(
        { pending: this.#queue.length },
        'notifications not delivered at shutdown: kept for the next start',
      );
    }
    return outcome;
  }

  pending(): readonly Notification[] {
    return [...this.#queue];
  }

  health(): NotifierHealth {
    return {
      notifier: this.name,
      type: this.type,
      sent: this.#sent,
      failed: this.#failed,
      dropped: this.#dropped,
      retries: this.#retries,
      queued: this.#queue.length,
      lastSentAt: this.#lastSentAt,
      lastError: this.#lastError,
    };
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      const head = this.#queue[0];
      if (head === undefined) return;
      const outcome = await this.#deliver(head);
      if (this.#closed && outcome.kind !== 'ok') return;
      if (outcome.kind === 'retryable') {
        failures += 1;
        this.#retries += 1;
        this.#lastError = outcome.error;
        const waitMs = retryDelayMs(failures, outcome.retryAfterMs, this.#options.backoff);
        this.#log.warn(
          { ...describe(head), error: outcome.error, waitMs, failures },
          'notification not delivered; trying again',
        );
        await this.#sleep(waitMs);
        continue;
      }
      failures = 0;
      if (this.#queue[0] === head) this.#queue.shift();
      if (outcome.kind === 'ok') {
        this.#sent += 1;
        this.#lastSentAt = this.#now();
        this.#log.debug(describe(head), 'notification sent');
        this.#options.onResult?.(head, 'sent');
      } else {
        this.#failed += 1;
        this.#lastError = outcome.error;
        this.#log.error(
          { ...describe(head), code: outcome.code, error: outcome.error },
          'notification refused by the receiver; not sent again',
        );
        this.#options.onResult?.(head, 'failed');
      }
    }
  }

  async #deliver(notification: Notification): Promise<Outcome> {
    try {
      return await this.#options.transport.deliver(notification, this.#abort.signal);
    } catch (error) {
      // A transport must not throw; if one does, the notification is kept and tried again.
      return {
        kind: 'retryable',
        code: ErrorCode.NOTIFIER_UNREACHABLE,
        error: error instanceof Error ? error.message : String(error),
        retryAfterMs: null,
      };
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  #drop(notification: Notification, why: string): void {
    this.#dropped += 1;
    this.#log.warn({ ...describe(notification), why }, 'notification dropped');
    this.#options.onResult?.(notification, 'dropped');
  }
}
