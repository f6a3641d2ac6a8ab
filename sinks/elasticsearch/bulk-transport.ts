// Sends a batch of documents with one bulk request and reads the answer item by item.
import type { Client } from '@elastic/elasticsearch';
import { ErrorCode } from '../../src/contract/errors.js';
import { OK } from '../../src/contract/sink.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import { checkOutcome } from '../delivery/check-outcome.js';
import type { ItemPart } from '../delivery/item-part.js';
import type { SendOutcome, Transport } from '../delivery/transport.js';
import { bulkOutcome } from './bulk-outcome.js';
import type { BulkResponse } from './bulk-outcome.js';
import { bulkBody } from './bulk-body.js';
import { BufferPool } from '../delivery/buffer-pool.js';
import { esErrorOutcome } from './es-errors.js';
import { templatePatterns } from './index-mode.js';
import type { IndexMode } from './index-mode.js';

/**
 * Only what is needed to tell items apart: much less to parse for a large batch. ES writes
 * `errors` first, which bulk-answer-serializer.ts relies on to skip the items when none failed.
 */
export const FILTER_PATH = 'errors,items.*.status,items.*.error';

export class BulkTransport implements Transport {
  readonly #client: Client;
  readonly #mode: IndexMode;
  readonly #prefix: string;
  /** Bodies kept for reuse: one per request in flight (the delivery sends two at once). */
  readonly #bodies = new BufferPool(2);

  constructor(client: Client, mode: IndexMode, prefix: string) {
    this.#client = client;
    this.#mode = mode;
    this.#prefix = prefix;
  }

  async send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome> {
    const body = bulkBody(part, this.#mode, this.#bodies);
    try {
      const response = await this.#client.bulk<string>(
        // A Buffer is sent as it is (the client serializes only arrays); its types say arrays.
        { operations: body as never, filter_path: FILTER_PATH },
        { signal },
      );
      const answer: BulkResponse = response;
      return bulkOutcome(answer, part.length, this.#mode);
    } catch (error) {
      return esErrorOutcome(error);
    } finally {
      // Answered (or failed): the client is done with the body; the whole Buffer goes back.
      this.#bodies.give(Buffer.from(body.buffer));
    }
  }

  /**
   * The cluster answers /_cluster/health with lagwatch's credentials, and, where the
   * security API exists, the user may write lagwatch's indices.
   */
  async check(signal: AbortSignal): Promise<SinkOutcome> {
    try {
      await this.#client.cluster.health({}, { signal });
    } catch (error) {
      return checkOutcome(esErrorOutcome(error), false);
    }
    return this.#checkPrivileges(signal);
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  async #checkPrivileges(signal: AbortSignal): Promise<SinkOutcome> {
    const privileges =
      this.#mode === 'data-stream' ? ['create_doc', 'auto_configure'] : ['index', 'create_index'];
    let answer: { has_all_requested: boolean; index: Record<string, Record<string, boolean>> };
    try {
      answer = await this.#client.security.hasPrivileges(
        { index: [{ names: templatePatterns(this.#mode, this.#prefix), privileges }] },
        { signal },
      );
    } catch (error) {
      // No security API (a cluster without it, or with security off): nothing to check.
      const outcome = esErrorOutcome(error);
      return outcome.kind === 'retryable' &&
        outcome.blocked &&
        outcome.code === ErrorCode.SINK_UNAUTHORIZED
        ? checkOutcome(outcome, false)
        : OK;
    }
    if (answer.has_all_requested) return OK;
    const missing = Object.entries(answer.index).flatMap(([pattern, granted]) =>
      Object.entries(granted)
        .filter(([, has]) => !has)
        .map(([privilege]) => `${privilege} on ${pattern}`),
    );
    return {
      kind: 'failed',
      code: ErrorCode.SINK_UNAUTHORIZED,
      error: `the user lacks index privileges: ${missing.join(', ')}`,
    };
  }
}
