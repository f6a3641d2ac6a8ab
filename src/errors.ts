// Every error lagwatch raises carries a code from this table and says whether
// retrying the same operation can succeed. Callers branch on `code`, never on text.

export const ErrorCode = {
  CONFIG_INVALID: 'LAGWATCH_CONFIG_INVALID',
  INPUT_INVALID: 'LAGWATCH_INPUT_INVALID',
  SECRET_UNAVAILABLE: 'LAGWATCH_SECRET_UNAVAILABLE',
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
