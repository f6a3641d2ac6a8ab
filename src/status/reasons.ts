// Why a partition got its status: one code per rule that can decide, the numbers the
// rule saw (a ReasonDetail), and the sentence a person reads, made from those numbers.
// RULES.md lists the rules.
import { REASON_KEYS, type ReasonCode, type ReasonDetail } from '../contract/reasons.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import { REASON_SENTENCES, valueText } from '../contract/reason-text.js';

export { ReasonCode, REASON_CODES, REASON_NUMBER } from '../contract/reasons.js';
export type { ReasonDetail } from '../contract/reasons.js';

/** The status each reason gives: a rule decides both, so the status follows from the reason. */
export const REASON_STATUS: Readonly<Record<ReasonCode, PartitionStatusCode>> = {
  GROUP_EMPTY: 'STOP',
  NO_SAMPLES: 'OK',
  WINDOW_INCOMPLETE: 'OK',
  LAG_WITHIN_ALLOWED: 'OK',
  COMMITS_STOPPED: 'STOP',
  OFFSET_REWOUND: 'REWIND',
  CAUGHT_UP_IN_WINDOW: 'OK',
  OFFSET_UNCHANGED: 'STALL',
  LAG_NOT_DECREASING: 'WARN',
  TOO_FEW_SAMPLES: 'OK',
  LAG_GROWING: 'WARN',
  LAG_NOT_GROWING: 'OK',
  LAG_DECREASING: 'OK',
};

/**
 * The sentence for a reason: the status, a colon, then what the rule saw. Its words and
 * where its numbers go are REASON_SENTENCES' (the sinks write the same sentence as bytes).
 */
export function describeReason(d: ReasonDetail): string {
  const { texts, values } = REASON_SENTENCES[d.code];
  const keys = REASON_KEYS[d.code];
  const numbers = d as unknown as Readonly<Record<string, number | null>>;
  let text = texts[0]!;
  for (let i = 0; i < values.length; i++) {
    const { key, form } = values[i]!;
    text += valueText(form, numbers[keys[key]!]!) + texts[i + 1]!;
  }
  return text;
}
