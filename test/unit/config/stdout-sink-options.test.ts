// The stdout sink writes each report at once: batch, retry, queue and spool on it are
// config errors that say so (they were accepted and silently ignored).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueAt, issuesOf, minimalYaml, parse } from './helpers.js';

describe('stdout sink options', () => {
  for (const [key, value] of [
    ['batch', '{maxItems: 10}'],
    ['retry', '{initialDelayMs: 100}'],
    ['queue', '{maxItems: 10}'],
    ['spool', '{dir: /tmp/spool}'],
    ['spool', '{}'],
  ] as const) {
    it(`${key}: ${value} is an error naming the path and why`, () => {
      const { issues, lines } = issuesOf(
        `${minimalYaml}sinks:\n  - type: stdout\n    ${key}: ${value}\n`,
      );
      const issue = issueAt(issues, `sinks[0].${key}`);
      assert.equal(
        issue.expected,
        `no ${key}: the stdout sink writes each report at once (no batch, retry, queue or spool)`,
      );
      assert.equal(issues.length, 1);
      assert.match(lines[0] ?? '', new RegExp(`^sinks\\[0\\]\\.${key} \\(test\\.yaml:6:`));
    });
  }

  it('every key at once: one issue each', () => {
    const { issues } = issuesOf(
      `${minimalYaml}sinks:\n  - {type: stdout, name: out, batch: {}, retry: {}, queue: {}, spool: {}}\n`,
    );
    assert.deepEqual(
      issues.map((i) => i.path),
      ['sinks[0].batch', 'sinks[0].retry', 'sinks[0].queue', 'sinks[0].spool'],
    );
  });

  it('an environment override of them names the variable', () => {
    const { issues } = issuesOf(minimalYaml, {
      env: { LAGWATCH_SINKS__STDOUT__BATCH__MAX_ITEMS: '10' },
    });
    assert.ok(issues.length >= 1);
    assert.ok(
      issues.some((i) => JSON.stringify(i).includes('LAGWATCH_SINKS__STDOUT__BATCH')),
      JSON.stringify(issues),
    );
  });

  it('type and name alone are fine', () => {
    assert.deepEqual(parse(`${minimalYaml}sinks:\n  - {type: stdout, name: out}\n`).sinks, [
      { type: 'stdout', name: 'out' },
    ]);
  });
});
