// What a Delivery is made with: the sink's batch, retry, queue and spool settings (from
// its options schema, options.ts), its transport and its logger.
import type { Logger } from '../../src/contract/logger.js';
import type { RetryOptions } from './backoff.js';
import type { Transport } from './transport.js';

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
