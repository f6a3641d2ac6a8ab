// Elasticsearch can be rebuilt behind a running sink (a restore, a new cluster at the same
// address). Written to without lagwatch's index template, the index is created with
// dynamic mappings and every dashboard reads wrong fields. So the template is checked
// before the first send, before the first send after a failed one (a reconnect), and every
// `checkEveryMs`. Missing, or lagwatch's of an older version (its indices would refuse the
// newer fields): (re)installed when the sink may install it (setupOnStart); else the batch
// is held as "blocked" (kept, retried at the longest delay, the sink `down` with the
// reason as its lastError) until someone installs it.
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import type { SinkOutcome } from '../../src/contract/sink.js';
import type { SendOutcome, Transport } from '../delivery/transport.js';
import type { TemplateCheck } from './setup.js';
import type { ItemPart } from '../delivery/item-part.js';

/** How often the template is checked while all goes well. */
export const TEMPLATE_CHECK_EVERY_MS = 60_000;

export interface TemplateGuardOptions {
  /** Is the template there? `failed` with SINK_TARGET_MISSING when it is not. */
  readonly verify: (signal: AbortSignal) => Promise<TemplateCheck>;
  /** Installs or upgrades it; absent when the sink may not (setupOnStart false). */
  readonly install?: ((signal: AbortSignal) => Promise<SinkOutcome>) | undefined;
  readonly templateName: string;
  readonly logger: Logger;
  readonly checkEveryMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

type Held = Extract<SendOutcome, { kind: 'retryable' }>;

export class TemplateGuardedTransport implements Transport {
  readonly #inner: Transport;
  readonly #options: TemplateGuardOptions;
  readonly #now: () => number;
  readonly #checkEveryMs: number;
  /** When the template was last seen; null: check before the next send. */
  #seenAt: number | null = null;

  constructor(inner: Transport, options: TemplateGuardOptions) {
    this.#inner = inner;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#checkEveryMs = options.checkEveryMs ?? TEMPLATE_CHECK_EVERY_MS;
  }

  async send(part: ItemPart, signal: AbortSignal): Promise<SendOutcome> {
    if (this.#seenAt === null || this.#now() - this.#seenAt >= this.#checkEveryMs) {
      const held = await this.#ensureTemplate(signal);
      if (held !== null) return held;
      this.#seenAt = this.#now();
    }
    const outcome = await this.#inner.send(part, signal);
    // The server may come back as another one: look again before the next send.
    if (outcome.kind === 'retryable') this.#seenAt = null;
    return outcome;
  }

  check(signal: AbortSignal): Promise<SinkOutcome> {
    return this.#inner.check(signal);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  /** null when the template is there (found, or installed now); else why the batch waits. */
  async #ensureTemplate(signal: AbortSignal): Promise<Held | null> {
    const verified = await this.#options.verify(signal);
    if (verified.kind === 'ok') return null;
    const outdated = verified.kind === 'outdated';
    const missing =
      outdated || (verified.kind === 'failed' && verified.code === ErrorCode.SINK_TARGET_MISSING);
    if (!missing) return held(verified);
    const { install, templateName, logger } = this.#options;
    if (install === undefined) {
      return held({
        kind: 'failed',
        code: ErrorCode.SINK_TARGET_MISSING,
        error: outdated
          ? `${verified.error}; documents are held until then`
          : `index template "${templateName}" is missing (Elasticsearch rebuilt, or the template ` +
            'deleted?): documents are held until it is installed (`lagwatch setup elasticsearch`, ' +
            'or setupOnStart: true to reinstall it by itself)',
      });
    }
    const installed = await install(signal);
    if (installed.kind !== 'ok') return held(installed);
    if (outdated) {
      logger.warn(
        { template: templateName, from: verified.installedVersion },
        `the index template was version ${verified.installedVersion}: upgraded it, and the existing indices' mappings`,
      );
    } else {
      logger.warn(
        { code: ErrorCode.SINK_TARGET_MISSING, template: templateName },
        'the index template was missing (Elasticsearch rebuilt?); installed it again',
      );
    }
    return null;
  }
}

/** A check that did not pass, as a send that keeps its items and backs off. */
function held(outcome: Exclude<SinkOutcome, { kind: 'ok' }>): Held {
  return {
    kind: 'retryable',
    code: outcome.code,
    error: outcome.error,
    retryAfterMs: outcome.kind === 'retryable' ? outcome.retryAfterMs : null,
    // Only an operator (or setupOnStart) brings a template back: wait the longest delay.
    blocked: outcome.kind === 'failed',
  };
}
