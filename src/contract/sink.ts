// The contract every sink keeps. A sink takes reports in without blocking the tick and
// reports outcomes instead of throwing: the pipeline never waits on, or fails because
// of, a slow or dead sink.
import type { Outcome as SinkOutcome } from './outcome.js';
import type { EvaluationReport } from './report.js';

export type { EvaluationReport };

/**
 * ok: delivering. retrying: sends fail, items wait in memory. spooling: items wait on
 * disk. down: nothing can be delivered or kept (credentials refused, buffers full).
 */
export type SinkState = 'ok' | 'retrying' | 'spooling' | 'down';

export interface SinkHealth {
  readonly sink: string;
  /** True while the sink delivers, or keeps what it cannot deliver yet (spooling). */
  readonly healthy: boolean;
  readonly state: SinkState;
  /** Items (points, documents) the server has stored. */
  readonly delivered: number;
  /** Items waiting in memory, including a batch being sent. */
  readonly queued: number;
  /** Items waiting in the disk spool. */
  readonly spooled: number;
  /** Bytes the spool holds on disk. */
  readonly spoolBytes: number;
  /** Items dropped because every buffer was full: counted, never silent. */
  readonly dropped: number;
  /** Items the server refused for good (a 4xx that would fail again). */
  readonly rejected: number;
  /** Spool lines that failed their checksum: moved to the spool's quarantine file, never sent. */
  readonly quarantined: number;
  /** Sends that failed and were (or will be) tried again. */
  readonly retries: number;
  /** When the server last stored something, ms since the epoch. */
  readonly lastDeliveryAt: number | null;
  readonly lastError: string | null;
}

export type { Outcome as SinkOutcome } from './outcome.js';

export interface Sink {
  readonly name: string;
  /**
   * Checks that the server answers and takes lagwatch's writes, and installs what the sink
   * needs when configured to (Elasticsearch's index template with `setupOnStart`). `failed`:
   * a configuration problem an operator must fix (wrong token, no such database); the
   * error names the cause. `retryable`: the server cannot be reached now; the sink keeps
   * what it is given and delivers when the server comes. Reports written before it are kept.
   */
  start(deadlineMs: number): Promise<SinkOutcome>;
  /** The checks of `start`, changing nothing (for `check-config --connect`). */
  check(deadlineMs: number): Promise<SinkOutcome>;
  /** Takes a report in. Never blocks on I/O and never throws. */
  write(report: EvaluationReport): void;
  /** Delivers what is queued, waiting at most `deadlineMs`. */
  flush(deadlineMs: number): Promise<SinkOutcome>;
  /**
   * Delivers what it can within `deadlineMs`, keeps the rest in the disk spool (or counts
   * it dropped when there is none), then releases everything; the sink takes nothing after.
   */
  close(deadlineMs: number): Promise<SinkOutcome>;
  health(): SinkHealth;
}

export { OK } from './outcome.js';
