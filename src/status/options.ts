// The evaluator's three knobs, Burrow's names and defaults. Options are checked once,
// frozen, and then passed as they are to every evaluation.
import { ErrorCode, LagwatchError } from '../contract/errors.js';

export interface EvaluatorOptions {
  /** Lag in messages that still counts as caught up (Burrow's allowed-lag). */
  readonly allowedLag: number;
  /** Samples in a full window (Burrow's storage intervals). */
  readonly intervals: number;
  /** Partitions whose window is less full than this are not judged (Burrow's minimum-complete). */
  readonly minimumComplete: number;
}

export interface EvaluatorOptionsInput {
  readonly allowedLag?: number | undefined;
  readonly intervals?: number | undefined;
  readonly minimumComplete?: number | undefined;
}

export const defaultEvaluatorOptions: EvaluatorOptions = Object.freeze({
  allowedLag: 0,
  intervals: 10,
  minimumComplete: 0,
});

/** Fills in defaults and checks ranges; throws LAGWATCH_INPUT_INVALID naming the bad option. */
export function evaluatorOptions(input: EvaluatorOptionsInput = {}): EvaluatorOptions {
  const allowedLag = input.allowedLag ?? defaultEvaluatorOptions.allowedLag;
  const intervals = input.intervals ?? defaultEvaluatorOptions.intervals;
  const minimumComplete = input.minimumComplete ?? defaultEvaluatorOptions.minimumComplete;
  if (!Number.isSafeInteger(allowedLag) || allowedLag < 0) {
    throw invalid('allowedLag', 'an integer >= 0', allowedLag);
  }
  if (!Number.isSafeInteger(intervals) || intervals < 1) {
    throw invalid('intervals', 'an integer >= 1', intervals);
  }
  if (!(minimumComplete >= 0 && minimumComplete <= 1)) {
    throw invalid('minimumComplete', 'a number from 0 to 1', minimumComplete);
  }
  return Object.freeze({ allowedLag, intervals, minimumComplete });
}

function invalid(name: string, expected: string, actual: number): LagwatchError {
  return new LagwatchError(
    ErrorCode.INPUT_INVALID,
    `evaluator option ${name}: expected ${expected}, got ${String(actual)}`,
  );
}
