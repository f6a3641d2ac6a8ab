// An evaluated partition says its reason text is plain (PartitionStatus.reasonTextPlain),
// and the encoders then copy it without testing a character: a text with a quote, a
// backslash, a control or a non-ASCII character would reach InfluxDB and Elasticsearch
// unescaped. So every reason's sentence, whatever its numbers, must be plain, and the
// numbers must be all a sentence is made from.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeReason,
  REASON_STATUS,
  type ReasonCode,
  type ReasonDetail,
} from '../../../src/status/reasons.js';
import { evaluateGroup, evaluatorOptions } from '../../../src/status/index.js';
import { PLAIN } from '../../../sinks/item-writer.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from './generated-window.js';

// Compile-time: every field of every reason's detail but its code is a number (or null).
// A field of another type (a topic's name, say) could bring any character into a sentence;
// this line stops compiling then, and reasonTextPlain has to be thought again.
type DetailValues<D> = D extends unknown ? D[Exclude<keyof D, 'code'>] : never;
const onlyNumbers: DetailValues<ReasonDetail> extends number | null ? true : false = true;

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  1.5,
  -2.25,
  999,
  59_999,
  3_599_999,
  86_400_000,
  2 ** 53 + 2,
  -(2 ** 60),
  1e21,
  1e-7,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  null,
];

/** A detail of `code` whose every field reads `value` (whatever fields the code has). */
function detailOf(code: ReasonCode, value: number | null): ReasonDetail {
  return new Proxy({ code } as ReasonDetail, {
    get: (target, key) => (key === 'code' ? target.code : value),
  });
}

describe('reason texts are plain', () => {
  test('every field of a detail is a number', () => assert.equal(onlyNumbers, true));

  test('every reason, with any number in every field, reads as printable ASCII without " or \\', () => {
    const codes = Object.keys(REASON_STATUS) as ReasonCode[];
    assert.ok(codes.length >= 13, `${codes.length} reasons`);
    for (const code of codes)
      for (const value of NUMBERS) {
        const text = describeReason(detailOf(code, value));
        assert.match(text, PLAIN, `${code} with ${value}: ${JSON.stringify(text)}`);
      }
  });

  test("the evaluator's partitions say so, and their texts are", () => {
    const random = seededRandom(77);
    const options = evaluatorOptions({ intervals: 10 });
    const partitions = Array.from({ length: 400 }, (_, i) => generatedWindow(random, i));
    const status = evaluateGroup(
      { cluster: 'c', group: 'g', state: 'Stable', members: 1, type: 'classic', partitions },
      options,
      NOW,
    );
    const reasons = new Set<string>();
    for (const p of status.partitions) {
      assert.equal(p.reasonTextPlain, true);
      assert.match(p.reasonText, PLAIN, p.reasonText);
      reasons.add(p.reason);
    }
    assert.ok(reasons.size >= 5, `only ${[...reasons].join(', ')}`);
  });
});
