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
import { REASON_NUMBERS } from './reason-numbers.js';
import { generatedWindow, NOW } from './generated-window.js';

// Compile-time: every field of every reason's detail but its code is a number (or null).
// A field of another type (a topic's name, say) could bring any character into a sentence;
// this line stops compiling then, and reasonTextPlain has to be thought again.
type DetailValues<D> = D extends unknown ? D[Exclude<keyof D, 'code'>] : never;
const onlyNumbers: DetailValues<ReasonDetail> extends number | null ? true : false = true;

const NUMBERS = [...REASON_NUMBERS, null];

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

// The wording of every reason, one sentence each: the sentences are data
// (src/contract/reason-text.ts) that both describeReason and the sinks read, so a slip in
// that table would change both alike; this pins what a person reads.
const SENTENCES: readonly [ReasonDetail, string][] = [
  [
    { code: 'GROUP_EMPTY', currentLag: 40, allowedLag: 0 },
    'STOP: the group has no members (state Empty) and current lag 40 is above 0',
  ],
  [{ code: 'NO_SAMPLES' }, 'OK: no consumer samples in the window yet, nothing to judge'],
  [
    { code: 'WINDOW_INCOMPLETE', count: 3, intervals: 10, minimumComplete: 0.5 },
    'OK: not judged, the window holds 3 of 10 samples, below minimumComplete 0.5',
  ],
  [
    { code: 'LAG_WITHIN_ALLOWED', currentLag: 2, allowedLag: 5 },
    'OK: current lag 2 is within the allowed lag 5',
  ],
  [
    { code: 'COMMITS_STOPPED', lastOffset: 900, sinceMs: 450_000, spanMs: 90_000, currentLag: 7 },
    'STOP: no commit since offset 900 7.5 min ago, longer than the window spans (1.5 min); current lag 7',
  ],
  [
    { code: 'OFFSET_REWOUND', before: 500, after: 20, at: 4, count: 10, highest: 300 },
    'REWIND: offset went back from 500 to 20 at sample 4 of 10 and has not returned to 500 since (highest 300)',
  ],
  [
    { code: 'CAUGHT_UP_IN_WINDOW', lag: 0, at: 6, count: 10, allowedLag: 0 },
    'OK: lag 0 at sample 6 of 10 was within the allowed lag 0',
  ],
  [
    { code: 'OFFSET_UNCHANGED', offset: 77, count: 1, spanMs: 0, allowedLag: 0 },
    'STALL: offset 77 unchanged over 1 sample (0 ms), lag always above 0',
  ],
  [
    {
      code: 'LAG_NOT_DECREASING',
      firstOffset: 1,
      lastOffset: 9,
      count: 10,
      spanMs: 14_041,
      firstLag: null,
      lastLag: 30,
    },
    'WARN: offset moving (1 to 9 over 10 samples, 14 s) but lag never fell (unknown to 30)',
  ],
  [
    { code: 'TOO_FEW_SAMPLES', count: 2, minimumSamples: 5 },
    'OK: not judged stalled or falling behind yet, the window holds 2 samples; WARN and STALL need 5',
  ],
  [
    {
      code: 'LAG_GROWING',
      firstOffset: 10,
      lastOffset: 90,
      count: 6,
      spanMs: 3_600_000,
      firstLag: 5,
      lastLag: 50,
    },
    'WARN: offset moving (10 to 90 over 6 samples, 1 h) but lag grew (5 to 50) and never fell',
  ],
  [
    {
      code: 'LAG_NOT_GROWING',
      firstOffset: 10,
      lastOffset: 90,
      count: 6,
      spanMs: 5_400_000,
      firstLag: 5,
      lastLag: 5,
    },
    'OK: offset moving (10 to 90 over 6 samples, 1.5 h) and lag did not grow (5 to 5): keeping pace',
  ],
  [
    { code: 'LAG_DECREASING', fromLag: 25, toLag: 15, at: 2, count: 3 },
    'OK: offset moving and lag fell from 25 to 15 at sample 2 of 3',
  ],
];

describe('the sentence of every reason', () => {
  test('each reason reads as written here', () => {
    assert.deepEqual(
      new Set(SENTENCES.map(([d]) => d.code)),
      new Set(Object.keys(REASON_STATUS)),
      'one sentence per reason',
    );
    for (const [detail, sentence] of SENTENCES) assert.equal(describeReason(detail), sentence);
  });
});
