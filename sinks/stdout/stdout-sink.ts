// The default sink where none is configured: one JSON line per report on stdout,
// for piping into jq, a file or another tool. A reader slower than the ticks makes the
// stream buffer grow: beyond `maxBufferedBytes` reports are dropped and counted.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ErrorCode } from '../../src/contract/errors.js';
import { OK } from '../../src/contract/sink.js';
import type { EvaluationReport, Sink, SinkHealth, SinkOutcome } from '../../src/contract/sink.js';

export interface StdoutSinkOptions {
  readonly name?: string | undefined;
  readonly out?: Writable | undefined;
  /** Bytes the stream may hold unwritten before reports are dropped. Default 64 MiB. */
  readonly maxBufferedBytes?: number | undefined;
}

export class StdoutSink implements Sink {
  readonly name: string;
  readonly #out: Writable;
  readonly #maxBufferedBytes: number;
  #written = 0;
  #dropped = 0;
  #lastError: string | null = null;
  #lastWriteAt: number | null = null;
  #closed = false;

  constructor(options: StdoutSinkOptions = {}) {
    this.name = options.name ?? 'stdout';
    this.#out = options.out ?? process.stdout;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  }

  start(): Promise<SinkOutcome> {
    return Promise.resolve(OK);
  }

  check(): Promise<SinkOutcome> {
    return Promise.resolve(OK);
  }

  write(report: EvaluationReport): void {
    if (this.#closed) {
      this.#dropped++;
      return;
    }
    if (this.#out.writableLength > this.#maxBufferedBytes) {
      this.#dropped++;
      this.#lastError = `the reader is too slow: more than ${this.#maxBufferedBytes} bytes wait`;
      return;
    }
    try {
      this.#out.write(`${JSON.stringify(report)}\n`);
      this.#written++;
      this.#lastWriteAt = Date.now();
      this.#lastError = null;
    } catch (error) {
      this.#dropped++;
      this.#lastError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Waits until the stream has handed what it holds to the system, at most `deadlineMs`. */
  async flush(deadlineMs: number): Promise<SinkOutcome> {
    if (!this.#out.writableNeedDrain) return OK;
    const signal = AbortSignal.timeout(deadlineMs);
    const drained = await once(this.#out, 'drain', { signal }).then(
      () => true,
      () => false,
    );
    return drained
      ? OK
      : {
          kind: 'retryable',
          code: ErrorCode.SINK_UNREACHABLE,
          error: `stdout did not drain within ${deadlineMs} ms`,
          retryAfterMs: 0,
        };
  }

  async close(deadlineMs: number): Promise<SinkOutcome> {
    this.#closed = true;
    return this.flush(deadlineMs);
  }

  health(): SinkHealth {
    return {
      sink: this.name,
      healthy: this.#lastError === null,
      state: this.#lastError === null ? 'ok' : 'down',
      delivered: this.#written,
      queued: 0,
      spooled: 0,
      spoolBytes: 0,
      quarantined: 0,
      dropped: this.#dropped,
      rejected: 0,
      retries: 0,
      lastDeliveryAt: this.#lastWriteAt,
      lastError: this.#lastError,
    };
  }

  /** Reports written so far. */
  get written(): number {
    return this.#written;
  }
}
