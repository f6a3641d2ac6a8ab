// Every report to every sink. A sink that throws (it should not) is caught, logged and
// counted; its neighbours get the report all the same. flush, close and start run on all
// sinks at once, each bounded by the deadline, so a sink that hangs cannot hold the others
// (or shutdown) past it.
import { ErrorCode } from '../src/contract/errors.js';
import type { Logger } from '../src/contract/logger.js';
import { settlesWithin } from './delivery/sleep.js';
import type { EvaluationReport, Sink, SinkHealth, SinkOutcome } from '../src/contract/sink.js';

export interface NamedOutcome {
  readonly sink: string;
  readonly outcome: SinkOutcome;
}

/** Extra time a sink gets past the deadline to settle before it is reported as late. */
const GRACE_MS = 250;

export class SinkFanout {
  readonly sinks: readonly Sink[];
  readonly #logger: Logger;
  readonly #writeErrors = new Map<string, number>();

  constructor(sinks: readonly Sink[], logger: Logger) {
    this.sinks = [...sinks];
    this.#logger = logger;
  }

  write(report: EvaluationReport): void {
    for (const sink of this.sinks) {
      try {
        sink.write(report);
      } catch (error) {
        const count = (this.#writeErrors.get(sink.name) ?? 0) + 1;
        this.#writeErrors.set(sink.name, count);
        this.#logger.error(
          { sink: sink.name, err: error, writeErrors: count },
          'a sink threw on write',
        );
      }
    }
  }

  start(deadlineMs: number): Promise<NamedOutcome[]> {
    return this.#all(deadlineMs, (sink) => sink.start(deadlineMs));
  }

  check(deadlineMs: number): Promise<NamedOutcome[]> {
    return this.#all(deadlineMs, (sink) => sink.check(deadlineMs));
  }

  flush(deadlineMs: number): Promise<NamedOutcome[]> {
    return this.#all(deadlineMs, (sink) => sink.flush(deadlineMs));
  }

  close(deadlineMs: number): Promise<NamedOutcome[]> {
    return this.#all(deadlineMs, (sink) => sink.close(deadlineMs));
  }

  health(): SinkHealth[] {
    return this.sinks.map((sink) => {
      try {
        return sink.health();
      } catch (error) {
        return brokenHealth(sink.name, error);
      }
    });
  }

  /** Write errors per sink (a sink's write should never throw; this says if one did). */
  get writeErrors(): ReadonlyMap<string, number> {
    return this.#writeErrors;
  }

  #all(deadlineMs: number, call: (sink: Sink) => Promise<SinkOutcome>): Promise<NamedOutcome[]> {
    return Promise.all(
      this.sinks.map(async (sink): Promise<NamedOutcome> => {
        let outcome: SinkOutcome | null = null;
        const running = (async () => {
          try {
            outcome = await call(sink);
          } catch (error) {
            outcome = {
              kind: 'failed',
              code: ErrorCode.SINK_UNREACHABLE,
              error: `sink ${sink.name} threw: ${error instanceof Error ? error.message : String(error)}`,
            };
          }
        })();
        const settled = await settlesWithin(running, deadlineMs + GRACE_MS);
        return {
          sink: sink.name,
          outcome:
            settled && outcome !== null
              ? outcome
              : {
                  kind: 'retryable',
                  code: ErrorCode.SINK_UNREACHABLE,
                  error: `sink ${sink.name} did not answer within ${deadlineMs} ms`,
                  retryAfterMs: 0,
                },
        };
      }),
    );
  }
}

function brokenHealth(sink: string, error: unknown): SinkHealth {
  return {
    sink,
    healthy: false,
    state: 'down',
    delivered: 0,
    queued: 0,
    spooled: 0,
    spoolBytes: 0,
    quarantined: 0,
    dropped: 0,
    rejected: 0,
    retries: 0,
    lastDeliveryAt: null,
    lastError: error instanceof Error ? error.message : String(error),
  };
}
