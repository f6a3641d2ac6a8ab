import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { defaultEvaluatorOptions, evaluatorOptions, RULE_SETS } from '../../../src/status/index.js';

void describe('evaluator options', () => {
  void it("defaults to Burrow's three knobs and lagwatch's rules with 5 samples for a trend", () => {
    assert.deepEqual(evaluatorOptions(), {
      allowedLag: 0,
      intervals: 10,
      minimumComplete: 0,
      rules: 'lagwatch',
      minimumSamples: 5,
    });
    assert.deepEqual(defaultEvaluatorOptions, evaluatorOptions({}));
  });

  void it("carries the rule set: 'burrow' or 'lagwatch'", () => {
    assert.equal(evaluatorOptions({ rules: 'burrow' }).rules, 'burrow');
    assert.equal(evaluatorOptions({ rules: 'lagwatch', minimumSamples: 3 }).minimumSamples, 3);
    assert.deepEqual(RULE_SETS, ['lagwatch', 'burrow']);
  });

  void it('keeps what is given and fills the rest', () => {
    assert.deepEqual(evaluatorOptions({ intervals: 15, minimumComplete: undefined }), {
      allowedLag: 0,
      intervals: 15,
      minimumComplete: 0,
      rules: 'lagwatch',
      minimumSamples: 5,
    });
  });

  void it('is frozen', () => {
    assert.ok(Object.isFrozen(evaluatorOptions({ allowedLag: 3 })));
  });

  const bad: [string, Parameters<typeof evaluatorOptions>[0], RegExp][] = [
    ['negative allowedLag', { allowedLag: -1 }, /allowedLag: expected an integer >= 0, got -1/],
    ['fractional allowedLag', { allowedLag: 0.5 }, /allowedLag/],
    ['zero intervals', { intervals: 0 }, /intervals: expected an integer >= 1, got 0/],
    ['fractional intervals', { intervals: 2.5 }, /intervals/],
    [
      'minimumComplete above 1',
      { minimumComplete: 1.5 },
      /minimumComplete: expected a number from 0 to 1/,
    ],
    ['minimumComplete NaN', { minimumComplete: NaN }, /minimumComplete/],
    [
      'an unknown rule set',
      { rules: 'kafka' as 'burrow' },
      /rules: expected lagwatch or burrow, got kafka/,
    ],
    [
      'zero minimumSamples',
      { minimumSamples: 0 },
      /minimumSamples: expected an integer >= 1, got 0/,
    ],
    ['fractional minimumSamples', { minimumSamples: 2.5 }, /minimumSamples/],
  ];
  for (const [name, input, message] of bad) {
    void it(`rejects ${name} with ${ErrorCode.INPUT_INVALID}`, () => {
      assert.throws(
        () => evaluatorOptions(input),
        (err: unknown) =>
          err instanceof LagwatchError &&
          err.code === ErrorCode.INPUT_INVALID &&
          !err.retryable &&
          message.test(err.message),
      );
    });
  }
});
