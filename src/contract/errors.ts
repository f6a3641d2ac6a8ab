// One coded family for everything that goes wrong: errors that are thrown (ErrorCode, and
// whether retrying can succeed) and faults that travel with data (FaultCode). Callers
// branch on `code`, never on text.

export const ErrorCode = {
  CONFIG_INVALID: 'LAGWATCH_CONFIG_INVALID',
  INPUT_INVALID: 'LAGWATCH_INPUT_INVALID',
  SECRET_UNAVAILABLE: 'LAGWATCH_SECRET_UNAVAILABLE',
  /** The TLS handshake with a Kafka broker failed: CA, certificate name, client certificate. */
  KAFKA_TLS_FAILED: 'LAGWATCH_KAFKA_TLS_FAILED',
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
  /** Another process holds the state directory (the CLI exits 2). */
  STATE_LOCKED: 'LAGWATCH_STATE_LOCKED',
  /** The state directory cannot be read or written. */
  STATE_IO: 'LAGWATCH_STATE_IO',
  STACK_NOT_RUNNING: 'LAGWATCH_STACK_NOT_RUNNING',
  /** A library only some configs need (loaded when first needed) cannot be loaded. */
  LIBRARY_UNAVAILABLE: 'LAGWATCH_LIBRARY_UNAVAILABLE',
  /** A notifier's receiver cannot be reached (network error, timeout, 5xx, 429). Retryable. */
  NOTIFIER_UNREACHABLE: 'LAGWATCH_NOTIFIER_UNREACHABLE',
  /** A notifier's receiver refused a notification for good (a 4xx that would fail again). */
  NOTIFIER_REJECTED: 'LAGWATCH_NOTIFIER_REJECTED',
  /** Notifications were dropped: the queue was full, or the notifier closed. */
  NOTIFIER_DROPPED: 'LAGWATCH_NOTIFIER_DROPPED',
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

/**
 * Why a tick could not see all of a cluster, a group or a partition. Faults travel with
 * the data they spoiled (in snapshots and reports, to the sinks and the API) instead of
 * being thrown; their codes are part of what lagwatch writes, so they never change.
 */
export const FaultCode = {
  /** No broker of the cluster answered. */
  CLUSTER_UNAVAILABLE: 'CLUSTER_UNAVAILABLE',
  /** The tick ran out of its deadline (tickTimeoutMs). */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** A group's description could not be read. */
  DESCRIBE_FAILED: 'DESCRIBE_FAILED',
  /** A group's committed offsets could not be read. */
  OFFSET_FETCH_FAILED: 'OFFSET_FETCH_FAILED',
  /** A group listed at the start of the tick was gone when it was described. */
  GROUP_VANISHED: 'GROUP_VANISHED',
  /** A group of a type lagwatch does not judge (share, streams): listed, never evaluated. */
  GROUP_TYPE_NOT_JUDGED: 'GROUP_TYPE_NOT_JUDGED',
  /** A partition's log-end or log-start offset could not be read. */
  END_OFFSETS_UNAVAILABLE: 'END_OFFSETS_UNAVAILABLE',
  /** The evaluator threw on this tick's samples (a bug, said loudly). */
  EVALUATION_FAILED: 'EVALUATION_FAILED',
} as const;

export type FaultCode = (typeof FaultCode)[keyof typeof FaultCode];

/** A fault, kept with the data it spoiled. */
export interface Fault {
  readonly code: FaultCode;
  readonly message: string;
}
