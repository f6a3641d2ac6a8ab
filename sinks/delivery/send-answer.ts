// What one answer to one request means for its items: stored, rejected for good, or to be
// sent again (the halves of a refused part, the items a server asked to retry), and the
// failure to back off from, if any. Pure: the delivery acts on it.
import { ErrorCode } from '../../src/contract/errors.js';
import type { ItemPart } from './item-part.js';
import type { RetryableSend, SendOutcome } from './transport.js';

export interface SendAnswer {
  /** The server answered (even to refuse content): it is there and takes lagwatch. */
  readonly answered: boolean;
  readonly stored: number;
  readonly rejected: readonly { readonly item: string; readonly reason: string }[];
  readonly again: ItemPart[];
  readonly failure: RetryableSend | null;
}

export function answerOf(part: ItemPart, outcome: SendOutcome): SendAnswer {
  switch (outcome.kind) {
    case 'ok':
      return { answered: true, stored: part.length, rejected: [], again: [], failure: null };
    case 'failed': {
      if (part.length === 1) {
        const rejected = [{ item: part.item(0), reason: outcome.error }];
        return { answered: true, stored: 0, rejected, again: [], failure: null };
      }
      const half = Math.ceil(part.length / 2);
      const again = [part.slice(0, half), part.slice(half, part.length)];
      return { answered: true, stored: 0, rejected: [], again, failure: null };
    }
    case 'partial': {
      const rejected = outcome.rejected.map((r) => ({
        item: part.item(r.index),
        reason: r.reason,
      }));
      const stored = part.length - outcome.rejected.length - outcome.retry.length;
      if (outcome.retry.length === 0) {
        return { answered: true, stored, rejected, again: [], failure: null };
      }
      return {
        answered: true,
        stored,
        rejected,
        again: [part.pick(outcome.retry)],
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
      return { answered: false, stored: 0, rejected: [], again: [part], failure: outcome };
  }
}
