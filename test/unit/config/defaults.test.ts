// A minimal config gets every default; parsing normalises durations, paths, ssl and sink
// names; the shipped configs load.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { minimalYaml, parse, scratchDir, writeFile } from './helpers.js';

describe('config defaults', () => {
  it('fills in every default around the one required key', () => {
    const config = parse(minimalYaml);
    assert.deepEqual(config.clusters[0], {
      name: 'a',
      brokers: ['127.0.0.1:19092'],
      clientId: 'lagwatch',
      requestTimeoutMs: 10_000,
      connectionTimeoutMs: 3_000,
      groups: { allow: [], deny: [] },
      topics: { allow: [], deny: [] },
      offsets: 'poll',
      commitMinDistanceMs: 1_000,
    });
    assert.equal(config.schedule, '*/30 * * * * *');
    assert.equal(config.tickTimeoutMs, 25_000);
    assert.deepEqual(config.sampler, { concurrency: 8, groupsPerRequest: 1000 });
    assert.deepEqual(config.window, {
      intervals: 10,
      expireGroupAfterMs: 7 * 24 * 3600 * 1000,
      endOffsetHistory: 60,
    });
    assert.deepEqual(config.evaluator, {
      allowedLag: 0,
      minimumComplete: 0,
      rules: 'lagwatch',
      minimumSamples: 5,
    });
    assert.deepEqual(config.api, {
      enabled: true,
      listen: '127.0.0.1:8000',
      requestTimeoutMs: 10_000,
    });
    assert.deepEqual(config.log, { level: 'info', format: 'auto' });
  });

  it('gives one stdout sink when sinks is absent; it writes at once, so no delivery keys', () => {
    assert.deepEqual(parse(minimalYaml).sinks, [{ type: 'stdout', name: 'stdout' }]);
  });

  it('keeps an empty sinks list empty', () => {
    assert.deepEqual(parse(minimalYaml + 'sinks: []\n').sinks, []);
  });

  it('fills the defaults of each sink kind, InfluxDB api v2 included', () => {
    const config = parse(
      minimalYaml +
        'sinks:\n' +
        '  - {type: influxdb, url: "http://i:8086", org: o, bucket: b, tokenEnv: T}\n' +
        '  - {type: influxdb, name: old, api: v1, url: "http://i:8086", database: d}\n' +
        '  - {type: elasticsearch, nodes: ["http://e:9200"]}\n',
    );
    const [v2, v1, es] = config.sinks;
    assert.equal(v2?.type === 'influxdb' && v2.api, 'v2');
    assert.equal(v2?.name, 'influxdb');
    assert.equal(v2?.type === 'influxdb' && v2.schema, 'default');
    assert.equal(v1?.type === 'influxdb' && v1.api === 'v1' && v1.database, 'd');
    assert.ok(es?.type === 'elasticsearch');
    assert.equal(es.name, 'elasticsearch');
    assert.equal(es.indexPrefix, 'lagwatch');
    assert.equal(es.indexMode, 'daily');
    assert.equal(es.setupOnStart, false);
    assert.equal(es.batch.maxItems, 5000);
  });

  it('normalises ssl: true, compiles regexes and makes paths absolute', () => {
    const config = parse(
      'clusters:\n' +
        '  - name: a\n    brokers: ["k:1"]\n    ssl: true\n' +
        '    sasl: {mechanism: plain, username: u, passwordFile: secrets/kafka}\n' +
        '    groups: {allow: ["^billing-"], deny: ["-test$"]}\n' +
        '  - name: b\n    brokers: ["k:2"]\n    ssl: false\n',
    );
    const [a, b] = config.clusters;
    assert.deepEqual(a?.ssl, { rejectUnauthorized: true });
    assert.equal(b?.ssl, undefined);
    assert.equal(a?.sasl?.passwordFile, join(process.cwd(), 'secrets/kafka'));
    const allow = a?.groups.allow[0];
    assert.ok(allow instanceof RegExp);
    assert.ok(allow.test('billing-eu'));
    assert.ok(a?.groups.deny[0]?.test('billing-test'));
  });

  it('takes ssl files that exist', () => {
    const dir = scratchDir();
    const ca = writeFile(dir, 'ca.pem', 'x');
    const cert = writeFile(dir, 'cert.pem', 'x');
    const key = writeFile(dir, 'key.pem', 'x');
    const config = parse(
      `clusters:\n  - name: a\n    brokers: ["k:1"]\n` +
        `    ssl: {ca: ${ca}, cert: ${cert}, key: ${key}, rejectUnauthorized: false}\n`,
    );
    assert.deepEqual(config.clusters[0]?.ssl, { ca, cert, key, rejectUnauthorized: false });
  });

  it('accepts an empty file when the environment gives the clusters', () => {
    const config = parse('', { env: { LAGWATCH_CLUSTERS: '[{name: x, brokers: ["k:9092"]}]' } });
    assert.equal(config.clusters[0]?.name, 'x');
  });
});

describe('the shipped configs', () => {
  it('config/lagwatch.yaml: clusters a and b of the local stack, a stdout sink', () => {
    const config = loadConfig({ path: 'config/lagwatch.yaml', env: {} });
    assert.deepEqual(
      config.clusters.map((c) => [c.name, c.brokers]),
      [
        ['a', ['127.0.0.1:19092']],
        ['b', ['127.0.0.1:29092']],
      ],
    );
    assert.deepEqual(
      config.sinks.map((s) => s.type),
      ['stdout'],
    );
  });

  it('config/lagwatch.example.yaml is valid but for its TLS files, absent here', () => {
    try {
      loadConfig({ path: 'config/lagwatch.example.yaml', env: {} });
      assert.fail('the example names TLS files that do not exist on this machine');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(
        err.issues.map((i) => [i.path, i.expected]),
        [
          ['clusters[0].ssl.ca', 'a readable file'],
          ['clusters[0].ssl.cert', 'a readable file'],
          ['clusters[0].ssl.key', 'a readable file'],
          ['sinks[3].caFile', 'a readable file'],
        ],
      );
    }
  });
});
