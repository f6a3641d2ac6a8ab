// The `notifiers:` list: the smallest config works with the documented defaults; wrong
// values, broken templates and secrets written in the file are errors naming the path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueAt, issuesOf, minimalYaml, parse } from './helpers.js';

describe('notifier options', () => {
  it('the smallest webhook: threshold WARN, open and close POST JSON to url', () => {
    const config = parse(
      `${minimalYaml}notifiers:\n  - {name: ops, type: webhook, url: http://hooks.local/x}\n`,
    );
    const [ops] = config.notifiers;
    assert.ok(ops?.type === 'webhook');
    assert.equal(ops.threshold, 'WARN');
    assert.equal(ops.for, 0);
    assert.equal(ops.sendClose, true);
    assert.equal(ops.sendOnce, false);
    assert.equal(ops.methodOpen, 'POST');
    assert.equal(ops.methodClose, 'POST');
    assert.equal(ops.urlClose, undefined);
    assert.equal(ops.body, '{{json this}}');
  });

  it('no notifiers key: no notifiers', () => {
    assert.deepEqual(parse(minimalYaml).notifiers, []);
  });

  it('`for` takes a duration or a number of ticks', () => {
    const config = parse(
      `${minimalYaml}notifiers:\n  - {name: a, type: webhook, url: http://h/x, for: 30s}\n  - {name: b, type: webhook, url: http://h/x, for: 3 ticks}\n`,
    );
    assert.deepEqual(
      config.notifiers.map((n) => n.for),
      [30_000, '3 ticks'],
    );
    const { issues } = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: a, type: webhook, url: http://h/x, for: soon}\n`,
    );
    assert.match(issueAt(issues, 'notifiers[0].for').expected, /a number of ticks/);
  });

  it('a broken template exits 2 naming the notifier, the key and the line of the template', () => {
    const { issues, lines } = issuesOf(
      `${minimalYaml}notifiers:\n  - name: ops\n    type: webhook\n    url: http://h/x\n    body: "{\\"kind\\": {{json kind}},\\n{{#if worst}}x"\n`,
    );
    const issue = issueAt(issues, 'notifiers[0].body');
    assert.equal(issue.expected, 'a valid Handlebars template');
    assert.match(issue.found, /^Parse error on line 2 of the template/);
    assert.match(lines[0] ?? '', /^notifiers\[0\]\.body \(test\.yaml:8:/);
  });

  it('an alertmanager annotation template is compiled too', () => {
    const { issues } = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: am, type: alertmanager, url: http://am:9093, annotations: {summary: "{{#each x}}"}}\n`,
    );
    assert.match(
      issueAt(issues, 'notifiers[0].annotations.summary').found,
      /Parse error on line 1/,
    );
  });

  it('alertmanager refuses sendOnce: an alert must be re-posted to stay firing', () => {
    const { issues } = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: am, type: alertmanager, url: http://am:9093, sendOnce: true}\n`,
    );
    assert.match(
      issueAt(issues, 'notifiers[0].sendOnce').expected,
      /false: Alertmanager needs alerts re-posted/,
    );
  });

  it('wrong values are reported at once, each naming its path', () => {
    const { issues } = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: ops, type: webhook, url: ftp://x, threshold: CRIT, groups: {deny: ["("]}}\n  - {name: ops, type: pager}\n`,
    );
    const paths = issues.map((i) => i.path).sort();
    assert.deepEqual(paths, [
      'notifiers[0].groups.deny[0]',
      'notifiers[0].threshold',
      'notifiers[0].url',
      'notifiers[1].name',
      'notifiers[1].type',
    ]);
  });

  it('a secret is a reference: tokenEnv or tokenFile, never both, never a literal token', () => {
    const both = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: ops, type: webhook, url: http://h/x, tokenEnv: HOOK_TOKEN, tokenFile: /tmp/t}\n`,
    );
    assert.match(
      issueAt(both.issues, 'notifiers[0].tokenFile').expected,
      /only one of tokenEnv and tokenFile/,
    );
    const literal = issuesOf(
      `${minimalYaml}notifiers:\n  - {name: ops, type: webhook, url: http://h/x, token: s3cret}\n`,
    );
    assert.ok(!literal.lines.join('\n').includes('s3cret'), 'the value is never shown');
  });
});
