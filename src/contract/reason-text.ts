// Each reason's sentence as data: its fixed words and, between them, the reason's numbers
// (by their place in REASON_KEYS) and how each reads. The evaluator makes strings of them
// (describeReason, src/status/reasons.ts), and the sinks write them as bytes straight from
// the numbers a report keeps (sinks/reason-text.ts), one sentence, two ways of writing it.
// Made as strings for the sinks, a tick at 10,000 groups x 10 made 100,000 sentences
// (0.7 µs each), kept with the report until the next tick: long enough to be promoted.
import { formatDuration } from './duration-text.js';
import { REASON_KEYS, type ReasonCode } from './reasons.js';

/** How a number reads: as it is, as a duration (ms), as "N samples", or a lag ("unknown" for null). */
export type ValueForm = 'number' | 'duration' | 'samples' | 'lag';

export interface SentenceValue {
  /** The number's place in REASON_KEYS[code] (PartitionStatus.reasonNumber's k). */
  readonly key: number;
  readonly form: ValueForm;
}

/** `texts[0]`, `values[0]`, `texts[1]`, …, `texts[values.length]`: one more text than values. */
export interface Sentence {
  readonly texts: readonly string[];
  readonly values: readonly SentenceValue[];
}

/** The text of one of a reason's numbers; null (or anything else) where its detail has it. */
export function valueText(form: ValueForm, value: number | null): string {
  switch (form) {
    case 'number':
      return String(value);
    case 'duration':
      return formatDuration(value as number);
    case 'samples':
      return value === 1 ? '1 sample' : `${value} samples`;
    case 'lag':
      return value === null ? 'unknown' : String(value);
  }
}

interface Named {
  readonly name: string;
  readonly form: ValueForm;
}

const num = (name: string): Named => ({ name, form: 'number' });
const ms = (name: string): Named => ({ name, form: 'duration' });
const samples = (name: string): Named => ({ name, form: 'samples' });
const lag = (name: string): Named => ({ name, form: 'lag' });

/** The words of a sentence and its numbers by name (as a template gives them). */
interface Wording {
  readonly texts: readonly string[];
  readonly values: readonly Named[];
}

const s = (texts: TemplateStringsArray, ...values: Named[]): Wording => ({
  texts: [...texts],
  values,
});

const WORDING: Readonly<Record<ReasonCode, Wording>> = {
  GROUP_EMPTY: s`STOP: the group has no members (state Empty) and current lag ${num('currentLag')} is above ${num('allowedLag')}`,
  NO_SAMPLES: s`OK: no consumer samples in the window yet, nothing to judge`,
  WINDOW_INCOMPLETE: s`OK: not judged, the window holds ${num('count')} of ${num('intervals')} samples, below minimumComplete ${num('minimumComplete')}`,
  LAG_WITHIN_ALLOWED: s`OK: current lag ${num('currentLag')} is within the allowed lag ${num('allowedLag')}`,
  COMMITS_STOPPED: s`STOP: no commit since offset ${num('lastOffset')} ${ms('sinceMs')} ago, longer than the window spans (${ms('spanMs')}); current lag ${num('currentLag')}`,
  OFFSET_REWOUND: s`REWIND: offset went back from ${num('before')} to ${num('after')} at sample ${num('at')} of ${num('count')} and has not returned to ${num('before')} since (highest ${num('highest')})`,
  CAUGHT_UP_IN_WINDOW: s`OK: lag ${num('lag')} at sample ${num('at')} of ${num('count')} was within the allowed lag ${num('allowedLag')}`,
  OFFSET_UNCHANGED: s`STALL: offset ${num('offset')} unchanged over ${samples('count')} (${ms('spanMs')}), lag always above ${num('allowedLag')}`,
  LAG_NOT_DECREASING: s`WARN: offset moving (${num('firstOffset')} to ${num('lastOffset')} over ${samples('count')}, ${ms('spanMs')}) but lag never fell (${lag('firstLag')} to ${lag('lastLag')})`,
  TOO_FEW_SAMPLES: s`OK: not judged stalled or falling behind yet, the window holds ${samples('count')}; WARN and STALL need ${num('minimumSamples')}`,
  LAG_GROWING: s`WARN: offset moving (${num('firstOffset')} to ${num('lastOffset')} over ${samples('count')}, ${ms('spanMs')}) but lag grew (${lag('firstLag')} to ${lag('lastLag')}) and never fell`,
  LAG_NOT_GROWING: s`OK: offset moving (${num('firstOffset')} to ${num('lastOffset')} over ${samples('count')}, ${ms('spanMs')}) and lag did not grow (${lag('firstLag')} to ${lag('lastLag')}): keeping pace`,
  LAG_DECREASING: s`OK: offset moving and lag fell from ${lag('fromLag')} to ${num('toLag')} at sample ${num('at')} of ${num('count')}`,
};

/** `code`'s wording with each number named by its place in REASON_KEYS (a wrong name throws at load). */
function sentenceOf(code: ReasonCode, { texts, values }: Wording): Sentence {
  return {
    texts,
    values: values.map(({ name, form }) => {
      const key = REASON_KEYS[code].indexOf(name);
      if (key < 0) throw new Error(`${code} has no number ${name}`);
      return { key, form };
    }),
  };
}

export const REASON_SENTENCES = Object.fromEntries(
  Object.entries(WORDING).map(([code, wording]) => [code, sentenceOf(code as ReasonCode, wording)]),
) as Readonly<Record<ReasonCode, Sentence>>;
