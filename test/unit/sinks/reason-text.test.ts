// The sinks write a partition's reason sentence as bytes from the numbers its report keeps
// (sinks/reason-text.ts) instead of reading `reasonText`. The bytes must be the sentence
// the evaluator gives (describeReason of the same detail) for every reason and any number
// in any field: integers digit by digit, "1 sample" and "N samples", durations, unknown
// lags, and what a null, a NaN, a fraction or a number past 2^53 reads as.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StringItems } from '../../../sinks/item-target.js';
import { ItemWriter } from '../../../sinks/item-writer.js';
import { writtenSentence } from '../../../sinks/reason-text.js';
import { REASON_KEYS, type ReasonCode } from '../../../src/contract/reasons.js';
import type { PartitionStatus } from '../../../src/contract/evaluation.js';
import { PARTITION_SLOTS, partitionNumbers, Slot } from '../../../src/status/partition-numbers.js';
import { EvaluatedPartition } from '../../../src/status/partition-status.js';
import { describeReason, REASON_STATUS } from '../../../src/status/reasons.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { REASON_NUMBERS } from '../status/reason-numbers.js';

/** An evaluated partition of `code` whose reason's numbers are `values` (NaN: null). */
function partition(code: ReasonCode, values: readonly number[]): EvaluatedPartition {
  const numbers = partitionNumbers(2);
  const index = 1; // not the first: the writer must read this partition's slots
  for (let k = 0; k < values.length; k++)
    numbers[index * PARTITION_SLOTS + Slot.DETAIL + k] = values[k]!;
  return new EvaluatedPartition().moveTo('t', 3, 'host', 'client', code, numbers, index);
}

/** What the sinks write for `p`'s sentence, as text. */
function written(p: PartitionStatus): string {
  const sentence = writtenSentence(p);
  assert.ok(sentence !== null, `no sentence for ${p.reason}`);
  const w = new ItemWriter();
  const target = new StringItems();
  w.begin(target);
  sentence.write(w, p);
  w.endItem();
  w.finish();
  return target.out[0]!;
}

const codes = Object.keys(REASON_STATUS) as ReasonCode[];

describe("the sinks' reason sentences", () => {
  test('every reason with the same number in every field: the evaluator’s sentence', () => {
    assert.ok(codes.length >= 13);
    for (const code of codes) {
      for (const n of REASON_NUMBERS) {
        const p = partition(
          code,
          REASON_KEYS[code].map(() => n),
        );
        assert.equal(written(p), describeReason(p.reasonDetail), `${code} with ${n}`);
      }
    }
  });

  test('every reason with numbers mixed at random: the evaluator’s sentence', () => {
    const random = seededRandom(15);
    for (const code of codes) {
      for (let round = 0; round < 300; round++) {
        const values = REASON_KEYS[code].map(
          () => REASON_NUMBERS[Math.floor(random() * REASON_NUMBERS.length)]!,
        );
        const p = partition(code, values);
        assert.equal(
          written(p),
          describeReason(p.reasonDetail),
          `${code} with ${values.join(', ')}`,
        );
      }
    }
  });

  test('a sentence as a sink reads it: numbers, one sample, a duration, an unknown lag', () => {
    // firstOffset, lastOffset, count, spanMs, firstLag, lastLag
    const p = partition('LAG_GROWING', [120, 480, 1, 450_000, Number.NaN, 2 ** 53 + 2]);
    assert.equal(
      written(p),
      'WARN: offset moving (120 to 480 over 1 sample, 7.5 min) but lag grew (unknown to 9007199254740994) and never fell',
    );
  });

  test('a status that does not give its numbers has no sentence to write: the sinks read its text', () => {
    const p = partition('LAG_WITHIN_ALLOWED', [5, 0]);
    const plain = { ...p.toJSON(), reasonDetail: p.reasonDetail } satisfies PartitionStatus;
    assert.equal(writtenSentence(plain), null);
    assert.ok(writtenSentence(p) !== null);
  });
});
