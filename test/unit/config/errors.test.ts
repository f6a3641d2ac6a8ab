// Every kind of bad config: each issue names the path, the expected and the found value,
// says where the value came from, and all issues of one config arrive together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { issueAt, issuesOf, minimalYaml, scratchDir, writeFile } from './helpers.js';

const oneCluster = (extra: string): string =>
  `clusters:\n  - name: a\n    brokers: ["k:9092"]\n${extra}`;

describe('config errors', () => {
  it('a wrong type names the path, the expected type and the found value', () => {
    const { issues, lines } = issuesOf(minimalYaml + 'window:\n  intervals: ten\n');
    const issue = issueAt(issues, 'window.intervals');
    assert.equal(issue.expected, 'an integer');
    assert.equal(issue.found, '"ten"');
    assert.deepEqual(issue.source, { kind: 'file', file: 'test.yaml', line: 5, col: 14 });
    assert.deepEqual(lines, [
      'window.intervals (test.yaml:5:14): expected an integer, found "ten"',
    ]);
  });

  it('a value out of range', () => {
    const { issues } = issuesOf(minimalYaml + 'evaluator: {minimumComplete: 1.5}\n');
    const issue = issueAt(issues, 'evaluator.minimumComplete');
    assert.equal(issue.expected, 'a number <= 1');
    assert.equal(issue.found, '1.5');
  });

  it('a missing required key is found as nothing', () => {
    const { issues } = issuesOf('clusters:\n  - name: a\n');
    const issue = issueAt(issues, 'clusters[0].brokers');
    assert.equal(issue.expected, 'a list');
    assert.equal(issue.found, 'nothing');
  });

  it('no clusters at all', () => {
    const { issues } = issuesOf('clusters: []\n');
    assert.equal(issueAt(issues, 'clusters').expected, 'a list of at least 1 item');
    assert.equal(issueAt(issuesOf('log: {level: info}\n').issues, 'clusters').found, 'nothing');
  });

  it('an unknown key, anywhere, with the known keys and a guess', () => {
    const { issues } = issuesOf(
      'clusters:\n  - name: a\n    brokers: ["k:1"]\n    brokrs: ["k:2"]\nwindw: {}\n',
    );
    const typo = issueAt(issues, 'clusters[0].brokrs');
    assert.match(
      typo.expected,
      /^one of the keys: name, brokers, clientId, .*\(did you mean "brokers"\?\)$/,
    );
    assert.equal(typo.found, 'an unknown key');
    assert.match(issueAt(issues, 'windw').expected, /did you mean "window"\?/);
  });

  it("an unknown key inside a sink of one type lists that type's keys", () => {
    const { issues } = issuesOf(minimalYaml + 'sinks:\n  - {type: stdout, url: "http://x"}\n');
    const issue = issueAt(issues, 'sinks[0].url');
    assert.equal(issue.expected, 'one of the keys: type, name, batch, retry, queue, spool');
  });

  it('an unknown sink type or InfluxDB api', () => {
    const { issues } = issuesOf(
      minimalYaml + 'sinks:\n  - {type: kafka}\n  - {type: influxdb, api: v3, url: "http://i"}\n',
    );
    assert.deepEqual(issueAt(issues, 'sinks[0].type'), {
      path: 'sinks[0].type',
      expected: 'one of stdout, influxdb, elasticsearch',
      found: '"kafka"',
      source: { kind: 'file', file: 'test.yaml', line: 5, col: 12 },
    });
    assert.equal(issueAt(issues, 'sinks[1].api').expected, 'one of v2, v1');
  });

  it('an invalid regex names its path and the reason', () => {
    const { issues } = issuesOf(oneCluster('    topics:\n      deny: ["ok", "orders("]\n'));
    const issue = issueAt(issues, 'clusters[0].topics.deny[1]');
    assert.equal(issue.expected, 'a valid regular expression');
    assert.equal(issue.found, '"orders(" (Unterminated group)');
  });

  it('an invalid cron expression', () => {
    for (const schedule of ['61 * * * * *', 'every minute', '* * * * * * *']) {
      const { issues } = issuesOf(minimalYaml + `schedule: "${schedule}"\n`);
      const issue = issueAt(issues, 'schedule');
      assert.match(issue.expected, /^a node-cron expression/);
      assert.ok(issue.found.startsWith(JSON.stringify(schedule)), issue.found);
    }
  });

  it('duplicate cluster names, and duplicate sink names (two unnamed sinks of one type)', () => {
    const { issues } = issuesOf(
      'clusters:\n  - {name: a, brokers: ["k:1"]}\n  - {name: a, brokers: ["k:2"]}\n' +
        'sinks:\n  - {type: stdout}\n  - {type: stdout}\n',
    );
    const cluster = issueAt(issues, 'clusters[1].name');
    assert.equal(cluster.expected, 'a name no other cluster has (clusters[0] is also named "a")');
    assert.equal(cluster.found, '"a"');
    assert.equal(issueAt(issues, 'sinks[1].name').found, '"stdout"');
  });

  it('a cluster name that is not URL-safe', () => {
    const { issues } = issuesOf('clusters:\n  - {name: "prod/eu", brokers: ["k:1"]}\n');
    assert.match(issueAt(issues, 'clusters[0].name').expected, /^a name of 1 to 64 letters/);
  });

  it('a broker that is not host:port', () => {
    const { issues } = issuesOf('clusters:\n  - {name: a, brokers: ["k:1", "k", "k:0"]}\n');
    assert.equal(issueAt(issues, 'clusters[0].brokers[1]').found, '"k"');
    assert.equal(
      issueAt(issues, 'clusters[0].brokers[2]').expected,
      'host:port with a port from 1 to 65535',
    );
  });

  it('a missing or unusable ssl file', () => {
    const dir = scratchDir();
    const { issues } = issuesOf(oneCluster(`    ssl: {ca: ${dir}/nope.pem, cert: ${dir}}\n`));
    assert.equal(issueAt(issues, 'clusters[0].ssl.ca').found, `"${dir}/nope.pem" (no such file)`);
    assert.equal(issueAt(issues, 'clusters[0].ssl.cert').found, `"${dir}" (not a regular file)`);
  });

  it('ssl cert without its key', () => {
    const cert = writeFile(scratchDir(), 'cert.pem', 'x');
    const { issues } = issuesOf(oneCluster(`    ssl: {cert: ${cert}}\n`));
    assert.match(issueAt(issues, 'clusters[0].ssl.key').expected, /^cert and key together/);
  });

  it('ssl of the wrong kind', () => {
    const { issues } = issuesOf(oneCluster('    ssl: "yes"\n'));
    assert.equal(
      issueAt(issues, 'clusters[0].ssl').expected,
      'true, false, or a mapping of ca, cert, key, rejectUnauthorized',
    );
  });

  it('a literal password says to use passwordEnv or passwordFile, and hides the value', () => {
    const { issues, lines } = issuesOf(
      oneCluster('    sasl: {mechanism: plain, username: u, password: hunter2}\n'),
    );
    assert.equal(issues.length, 1, lines.join('\n'));
    const issue = issueAt(issues, 'clusters[0].sasl.password');
    assert.match(issue.expected, /^passwordEnv .* or passwordFile .*secrets are never written/);
    assert.equal(issue.found, 'a literal password (value hidden)');
    assert.ok(!lines.join('\n').includes('hunter2'));
  });

  it('a literal token in a sink, and a URL with credentials in it, never show the secret', () => {
    const { issues, lines } = issuesOf(
      minimalYaml +
        'sinks:\n  - {type: influxdb, url: "http://u:s3cret@i:8086", org: o, bucket: b, token: t0ken}\n',
    );
    assert.match(issueAt(issues, 'sinks[0].token').expected, /^tokenEnv .* or tokenFile/);
    assert.equal(issueAt(issues, 'sinks[0].url').found, '"http://***:***@i:8086/"');
    const text = lines.join('\n');
    assert.ok(!text.includes('s3cret') && !text.includes('t0ken'), text);
  });

  it('a SASL password from both env and file, or from neither', () => {
    const both = issuesOf(
      oneCluster('    sasl: {mechanism: plain, username: u, passwordEnv: P, passwordFile: /p}\n'),
    );
    assert.equal(issueAt(both.issues, 'clusters[0].sasl.passwordFile').found, 'both');
    const neither = issuesOf(oneCluster('    sasl: {mechanism: scram-sha-256, username: u}\n'));
    assert.equal(issueAt(neither.issues, 'clusters[0].sasl.passwordEnv').found, 'neither');
  });

  it('an unknown SASL mechanism and a bad env var name', () => {
    const { issues } = issuesOf(
      oneCluster('    sasl: {mechanism: scram, username: u, passwordEnv: "MY-PASS"}\n'),
    );
    assert.equal(
      issueAt(issues, 'clusters[0].sasl.mechanism').expected,
      'one of plain, scram-sha-256, scram-sha-512',
    );
    assert.match(issueAt(issues, 'clusters[0].sasl.passwordEnv').expected, /environment variable/);
  });

  it('Elasticsearch: a password without a username, and basic auth with an API key', () => {
    const { issues } = issuesOf(
      minimalYaml +
        'sinks:\n  - {type: elasticsearch, nodes: ["http://e:9200"], passwordEnv: P}\n' +
        '  - {type: elasticsearch, name: es2, nodes: ["http://e:9200"], username: u,\n' +
        '     passwordEnv: P, apiKeyEnv: K}\n',
    );
    assert.equal(issueAt(issues, 'sinks[0].username').expected, 'a username with the password');
    assert.match(issueAt(issues, 'sinks[1].apiKeyEnv').expected, /^one kind of authentication/);
  });

  it('bad durations and sizes', () => {
    const { issues } = issuesOf(
      minimalYaml +
        'tickTimeoutMs: 0\nwindow: {expireGroupAfter: 7 days}\n' +
        'sinks:\n  - type: influxdb\n    url: "http://i:8086"\n    org: o\n    bucket: b\n    tokenEnv: T\n' +
        '    batch: {maxBytes: 1TB}\n' +
        '    retry: {initialDelayMs: 1m, maxDelayMs: 30s}\n',
    );
    assert.equal(issueAt(issues, 'tickTimeoutMs').found, '0');
    assert.match(issueAt(issues, 'tickTimeoutMs').expected, /^a duration of at least 1 ms/);
    assert.equal(issueAt(issues, 'window.expireGroupAfter').found, '"7 days"');
    assert.match(
      issueAt(issues, 'sinks[0].batch.maxBytes').expected,
      /^a size of at least 1 bytes/,
    );
    assert.deepEqual(issueAt(issues, 'sinks[0].retry.maxDelayMs'), {
      path: 'sinks[0].retry.maxDelayMs',
      expected: 'at least initialDelayMs (60000 ms)',
      found: '30000 ms',
      source: { kind: 'file', file: 'test.yaml', line: 13, col: 45 },
    });
  });

  it('expireGroupAfter and expireGroupAfterMs together', () => {
    const { issues } = issuesOf(
      minimalYaml + 'window: {expireGroupAfter: 1d, expireGroupAfterMs: 5}\n',
    );
    assert.match(issueAt(issues, 'window.expireGroupAfterMs').expected, /not both/);
  });

  it('collects every problem of the file in one error', () => {
    const { lines } = issuesOf(
      'clusters:\n  - {name: a, brokers: "k:1", clientId: 5}\n  - {name: a, brokers: ["k:2"]}\n' +
        'schedule: nope\nwindow: {intervals: 0}\nlog: {level: loud}\napi: {listen: "x", extra: 1}\n',
    );
    assert.deepEqual(lines, [
      'clusters[0].brokers (test.yaml:2:24): expected a list, found "k:1"',
      'clusters[0].clientId (test.yaml:2:41): expected a string, found 5',
      'schedule (test.yaml:4:11): expected a node-cron expression "[second] minute hour day-of-month month weekday", found "nope" (expected 5 or 6 fields but got 1)',
      'window.intervals (test.yaml:5:21): expected a number >= 1, found 0',
      'api.listen (test.yaml:7:15): expected host:port with a port from 0 to 65535, found "x"',
      'api.extra (test.yaml:7:27): expected one of the keys: enabled, listen, tls, adminTokenEnv, adminTokenFile, readTokenEnv, readTokenFile, requestTimeoutMs, found an unknown key',
      'log.level (test.yaml:6:14): expected one of trace, debug, info, warn, error, fatal, found "loud"',
      'clusters[1].name (test.yaml:3:12): expected a name no other cluster has (clusters[0] is also named "a"), found "a"',
    ]);
  });

  it('a YAML syntax error names the file, line and column', () => {
    const { issues, lines } = issuesOf('clusters:\n  - name: a\n    brokers: a: b\n');
    assert.equal(issues.length, 1);
    assert.deepEqual(lines, [
      'test.yaml:3:14: expected valid YAML, found a syntax error: Nested mappings are not allowed in compact mappings',
    ]);
  });

  it('a duplicate key in YAML is a syntax error', () => {
    const { lines } = issuesOf(minimalYaml + 'schedule: "* * * * *"\nschedule: "* * * * *"\n');
    assert.match(lines[0] ?? '', /^test\.yaml:5:1: expected valid YAML, found .*unique/i);
  });

  it('a document that is not a mapping', () => {
    assert.deepEqual(issuesOf('- a\n- b\n').lines, [
      'test.yaml:1:1: expected a mapping of config keys at the top level, found a list of 2 items',
    ]);
  });

  it('a missing config file names it', () => {
    const path = `${scratchDir()}/nope.yaml`;
    assert.throws(
      () => loadConfig({ path, env: {} }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message.includes(`${path}: expected a readable YAML config file`) &&
        err.issues[0]?.found === 'no such file',
    );
  });
});
