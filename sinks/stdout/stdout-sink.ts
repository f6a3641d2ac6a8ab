// The default sink where none is configured: one JSON line per report on stdout,
// for piping into jq, a file or another tool.
import type { Writable } from 'node:stream';
import type { EvaluationReport, Sink, SinkHealth, SinkOutcome } from '../sink.js';

export class StdoutSink implements Sink {
  readonly name: string;
  readonly #out: Writable;
  #written = 0;
  #lastError: string | null = null;
  #closed = false;

  constructor(options: { name?: string; out?: Writable } = {}) {
    this.name = options.name ?? 'stdout';
    this.#out = options.out ?? process.stdout;
  }

  write(report: EvaluationReport): void {
    if (this.#closed) return;
    try {
      this.#out.write(`${JSON.stringify(report)}\n`);
      this.#written++;
    } catch (error) {
      this.#lastError = error instanceof Error ? error.message : String(error);
    }
  }

  flush(): Promise<SinkOutcome> {
    return Promise.resolve({ kind: 'ok' });
  }

  close(): Promise<SinkOutcome> {
    this.#closed = true;
    return Promise.resolve({ kind: 'ok' });
  }

  health(): SinkHealth {
    return {
      sink: this.name,
      healthy: this.#lastError === null,
      state: this.#lastError === null ? 'ok' : 'down',
      queued: 0,
      dropped: 0,
      rejected: 0,
      lastError: this.#lastError,
    };
  }

  /** Reports written so far. */
  get written(): number {
    return this.#written;
  }
}
