// A scripted Transport for delivery tests: records every request, answers from a script
// (or a function of the items), and can be told to hang until aborted.
import { ErrorCode } from '../../../../src/contract/errors.js';
import { OK } from '../../../../src/contract/sink.js';
import type { SinkOutcome } from '../../../../src/contract/sink.js';
import type { ItemPart } from '../../../../sinks/delivery/item-part.js';
import type { SendOutcome, Transport } from '../../../../sinks/delivery/transport.js';

export type Answer = SendOutcome | ((items: readonly string[]) => SendOutcome);

export const down: Extract<SendOutcome, { kind: 'retryable' }> = {
  kind: 'retryable',
  code: ErrorCode.SINK_UNREACHABLE,
  error: 'connect ECONNREFUSED',
  retryAfterMs: null,
  blocked: false,
};

export const unauthorized: SendOutcome = {
  kind: 'retryable',
  code: ErrorCode.SINK_UNAUTHORIZED,
  error: 'HTTP 401',
  retryAfterMs: null,
  blocked: true,
};

export const delivered: SendOutcome = { kind: 'ok' };

/** Refuses any request holding an item for which `bad` is true; stores the others. */
export function refusing(bad: (item: string) => boolean): Answer {
  return (items) =>
    items.some(bad)
      ? { kind: 'failed', code: ErrorCode.SINK_REJECTED, error: 'HTTP 400: bad item' }
      : delivered;
}

export class FakeTransport implements Transport {
  /** Every request's items, in order. */
  readonly requests: string[][] = [];
  /** Items the "server" stored, in order (what a delivered or partial answer stored). */
  readonly stored: string[] = [];
  /** Answers used one per request; when empty, `otherwise`. */
  script: Answer[] = [];
  otherwise: Answer = delivered;
  /** While true, send() waits until its signal aborts (a server that never answers). */
  hang = false;
  closed = false;
  checkOutcome: SinkOutcome = OK;

  async send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome> {
    const items = part.strings();
    this.requests.push([...items]);
    if (this.hang) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      return { ...down, error: 'aborted' };
    }
    await Promise.resolve();
    const answer = this.script.shift() ?? this.otherwise;
    const outcome = typeof answer === 'function' ? answer(items) : answer;
    if (outcome.kind === 'ok') this.stored.push(...items);
    if (outcome.kind === 'partial') {
      const skip = new Set([...outcome.retry, ...outcome.rejected.map((r) => r.index)]);
      items.forEach((item, i) => {
        if (!skip.has(i)) this.stored.push(item);
      });
    }
    return outcome;
  }

  check(): Promise<SinkOutcome> {
    return Promise.resolve(this.checkOutcome);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
