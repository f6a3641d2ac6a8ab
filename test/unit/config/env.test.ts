// Environment overrides and command-line flags: the naming scheme, coercion to the key's
// kind, precedence (defaults < file < environment < flags) and errors naming the variable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseSetOption } from '../../../src/config/index.js';
import { issueAt, issuesOf, minimalYaml, parse, scratchDir, writeFile } from './helpers.js';

const twoClusters =
  'clusters:\n  - {name: prod-eu, brokers: ["p:9092"]}\n  - {name: b, brokers: ["b:9092"]}\n';

describe('environment overrides', () => {
  it('precedence: defaults < file < environment < flags', () => {
    const file = minimalYaml + 'window: {intervals: 5}\nevaluator: {allowedLag: 3}\n';
    assert.equal(parse(minimalYaml).window.intervals, 10);
    assert.equal(parse(file).window.intervals, 5);
    const env = { LAGWATCH_WINDOW__INTERVALS: '7', LAGWATCH_EVALUATOR__ALLOWED_LAG: '4' };
    assert.equal(parse(file, { env }).window.intervals, 7);
    const withFlag = parse(file, { env, overrides: [{ key: 'window.intervals', value: '9' }] });
    assert.equal(withFlag.window.intervals, 9);
    assert.equal(withFlag.evaluator.allowedLag, 4);
  });

  it('names keys in UPPER_SNAKE with "__" between levels, coercing numbers and booleans', () => {
    const config = parse(minimalYaml, {
      env: {
        LAGWATCH_SCHEDULE: '*/10 * * * * *',
        LAGWATCH_TICK_TIMEOUT_MS: '5s',
        LAGWATCH_SAMPLER__CONCURRENCY: '2',
        LAGWATCH_WINDOW__EXPIRE_GROUP_AFTER: '14d',
        LAGWATCH_EVALUATOR__MINIMUM_COMPLETE: '0.5',
        LAGWATCH_API__ENABLED: 'false',
        LAGWATCH_API__LISTEN: '0.0.0.0:0',
        LAGWATCH_LOG__LEVEL: 'debug',
      },
    });
    assert.equal(config.schedule, '*/10 * * * * *');
    assert.equal(config.tickTimeoutMs, 5000);
    assert.equal(config.sampler.concurrency, 2);
    assert.equal(config.window.expireGroupAfterMs, 14 * 86_400_000);
    assert.equal(config.evaluator.minimumComplete, 0.5);
    assert.equal(config.api.enabled, false);
    assert.equal(config.api.listen, '0.0.0.0:0');
    assert.equal(config.log.level, 'debug');
  });

  it('addresses clusters by name ("-" as "_"), lists comma-separated', () => {
    const config = parse(twoClusters, {
      env: {
        LAGWATCH_CLUSTERS__PROD_EU__BROKERS: 'h1:9092, h2:9092',
        LAGWATCH_CLUSTERS__B__GROUPS__DENY: '^test-,-tmp$',
        LAGWATCH_CLUSTERS__B__SASL__MECHANISM: 'plain',
        LAGWATCH_CLUSTERS__B__SASL__USERNAME: 'u',
        LAGWATCH_CLUSTERS__B__SASL__PASSWORD_ENV: 'KAFKA_B_PASSWORD',
      },
    });
    assert.deepEqual(config.clusters[0]?.brokers, ['h1:9092', 'h2:9092']);
    assert.deepEqual(
      config.clusters[1]?.groups.deny.map((re) => re.source),
      ['^test-', '-tmp$'],
    );
    assert.deepEqual(config.clusters[1]?.sasl, {
      mechanism: 'plain',
      username: 'u',
      passwordEnv: 'KAFKA_B_PASSWORD',
    });
  });

  it('takes YAML flow syntax for lists that need commas and for mappings', () => {
    const config = parse(minimalYaml, {
      env: {
        LAGWATCH_CLUSTERS__A__TOPICS__ALLOW: '["^a{1,3}$"]',
        LAGWATCH_CLUSTERS__A__SSL: '{rejectUnauthorized: false}',
        LAGWATCH_WINDOW: '{intervals: 3}',
      },
    });
    assert.equal(config.clusters[0]?.topics.allow[0]?.source, '^a{1,3}$');
    assert.deepEqual(config.clusters[0]?.ssl, { rejectUnauthorized: false });
    assert.equal(config.window.intervals, 3);
  });

  it('applies a whole list before keys of its items', () => {
    const config = parse(minimalYaml, {
      env: {
        LAGWATCH_CLUSTERS__Z__CLIENT_ID: 'from-env',
        LAGWATCH_CLUSTERS: '[{name: z, brokers: ["z:1"]}]',
      },
    });
    assert.deepEqual(
      config.clusters.map((c) => [c.name, c.clientId]),
      [['z', 'from-env']],
    );
  });

  it('turns ssl: true into a mapping when a file is set', () => {
    const ca = writeFile(scratchDir(), 'ca.pem', 'x');
    const config = parse(minimalYaml + '    ssl: true\n', {
      env: { LAGWATCH_CLUSTERS__A__SSL__CA: ca },
    });
    assert.deepEqual(config.clusters[0]?.ssl, { ca, rejectUnauthorized: true });
  });

  it('reaches the default stdout sink by its name', () => {
    const config = parse(minimalYaml, { env: { LAGWATCH_SINKS__STDOUT__NAME: 'out' } });
    assert.equal(config.sinks[0]?.name, 'out');
    assert.equal(config.sinks.length, 1);
  });

  it('accepts LAGWATCH_LOG_LEVEL (read by src/log.ts) for log.level; the canonical name wins', () => {
    assert.equal(parse(minimalYaml, { env: { LAGWATCH_LOG_LEVEL: 'warn' } }).log.level, 'warn');
    const both = { LAGWATCH_LOG_LEVEL: 'warn', LAGWATCH_LOG__LEVEL: 'error' };
    assert.equal(parse(minimalYaml, { env: both }).log.level, 'error');
  });

  it("ignores variables that are not config keys, and others' variables", () => {
    const env = {
      LAGWATCH_CONFIG: 'elsewhere.yaml',
      LAGWATCH_ROOT: '/x',
      LAGWATCH_STACK_DIR: '/y',
      LAGWATCH_ES_USER: 'nobody',
      PATH: '/bin',
      KAFKA_PASSWORD: 'x',
    };
    assert.equal(parse(minimalYaml, { env }).clusters[0]?.name, 'a');
  });

  it('an unknown variable is an error naming it, with a guess', () => {
    const { issues, lines } = issuesOf(minimalYaml, {
      env: { LAGWATCH_WINDOW__INTERVALZ: '3', LAGWATCH_SCHEDUEL: '* * * * *' },
    });
    assert.deepEqual(lines, [
      'LAGWATCH_SCHEDUEL: expected one of the keys: CLUSTERS, SCHEDULE, TICK_TIMEOUT_MS, SAMPLER, WINDOW, EVALUATOR, SINKS, NOTIFIERS, API, STATE, LOG (did you mean "SCHEDULE"?), found an unknown key "SCHEDUEL"',
      'LAGWATCH_WINDOW__INTERVALZ (window): expected one of the keys of window: INTERVALS, EXPIRE_GROUP_AFTER, EXPIRE_GROUP_AFTER_MS, END_OFFSET_HISTORY (did you mean "INTERVALS"?), found an unknown key "INTERVALZ"',
    ]);
    assert.deepEqual(issues[0]?.source, { kind: 'env', name: 'LAGWATCH_SCHEDUEL' });
  });

  it('a single underscore where "__" belongs is an unknown key', () => {
    const { lines } = issuesOf(minimalYaml, { env: { LAGWATCH_WINDOW_INTERVALS: '3' } });
    assert.match(lines[0] ?? '', /^LAGWATCH_WINDOW_INTERVALS: expected one of the keys: /);
  });

  it('a cluster that is not in the file is an error naming the variable', () => {
    const { lines } = issuesOf(twoClusters, { env: { LAGWATCH_CLUSTERS__C__BROKERS: 'c:1' } });
    assert.deepEqual(lines, [
      'LAGWATCH_CLUSTERS__C__BROKERS (clusters): expected the name of one item of clusters (prod-eu, b), found "C"',
    ]);
  });

  it('a bad value from the environment names the variable and the key', () => {
    const { issues, lines } = issuesOf(minimalYaml, {
      env: { LAGWATCH_WINDOW__INTERVALS: 'ten', LAGWATCH_CLUSTERS__A__BROKERS: 'h1:9092,nope' },
    });
    assert.deepEqual(lines, [
      'LAGWATCH_CLUSTERS__A__BROKERS (clusters[0].brokers[1]): expected host:port with a port from 1 to 65535, found "nope"',
      'LAGWATCH_WINDOW__INTERVALS (window.intervals): expected an integer, found "ten"',
    ]);
    assert.deepEqual(issueAt(issues, 'window.intervals').source, {
      kind: 'env',
      name: 'LAGWATCH_WINDOW__INTERVALS',
    });
  });

  it('a literal password through the environment says to use PASSWORD_ENV, hiding the value', () => {
    const { lines } = issuesOf(
      minimalYaml + '    sasl: {mechanism: plain, username: u, passwordEnv: P}\n',
      { env: { LAGWATCH_CLUSTERS__A__SASL__PASSWORD: 'hunter2' } },
    );
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      /expected PASSWORD_ENV .* or PASSWORD_FILE .*found a literal password/,
    );
    assert.ok(!lines[0]?.includes('hunter2'));
  });

  it('malformed names and YAML values', () => {
    const { lines } = issuesOf(minimalYaml, {
      env: { LAGWATCH_WINDOW____INTERVALS: '3', LAGWATCH_WINDOW: '{intervals: [' },
    });
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^LAGWATCH_WINDOW____INTERVALS: expected LAGWATCH_KEY or/);
    assert.match(
      lines[1] ?? '',
      /^LAGWATCH_WINDOW \(window\): expected a YAML value, found a syntax error/,
    );
  });

  it('LAGWATCH_CONFIG chooses the file; an explicit path wins over it', () => {
    const dir = scratchDir();
    const one = writeFile(dir, 'one.yaml', minimalYaml);
    const two = writeFile(dir, 'two.yaml', minimalYaml.replace('name: a', 'name: two'));
    assert.equal(loadConfig({ env: { LAGWATCH_CONFIG: two } }).clusters[0]?.name, 'two');
    const explicit = loadConfig({ path: one, env: { LAGWATCH_CONFIG: two } });
    assert.equal(explicit.clusters[0]?.name, 'a');
  });
});

describe('command-line overrides', () => {
  it('use the file\'s key names, "." between levels, items by name', () => {
    const config = parse(twoClusters, {
      overrides: [
        parseSetOption('clusters.prod-eu.clientId=lw-eu'),
        parseSetOption('sinks.stdout.name=out'),
        { key: 'log.level', value: 'trace', source: '--log-level' },
      ],
    });
    assert.equal(config.clusters[0]?.clientId, 'lw-eu');
    assert.equal(config.sinks[0]?.name, 'out');
    assert.equal(config.log.level, 'trace');
  });

  it('errors name the flag', () => {
    const { lines } = issuesOf(minimalYaml, {
      overrides: [
        { key: 'log.level', value: 'loud', source: '--log-level' },
        parseSetOption('window.interval=3'),
      ],
    });
    assert.deepEqual(lines, [
      '--set window.interval (window): expected one of the keys of window: intervals, expireGroupAfter, expireGroupAfterMs, endOffsetHistory (did you mean "intervals"?), found an unknown key "interval"',
      '--log-level (log.level): expected one of trace, debug, info, warn, error, fatal, found "loud"',
    ]);
  });

  it('parseSetOption needs KEY=VALUE', () => {
    assert.deepEqual(parseSetOption('a.b=c=d'), { key: 'a.b', value: 'c=d' });
    assert.throws(() => parseSetOption('novalue'), /expected KEY=VALUE/);
  });
});
