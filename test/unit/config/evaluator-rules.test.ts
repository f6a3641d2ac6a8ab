// The evaluator's rule set and minimum samples in the config: defaults, the file, the
// environment, and values the schema refuses (naming the path).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatorOptions } from '../../../src/status/index.js';
import { issueAt, issuesOf, minimalYaml, parse } from './helpers.js';

describe('evaluator rules in the config', () => {
  it("takes 'burrow' and a minimum sample count from the file", () => {
    const config = parse(minimalYaml + 'evaluator: {rules: burrow, minimumSamples: 3}\n');
    assert.equal(config.evaluator.rules, 'burrow');
    assert.equal(config.evaluator.minimumSamples, 3);
  });

  it('takes them from the environment', () => {
    const env = { LAGWATCH_EVALUATOR__RULES: 'burrow', LAGWATCH_EVALUATOR__MINIMUM_SAMPLES: '8' };
    const config = parse(minimalYaml, { env });
    assert.equal(config.evaluator.rules, 'burrow');
    assert.equal(config.evaluator.minimumSamples, 8);
  });

  it('refuses an unknown rule set and a minimum below 1', () => {
    const { issues } = issuesOf(minimalYaml + 'evaluator: {rules: strict, minimumSamples: 0}\n');
    assert.equal(issueAt(issues, 'evaluator.rules').found, '"strict"');
    assert.equal(issueAt(issues, 'evaluator.minimumSamples').found, '0');
  });

  it('gives the evaluator options what the config says', () => {
    const { evaluator } = parse(minimalYaml + 'evaluator: {rules: burrow, minimumSamples: 3}\n');
    const options = evaluatorOptions(evaluator);
    assert.equal(options.rules, 'burrow');
    assert.equal(options.minimumSamples, 3);
  });
});
