// `lagwatch setup elasticsearch` against the real node: installs the template of the
// config's Elasticsearch sink (so the sink then starts without setupOnStart), prints it
// with --print, and fails clearly for an unknown sink or a node that is not there.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { Command } from 'commander';
import { registerSetup, runSetupElasticsearch } from '../../../src/cli/setup.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { elasticsearchConfig } from '../../unit/sinks/helpers/sink-config.js';
import { esClient, removePrefix } from './es-helpers.js';
import { closedPort, env, tempDir } from './helpers.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env: {} }, out: () => out, err: () => err };
}

describe('lagwatch setup elasticsearch', { timeout: 60_000 }, () => {
  const dir = tempDir('lw-setup-');
  const prefix = uniqueName('lw-setup');
  const client = esClient();
  const configFile = (nodes: string[], extra = ''): string => {
    const file = join(dir, `${uniqueName('config')}.yaml`);
    writeFileSync(
      file,
      [
        'clusters:',
        '  - name: a',
        '    brokers: ["127.0.0.1:19092"]',
        'sinks:',
        '  - type: stdout',
        '  - type: elasticsearch',
        '    name: es',
        `    nodes: [${nodes.map((n) => JSON.stringify(n)).join(', ')}]`,
        `    indexPrefix: ${prefix}`,
        extra,
      ].join('\n'),
    );
    return file;
  };
  after(async () => {
    await removePrefix(client, prefix);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('installs the index template; the sink then starts without setupOnStart', async () => {
    const run = io();
    const code = await runSetupElasticsearch(
      { config: configFile([env.elasticsearchUrl]) },
      run.io,
    );
    assert.equal(code, 0, run.err());
    assert.equal(
      run.out(),
      `sink es: index template "${prefix}" installed (daily mode, patterns ${prefix}-*, version 3)\n`,
    );
    const got = await client.indices.getIndexTemplate({ name: prefix });
    assert.deepEqual(got.index_templates[0]?.index_template.index_patterns, [`${prefix}-*`]);

    const sink = new ElasticsearchSink(
      elasticsearchConfig({ nodes: [env.elasticsearchUrl], indexPrefix: prefix }),
      {},
      captureLogger().logger,
    );
    assert.deepEqual(await sink.start(10_000), { kind: 'ok' });
    await sink.close(10);

    const again = io();
    assert.equal(
      await runSetupElasticsearch({ config: configFile([env.elasticsearchUrl]) }, again.io),
      0,
    );
  });

  test('--print shows the template and touches nothing', async () => {
    const run = io();
    const code = await runSetupElasticsearch(
      { config: configFile(['http://127.0.0.1:1']), print: true },
      run.io,
    );
    assert.equal(code, 0);
    const printed = JSON.parse(run.out()) as {
      name: string;
      template: { mappings: { dynamic: string } };
    };
    assert.equal(printed.name, prefix);
    assert.equal(printed.template.mappings.dynamic, 'strict');
  });

  test('a node that is not there: exit 1, naming the sink', async () => {
    const port = await closedPort();
    const run = io();
    const code = await runSetupElasticsearch(
      { config: configFile([`http://127.0.0.1:${port}`]) },
      run.io,
    );
    assert.equal(code, 1);
    assert.match(run.err(), /^sink es: installing index template ".*" failed: .*ECONNREFUSED/);
  });

  test('no such sink, or an invalid config: exit 2', async () => {
    const missing = io();
    assert.equal(
      await runSetupElasticsearch(
        { config: configFile([env.elasticsearchUrl]), sink: 'nope' },
        missing.io,
      ),
      2,
    );
    assert.match(missing.err(), /no elasticsearch sink named "nope"/);
    const invalid = io();
    assert.equal(await runSetupElasticsearch({ config: configFile(['not a url']) }, invalid.io), 2);
    assert.match(invalid.err(), /nodes/);
  });

  test('registerSetup adds `setup elasticsearch` with its options', () => {
    const program = new Command();
    registerSetup(program);
    const setup = program.commands.find((c) => c.name() === 'setup');
    const es = setup?.commands.find((c) => c.name() === 'elasticsearch');
    assert.deepEqual(
      es?.options.map((o) => o.long),
      ['--config', '--set', '--sink', '--print'],
    );
  });
});
