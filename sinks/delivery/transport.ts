// What a sink's transport does for the shared delivery: send one batch of items as one
// request and say what became of each item, in the contract's outcome vocabulary. It
// never throws; the delivery decides what to retry, split, spool, reject or drop.
import type { Outcome } from '../../src/contract/outcome.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import type { ItemPart } from './item-part.js';

/**
 * The contract's Outcome, said of one request, plus the per-item answer some servers give:
 * - `ok`: the server stored every item;
 * - `failed`: the server refused the request for its content (a 4xx that would fail
 *   again, 413): one item is rejected; a larger batch is split to find the items at fault;
 * - `retryable`: nothing was stored; the same request can succeed later (network, timeout,
 *   408, 429, 5xx). `blocked`: the server refused lagwatch itself (401, 403, no such
 *   database) and will until an operator acts; the items are kept and the sink waits the
 *   longest delay (at start, `checkOutcome` makes this `failed`);
 * - `partial`: the server answered item by item (Elasticsearch's bulk).
 */
export type SendOutcome =
  Exclude<Outcome, { readonly kind: 'retryable' }> | RetryableSend | PartialSend;

export type RetryableSend = Extract<Outcome, { readonly kind: 'retryable' }> & {
  readonly blocked: boolean;
};

/**
 * `rejected` items are refused for good, `retry` items may succeed later, every other item
 * was stored. Indexes are positions in the batch sent.
 */
export interface PartialSend {
  readonly kind: 'partial';
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
  readonly retry: readonly number[];
  readonly error: string | null;
  readonly retryAfterMs: number | null;
}

export interface Transport {
  /**
   * One request with these items (each one line, as the encoder made it, as UTF-8 bytes with
   * a newline each: item-part.ts). Never rejects.
   */
  send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome>;
  /** Reachability, credentials and the target's existence, changing nothing. Never rejects. */
  check(signal: AbortSignal): Promise<SinkOutcome>;
  /** Releases connections. */
  close(): Promise<void>;
}
