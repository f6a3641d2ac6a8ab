// The evaluator's knobs: Burrow's three (names and defaults), the rule set, and the
// samples a window needs before lagwatch's rules judge a trend. Options are checked once,
// frozen, and then passed as they are to every evaluation. RULES.md says what they mean.
import { ErrorCode, LagwatchError } from '../contract/errors.js';

/** Which rules judge a window: lagwatch's for polled samples, or Burrow's case for case. */
export const RULE_SETS = ['lagwatch', 'burrow'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface EvaluatorOptions {
  /** Lag in messages that still counts as caught up (Burrow's allowed-lag). */
  readonly allowedLag: number;
  /** Samples in a full window (Burrow's storage intervals). */
  readonly intervals: number;
  /** Partitions whose window is less full than this are not judged (Burrow's minimum-complete). */
  readonly minimumComplete: number;
  /** 'lagwatch' (the default) or 'burrow'. */
  readonly rules: RuleSet;
  /**
   * lagwatch's rules only: samples a window needs before it can be WARN or STALL; a full
   * window always suffices. Ignored by the burrow rules.
   */
  readonly minimumSamples: number;
}

export interface EvaluatorOptionsInput {
  readonly allowedLag?: number | undefined;
  readonly intervals?: number | undefined;
  readonly minimumComplete?: number | undefined;
  readonly rules?: RuleSet | undefined;
  readonly minimumSamples?: number | undefined;
}

export const defaultEvaluatorOptions: EvaluatorOptions = Object.freeze({
  allowedLag: 0,
  intervals: 10,
  minimumComplete: 0,
  rules: 'lagwatch',
  minimumSamples: 5,
});

/** Fills in defaults and checks ranges; throws LAGWATCH_INPUT_INVALID naming the bad option. */
export function evaluatorOptions(input: EvaluatorOptionsInput = {}): EvaluatorOptions {
  const allowedLag = input.allowedLag ?? defaultEvaluatorOptions.allowedLag;
  const intervals = input.intervals ?? defaultEvaluatorOptions.intervals;
  const minimumComplete = input.minimumComplete ?? defaultEvaluatorOptions.minimumComplete;
  const rules = input.rules ?? defaultEvaluatorOptions.rules;
  const minimumSamples = input.minimumSamples ?? defaultEvaluatorOptions.minimumSamples;
  if (!Number.isSafeInteger(allowedLag) || allowedLag < 0) {
    throw invalid('allowedLag', 'an integer >= 0', allowedLag);
  }
  if (!Number.isSafeInteger(intervals) || intervals < 1) {
    throw invalid('intervals', 'an integer >= 1', intervals);
  }
  if (!(minimumComplete >= 0 && minimumComplete <= 1)) {
    throw invalid('minimumComplete', 'a number from 0 to 1', minimumComplete);
  }
  if (!(RULE_SETS as readonly string[]).includes(rules)) {
    throw invalid('rules', RULE_SETS.join(' or '), rules);
  }
  if (!Number.isSafeInteger(minimumSamples) || minimumSamples < 1) {
    throw invalid('minimumSamples', 'an integer >= 1', minimumSamples);
  }
  return Object.freeze({ allowedLag, intervals, minimumComplete, rules, minimumSamples });
}

function invalid(name: string, expected: string, actual: number | string): LagwatchError {
  return new LagwatchError(
    ErrorCode.INPUT_INVALID,
    `evaluator option ${name}: expected ${expected}, got ${String(actual)}`,
  );
}
