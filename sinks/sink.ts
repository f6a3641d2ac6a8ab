// The contract every sink keeps. A sink takes reports in without blocking the tick and
// reports outcomes instead of throwing: the pipeline never waits on, or fails because
// of, a slow or dead sink.
import type { EvaluationReport } from '../src/report/types.js';

export type { EvaluationReport };

export type SinkState = 'ok' | 'retrying' | 'spooling' | 'down';

export interface SinkHealth {
  readonly sink: string;
  /** True while the sink delivers, or keeps what it cannot deliver yet (spooling). */
  readonly healthy: boolean;
  readonly state: SinkState;
  /** Items waiting in memory. */
  readonly queued: number;
  /** Items dropped because every buffer was full: counted, never silent. */
  readonly dropped: number;
  /** Items the server refused for good (a 4xx that would fail again). */
  readonly rejected: number;
  readonly lastError: string | null;
}

export type SinkOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'retryable'; readonly error: string; readonly afterMs: number };

export interface Sink {
  readonly name: string;
  /** Takes a report in. Never blocks on I/O and never throws. */
  write(report: EvaluationReport): void;
  /** Delivers what is queued, waiting at most `deadlineMs`. */
  flush(deadlineMs: number): Promise<SinkOutcome>;
  /** Flushes within `deadlineMs`, then releases everything; the sink takes nothing after. */
  close(deadlineMs: number): Promise<SinkOutcome>;
  health(): SinkHealth;
}
