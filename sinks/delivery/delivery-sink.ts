// A Sink made of three parts: an encoder (report -> lines), a transport (lines -> server)
// and the shared delivery between them. The InfluxDB and Elasticsearch sinks are this,
// with their own encoder, transport and start-up steps.
import { join } from 'node:path';
import type { BatchConfig, QueueConfig, RetryConfig, SpoolConfig } from './options.js';
import { ErrorCode } from '../../src/contract/errors.js';
import type { Logger } from '../../src/contract/logger.js';
import { OK } from '../../src/contract/sink.js';
import type { EvaluationReport, Sink, SinkHealth, SinkOutcome } from '../../src/contract/sink.js';
import { Delivery } from './delivery.js';
import type { ItemQueue } from './item-queue.js';
import { ReportEncoding, type PartEncoder } from './report-encoding.js';
import type { Transport } from './transport.js';

/** The delivery keys every sink's config has. */
export interface DeliveryConfig {
  readonly batch: BatchConfig;
  readonly retry: RetryConfig;
  readonly queue: QueueConfig;
  readonly spool: SpoolConfig;
}

export interface DeliverySinkParts {
  readonly name: string;
  readonly config: DeliveryConfig;
  /** The sink's logger; a child with `sink: name` is made from it. */
  readonly logger: Logger;
  readonly transport: Transport;
  /**
   * Writes a report, or a part of it (report-part.ts), into a target as items, each one line
   * of text (no newline inside). May throw on a bug.
   */
  readonly encode: PartEncoder;
  /** Run by start() after a successful check (e.g. installing an index template). */
  readonly setup?: ((signal: AbortSignal) => Promise<SinkOutcome>) | undefined;
  /** Run by check() and start() last: is everything the sink needs there (the template)? */
  readonly verify?: ((signal: AbortSignal) => Promise<SinkOutcome>) | undefined;
  /** For tests: the jitter's source. */
  readonly random?: (() => number) | undefined;
}

export class DeliverySink implements Sink {
  readonly name: string;
  readonly #parts: DeliverySinkParts;
  readonly #logger: Logger;
  readonly #delivery: Delivery;
  readonly #encoding: ReportEncoding<ItemQueue>;
  #encodeErrors = 0;

  constructor(parts: DeliverySinkParts) {
    this.name = parts.name;
    this.#parts = parts;
    this.#logger = parts.logger.child({ sink: parts.name });
    const { batch, retry, queue, spool } = parts.config;
    this.#delivery = new Delivery({
      name: parts.name,
      batch,
      retry,
      queue,
      // One folder per sink, so sinks sharing a spool.dir never mix their items.
      spool: {
        dir: spool.dir === undefined ? undefined : join(spool.dir, parts.name),
        maxBytes: spool.maxBytes,
        flushIntervalMs: spool.flushIntervalMs,
      },
      transport: parts.transport,
      logger: this.#logger,
      random: parts.random,
    });
    this.#encoding = new ReportEncoding(parts.encode, {
      target: () => this.#delivery.staging(),
      encoded: (_report, staged) => this.#delivery.enqueueStaged(staged),
      failed: (report, error, staged) => {
        staged.clear();
        this.#encodeFailed(report, error);
      },
    });
  }

  async start(deadlineMs: number): Promise<SinkOutcome> {
    const deadline = Date.now() + deadlineMs;
    const remaining = (): AbortSignal => AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    const checked = await this.#reach(remaining());
    if (checked.kind === 'failed') {
      this.#logger.error({ code: checked.code, error: checked.error }, 'the sink cannot start');
      return checked;
    }
    if (checked.kind === 'retryable') {
      this.#logger.warn(
        { code: checked.code, error: checked.error },
        'the server cannot be reached now; reports are kept and delivered when it is back',
      );
    }
    if (checked.kind !== 'ok') return checked;
    const { setup, verify } = this.#parts;
    let outcome = setup === undefined ? OK : this.#named(await setup(remaining()));
    if (outcome.kind === 'ok' && verify !== undefined)
      outcome = this.#named(await verify(remaining()));
    if (outcome.kind !== 'ok') {
      this.#logger.error(
        { code: outcome.code, error: outcome.error },
        'setting up the sink failed',
      );
    }
    return outcome;
  }

  async check(deadlineMs: number): Promise<SinkOutcome> {
    const signal = AbortSignal.timeout(deadlineMs);
    const reached = await this.#reach(signal);
    if (reached.kind !== 'ok' || this.#parts.verify === undefined) return reached;
    return this.#named(await this.#parts.verify(signal));
  }

  /** The spool opened, and the server answers and takes lagwatch's credentials. */
  async #reach(signal: AbortSignal): Promise<SinkOutcome> {
    const spoolError = this.#delivery.spoolError;
    if (spoolError !== null) {
      return { kind: 'failed', code: ErrorCode.SPOOL_IO, error: `${this.name}: ${spoolError}` };
    }
    return this.#named(await this.#parts.transport.check(signal));
  }

  /** Outcomes name the sink, so a message at start says which one. */
  #named(outcome: SinkOutcome): SinkOutcome {
    return outcome.kind === 'ok'
      ? OK
      : { ...outcome, error: `sink ${this.name}: ${outcome.error}` };
  }

  /** A large report is encoded in parts on later turns of the event loop (report-encoding.ts). */
  write(report: EvaluationReport): void {
    this.#encoding.add(report);
  }

  #encodeFailed(report: EvaluationReport, error: unknown): void {
    this.#encodeErrors++;
    this.#logger.error(
      {
        err: error,
        cluster: report.cluster,
        takenAt: report.takenAt,
        encodeErrors: this.#encodeErrors,
      },
      'a report could not be encoded; it is skipped',
    );
  }

  /** Reports written whose encoding has not finished (they are encoded first by flush and close). */
  get encodingWaiting(): number {
    return this.#encoding.waiting;
  }

  flush(deadlineMs: number): Promise<SinkOutcome> {
    this.#encoding.drain();
    return this.#delivery.flush(deadlineMs);
  }

  close(deadlineMs: number): Promise<SinkOutcome> {
    this.#encoding.drain();
    return this.#delivery.close(deadlineMs);
  }

  health(): SinkHealth {
    return this.#delivery.health();
  }
}
