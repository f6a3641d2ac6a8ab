// Every error lagwatch raises carries a code from this table and says whether
// retrying the same operation can succeed. Callers branch on `code`, never on text.

export const ErrorCode = {
  CONFIG_INVALID: 'LAGWATCH_CONFIG_INVALID',
  INPUT_INVALID: 'LAGWATCH_INPUT_INVALID',
  SECRET_UNAVAILABLE: 'LAGWATCH_SECRET_UNAVAILABLE',
  /** A sink's server cannot be reached (network error, timeout, 5xx, 429). Retryable. */
  SINK_UNREACHABLE: 'LAGWATCH_SINK_UNREACHABLE',
  /** A sink's server refused lagwatch's credentials or permissions (401, 403). */
  SINK_UNAUTHORIZED: 'LAGWATCH_SINK_UNAUTHORIZED',
  /** What a sink writes to does not exist (database, bucket, org, index template: 404). */
  SINK_TARGET_MISSING: 'LAGWATCH_SINK_TARGET_MISSING',
  /** A sink's server refused items for their content (a 4xx that would fail again). */
  SINK_REJECTED: 'LAGWATCH_SINK_REJECTED',
  /** Items were dropped: every buffer was full, or the sink was closed. */
  SINK_DROPPED: 'LAGWATCH_SINK_DROPPED',
  /** Installing what a sink needs (an index template) failed. */
  SINK_SETUP_FAILED: 'LAGWATCH_SINK_SETUP_FAILED',
  /** The disk spool cannot be read or written. */
  SPOOL_IO: 'LAGWATCH_SPOOL_IO',
  /** Another process holds the spool folder. */
  SPOOL_LOCKED: 'LAGWATCH_SPOOL_LOCKED',
  STACK_NOT_RUNNING: 'LAGWATCH_STACK_NOT_RUNNING',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface LagwatchErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

export class LagwatchError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: LagwatchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LagwatchError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
