// `check-config --connect` against the real stack: every cluster and sink reached says ok;
// an unreachable cluster exits 1; a sink that refuses lagwatch (missing database) exits 2.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { stackEnv } from '../../helpers/stack.js';

const env = stackEnv();

function config(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lagwatch-connect-')), 'lagwatch.yaml');
  writeFileSync(file, yaml);
  return file;
}

const clusterA = `  - name: a\n    brokers: [${env.kafkaClusters.a!.brokers.join(', ')}]\n`;

describe('check-config --connect', { timeout: 60_000 }, () => {
  test('all reachable: one ok line each, exit 0', async () => {
    process.env.LAGWATCH_TEST_CONNECT_TOKEN = 'unused-by-victoriametrics';
    const file = config(
      `clusters:\n${clusterA}sinks:\n  - type: influxdb\n    api: v2\n    url: ${env.victoriametricsUrl}\n` +
        '    org: o\n    bucket: b\n    tokenEnv: LAGWATCH_TEST_CONNECT_TOKEN\n',
    );
    const { code, stdout, stderr } = await runCli(['check-config', '--connect', '--config', file]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^cluster a: ok \(\d+ consumer groups\)$/m);
    assert.match(stdout, /^sink influxdb: ok$/m);
  });

  test('an unreachable cluster: exit 1, named with the cause', async () => {
    const file = config(`clusters:\n${clusterA}  - name: gone\n    brokers: [127.0.0.1:1]\n`);
    const { code, stderr } = await runCli(['check-config', '--connect', '--config', file]);
    assert.equal(code, 1);
    assert.match(stderr, /^cluster gone: UNREACHABLE: .*ECONNREFUSED/m);
  });

  test('a sink that refuses lagwatch: exit 2, naming the sink and the cause', async () => {
    const file = config(
      `clusters:\n${clusterA}sinks:\n  - type: influxdb\n    api: v1\n    url: ${env.influxdbUrl}\n    database: lagwatch_no_such_db\n`,
    );
    const { code, stderr } = await runCli(['check-config', '--connect', '--config', file]);
    assert.equal(code, 2);
    assert.match(stderr, /^sink influxdb: REFUSED: .*lagwatch_no_such_db.*not found/m);
  });

  test('an Elasticsearch sink without its index template is refused, and says how to fix it', async () => {
    const file = config(
      `clusters:\n${clusterA}sinks:\n  - type: elasticsearch\n    nodes: [${env.elasticsearchUrl}]\n` +
        '    indexPrefix: lagwatch-no-template\n',
    );
    const { code, stderr } = await runCli(['check-config', '--connect', '--config', file]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /^sink elasticsearch: REFUSED: .*not installed: run `lagwatch setup elasticsearch`/m,
    );
  });
});
