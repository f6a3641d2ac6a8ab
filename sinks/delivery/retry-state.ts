// Whether the server is failing, and until when the delivery waits before sending again:
// consecutive failures, the backoff's next time, whether lagwatch itself is refused. Logs
// the first failure of a run (an error when refused) and the server's return.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { retryDelayMs } from './backoff.js';
import type { RetryOptions } from './backoff.js';
import type { RetryableSend } from './transport.js';

export class RetryState {
  readonly #options: RetryOptions;
  readonly #logger: Logger;
  readonly #random: (() => number) | undefined;
  /** Sends that failed, ever. */
  retries = 0;
  /** Consecutive failures; 0 while the server answers. */
  failures = 0;
  /** The server refuses lagwatch itself (credentials, a missing database). */
  blocked = false;
  /** No send before this time (ms since the epoch). */
  retryAt = 0;
  lastCode: ErrorCode = ErrorCode.SINK_UNREACHABLE;

  constructor(options: RetryOptions, logger: Logger, random?: () => number) {
    this.#options = options;
    this.#logger = logger;
    this.#random = random;
  }

  get failing(): boolean {
    return this.failures > 0;
  }

  /** The server answered: the backoff ends. */
  answered(): void {
    if (this.failures > 0) {
      this.#logger.info({ failures: this.failures }, 'the server answers again');
    }
    this.failures = 0;
    this.retryAt = 0;
    this.blocked = false;
  }

  /** A send failed: the next one waits the backoff (or the server's Retry-After). */
  failed(outcome: RetryableSend): void {
    this.retries++;
    this.failures++;
    this.blocked = outcome.blocked;
    this.lastCode = outcome.code;
    const delayMs = retryDelayMs(
      { failures: this.failures, retryAfterMs: outcome.retryAfterMs, blocked: outcome.blocked },
      this.#options,
      this.#random,
    );
    this.retryAt = Date.now() + delayMs;
    const fields = { code: outcome.code, error: outcome.error, failures: this.failures, delayMs };
    // The first failure of a run is a warning (an error when lagwatch itself is refused);
    // the ones after it, until the server answers, are debug.
    if (this.failures === 1) {
      if (outcome.blocked) this.#logger.error(fields, 'the server refuses lagwatch; keeping items');
      else this.#logger.warn(fields, 'sending failed; will retry');
    } else {
      this.#logger.debug(fields, 'sending failed again');
    }
  }
}
