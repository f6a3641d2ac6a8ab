// The schedule: node-cron's own validation, plus the steps and ranges it accepts but
// bends (`*/61` seconds runs once a minute): those are config errors naming the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronRangeProblems } from '../../../src/config/cron-ranges.js';
import { issueAt, issuesOf, minimalYaml, parse } from './helpers.js';

const bent: [string, RegExp][] = [
  ['*/61 * * * * *', /step 61 in the second field "\*\/61" is outside 1-59/],
  ['*/60 * * * * *', /step 60 in the second field/],
  ['0 */60 * * * *', /step 60 in the minute field/],
  ['*/61 * * * *', /step 61 in the minute field/],
  ['0 0 */24 * * *', /step 24 in the hour field "\*\/24" is outside 1-23/],
  ['0 0 0 */31 * *', /step 31 in the day-of-month field "\*\/31" is outside 1-30/],
  ['0 0 0 1 */12 *', /step 12 in the month field/],
  ['0 0 0 1 * */7', /step 7 in the weekday field/],
  [
    '1-10/10 * * * * *',
    /step 10 in the second field "1-10\/10" is outside 1-9 \(the span of "1-10"\)/,
  ],
  ['0,5-20/30 * * * * *', /step 30 in the second field "5-20\/30"/],
  ['5-2 * * * * *', /the range "5-2" in the second field runs backwards/],
  ['0 0 0 1 * fri-mon', /the range "fri-mon" in the weekday field runs backwards/],
  ['0 0 0 1 dec-jan *', /the range "dec-jan" in the month field runs backwards/],
];

const fine = [
  '*/30 * * * * *',
  '*/59 * * * * *',
  '*/1 * * * *',
  '0 */23 * * *',
  '0 0 */30 * *',
  '0 0 1 */11 *',
  '0 0 * * */6',
  '0-58/2 * * * * *',
  '0 0 0 1 jan-dec mon-fri',
  '0 0 0 1 * 0-7',
  '15,45 * * * * *',
];

describe('schedule (cron) ranges', () => {
  for (const [expression, why] of bent) {
    it(`rejects ${expression}`, () => {
      assert.match(cronRangeProblems(expression).join('; '), why);
      const { issues, lines } = issuesOf(minimalYaml + `schedule: "${expression}"\n`);
      const issue = issueAt(issues, 'schedule');
      assert.match(issue.expected, /^a node-cron expression/);
      assert.ok(issue.found.startsWith(JSON.stringify(expression)), issue.found);
      assert.match(issue.found, why);
      assert.match(
        lines[0] ?? '',
        /^schedule \(test\.yaml:4:11\): expected a node-cron expression/,
      );
    });
  }

  it('accepts steps and ranges that fit their field', () => {
    for (const expression of fine) {
      assert.deepEqual(cronRangeProblems(expression), [], expression);
      assert.equal(parse(minimalYaml + `schedule: "${expression}"\n`).schedule, expression);
    }
  });
});
