// What a sink's transport does for the shared delivery: send one batch of items as one
// request and say what became of each item. It never throws; the delivery decides what
// to retry, split, spool, reject or drop.
import type { ErrorCode } from '../../src/contract/errors.js';
import type { SinkOutcome } from '../../src/contract/sink.js';

export type SendOutcome =
  /** The server stored every item. */
  | { readonly kind: 'delivered' }
  /**
   * The server refused the request for its content (a 4xx that would fail again, 413):
   * one item is rejected; a larger batch is split to find the items at fault.
   */
  | { readonly kind: 'refused'; readonly code: ErrorCode; readonly error: string }
  /**
   * The server answered item by item (Elasticsearch's bulk): `rejected` items are refused
   * for good, `retry` items may succeed later, every other item was stored. Indexes are
   * positions in the batch sent.
   */
  | {
      readonly kind: 'partial';
      readonly rejected: readonly { readonly index: number; readonly reason: string }[];
      readonly retry: readonly number[];
      readonly error: string | null;
      readonly retryAfterMs: number | null;
    }
  /**
   * Nothing was stored; the same request can succeed later (network, timeout, 5xx, 429).
   * `blocked`: the server refused lagwatch itself (401, 403, no such database) and will
   * until an operator acts; the items are kept and the sink waits the longest delay.
   */
  | {
      readonly kind: 'retryable';
      readonly code: ErrorCode;
      readonly error: string;
      readonly retryAfterMs: number | null;
      readonly blocked: boolean;
    };

export interface Transport {
  /** One request with these items (each one line, as the encoder made it). Never rejects. */
  send(items: readonly string[], signal: AbortSignal): Promise<SendOutcome>;
  /** Reachability, credentials and the target's existence, changing nothing. Never rejects. */
  check(signal: AbortSignal): Promise<SinkOutcome>;
  /** Releases connections. */
  close(): Promise<void>;
}
