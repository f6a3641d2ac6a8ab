// A test double of the Sink contract: keeps every report in memory, with switches to make
// it misbehave (throw on write, answer slowly, fail), so the pipeline's and the fan-out's
// handling of bad sinks can be tested without a server.
import { ErrorCode } from '../src/contract/errors.js';
import { OK } from '../src/contract/sink.js';
import type { EvaluationReport, Sink, SinkHealth, SinkOutcome } from '../src/contract/sink.js';

export interface MemorySinkFaults {
  /** write() throws (a broken sink; real sinks never do). */
  throwOnWrite?: boolean;
  /** flush(), close(), start() and check() take this long (or forever: Infinity). */
  delayMs?: number;
  /** What flush(), close(), start() and check() return. Default ok. */
  outcome?: SinkOutcome;
}

export class MemorySink implements Sink {
  readonly name: string;
  readonly reports: EvaluationReport[] = [];
  faults: MemorySinkFaults;
  closed = false;

  constructor(name = 'memory', faults: MemorySinkFaults = {}) {
    this.name = name;
    this.faults = faults;
  }

  start(): Promise<SinkOutcome> {
    return this.#answer();
  }

  check(): Promise<SinkOutcome> {
    return this.#answer();
  }

  write(report: EvaluationReport): void {
    if (this.faults.throwOnWrite === true) throw new Error(`${this.name}: write fault switched on`);
    if (!this.closed) this.reports.push(report);
  }

  flush(): Promise<SinkOutcome> {
    return this.#answer();
  }

  close(): Promise<SinkOutcome> {
    this.closed = true;
    return this.#answer();
  }

  health(): SinkHealth {
    const outcome = this.faults.outcome ?? OK;
    return {
      sink: this.name,
      healthy: outcome.kind === 'ok',
      state: outcome.kind === 'ok' ? 'ok' : 'down',
      delivered: this.reports.length,
      queued: 0,
      spooled: 0,
      spoolBytes: 0,
      quarantined: 0,
      dropped: 0,
      rejected: 0,
      retries: 0,
      lastDeliveryAt: null,
      lastError: outcome.kind === 'ok' ? null : outcome.error,
    };
  }

  #answer(): Promise<SinkOutcome> {
    const outcome = this.faults.outcome ?? OK;
    const delayMs = this.faults.delayMs ?? 0;
    if (delayMs === Infinity) return new Promise<SinkOutcome>(() => undefined);
    if (delayMs <= 0) return Promise.resolve(outcome);
    return new Promise((resolve) => setTimeout(resolve, delayMs, outcome).unref());
  }
}

/** An outcome for MemorySink's `outcome` switch. */
export function failedOutcome(error: string): SinkOutcome {
  return { kind: 'failed', code: ErrorCode.SINK_UNREACHABLE, error };
}
