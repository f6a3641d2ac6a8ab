// A partition's reason sentence written as bytes, part by part (REASON_SENTENCES: fixed
// words kept as bytes, the reason's numbers read from the report with reasonNumber), the
// same characters `reasonText` holds. Reading `reasonText` instead made a string of each
// sentence (100,000 a tick at 10,000 groups x 10, 0.7 µs each) that the report kept, so
// that the next sink found it, until the next tick: long enough to be promoted, and marked
// by every full collection meanwhile. Every character is printable ASCII but `"` and `\`
// (test/unit/status/reason-text.test.ts), so JSON strings and line-protocol string fields
// carry them as they are.
import { orNull } from '../src/contract/nan-null.js';
import { REASON_SENTENCES, valueText, type SentenceValue } from '../src/contract/reason-text.js';
import type { PartitionStatus } from '../src/contract/evaluation.js';
import { asciiFragment, type Fragment, type ItemWriter } from './item-writer.js';

/** A partition whose reason's numbers can be read one by one (the evaluator's are). */
export type WithReasonNumbers = PartitionStatus & { reasonNumber(k: number): number };

/** Whether `p` gives its reason's numbers (reasonNumber): a status made elsewhere may not. */
export const hasReasonNumbers = (p: PartitionStatus): p is WithReasonNumbers =>
  p.reasonNumber !== undefined;

const ONE_SAMPLE = asciiFragment('1 sample');
const SAMPLES = asciiFragment(' samples');

/** One reason's sentence: its fixed words as bytes (one more than its values), its values. */
export class WrittenSentence {
  readonly #texts: readonly Fragment[];
  readonly #values: readonly SentenceValue[];

  constructor(texts: readonly string[], values: readonly SentenceValue[]) {
    this.#texts = texts.map(asciiFragment);
    this.#values = values;
  }

  /**
   * Writes the sentence of `p`, which writtenSentence gave it for (so `p` gives its
   * reason's numbers); no quotes around it.
   */
  write(w: ItemWriter, p: PartitionStatus): void {
    const numbers = p as WithReasonNumbers;
    const texts = this.#texts;
    const values = this.#values;
    w.fragment(texts[0]!);
    for (let i = 0; i < values.length; i++) {
      const { key, form } = values[i]!;
      writeValue(w, form, numbers.reasonNumber(key));
      w.fragment(texts[i + 1]!);
    }
  }
}

/**
 * A number as valueText gives it: a safe integer digit by digit (what String gives it;
 * durations, fractions and the rest through valueText). NaN stands for the detail's null.
 */
function writeValue(w: ItemWriter, form: SentenceValue['form'], n: number): void {
  if (Number.isSafeInteger(n)) {
    if (form === 'number' || form === 'lag') {
      w.integer(n);
      return;
    }
    if (form === 'samples') {
      if (n === 1) w.fragment(ONE_SAMPLE);
      else {
        w.integer(n);
        w.fragment(SAMPLES);
      }
      return;
    }
  }
  w.ascii(valueText(form, orNull(n)));
}

const SENTENCES = new Map<string, WrittenSentence>(
  Object.entries(REASON_SENTENCES).map(([code, { texts, values }]) => [
    code,
    new WrittenSentence(texts, values),
  ]),
);

/**
 * The sentence to write for `p` from its numbers; null when `p` does not give its reason's
 * numbers (a status made elsewhere) or its reason is not known here: read `reasonText` then.
 */
export function writtenSentence(p: PartitionStatus): WrittenSentence | null {
  if (!hasReasonNumbers(p)) return null;
  return SENTENCES.get(p.reason) ?? null;
}
