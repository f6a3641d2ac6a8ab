// Grafana's provisioning files: the data sources the dashboards name exist with the uids
// they use, InfluxDB is queried in InfluxQL with the docker-compose stack's database and
// token, Elasticsearch is read through the jsonData of Grafana 10-12, and the dashboard
// provider turns each dashboards folder into a Grafana folder.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../../helpers/stack.js';
import { DASHBOARD_FILES, DASHBOARDS_DIR, loadDashboards } from './grafana-dashboards.js';
import { ES_DASHBOARD_FILES, loadEsDashboards } from './grafana-es-dashboards.js';

const provisioning = join(repoRoot, 'config/grafana/provisioning');

interface DataSource {
  name: string;
  uid: string;
  type: string;
  url: string;
  access: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

const datasources = (
  parse(readFileSync(join(provisioning, 'datasources/lagwatch.yaml'), 'utf8')) as {
    apiVersion: number;
    datasources: DataSource[];
  }
).datasources;
const byType = (type: string): DataSource => {
  const found = datasources.find((d) => d.type === type);
  assert.ok(found, `a ${type} data source`);
  return found;
};

describe('Grafana provisioning', () => {
  test('InfluxDB: InfluxQL over the v1 API of the stack, database and token of the compose stack', () => {
    const influx = byType('influxdb');
    assert.equal(influx.url, 'http://influxdb:8086');
    assert.equal(influx.access, 'proxy');
    assert.equal(influx.jsonData.version, 'InfluxQL');
    assert.equal(influx.jsonData.dbName, 'lagwatch');
    assert.equal(influx.jsonData.httpHeaderName1, 'Authorization');
    assert.equal(influx.secureJsonData?.httpHeaderValue1, 'Token lagwatch-local-token');
  });

  test('Elasticsearch: the lagwatch* indices by @timestamp, in the jsonData of Grafana 10-12', () => {
    const es = byType('elasticsearch') as DataSource & { database?: unknown };
    assert.equal(es.url, 'http://elasticsearch:9200');
    assert.equal(es.access, 'proxy');
    assert.equal(es.jsonData.index, 'lagwatch*');
    assert.equal(
      es.database,
      undefined,
      'the index in jsonData.index, not the deprecated database',
    );
    assert.equal(es.jsonData.interval, undefined, 'no index pattern: the alias or data stream');
    assert.equal(es.jsonData.timeField, '@timestamp');
    assert.equal(es.jsonData.timeInterval, '30s', "$__interval's floor: lagwatch's default tick");
    assert.equal(es.jsonData.maxConcurrentShardRequests, 5);
    assert.equal(es.jsonData.logMessageField, 'lagwatch.reason_text');
    assert.equal(es.jsonData.logLevelField, 'lagwatch.status');
    assert.equal(es.jsonData.esVersion, undefined, 'not read by Grafana 10-12');
  });

  test("every Elasticsearch dashboard's $datasource defaults to the provisioned Elasticsearch", () => {
    const es = byType('elasticsearch');
    for (const { path, dashboard } of loadEsDashboards()) {
      const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
      assert.equal(variable?.type, 'datasource', path);
      assert.equal(variable.query, 'elasticsearch', path);
      assert.deepEqual(variable.current, { text: es.name, value: es.uid }, path);
    }
  });

  test("every dashboard's $datasource defaults to the provisioned InfluxDB", () => {
    const influx = byType('influxdb');
    for (const { path, dashboard } of loadDashboards()) {
      const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
      assert.equal(variable?.type, 'datasource', path);
      assert.equal(variable.query, 'influxdb', path);
      assert.deepEqual(variable.current, { text: influx.name, value: influx.uid }, path);
    }
  });

  test('the dashboard provider reads folders as Grafana folders; every dashboard file is tested', () => {
    const { providers } = parse(
      readFileSync(join(provisioning, 'dashboards/lagwatch.yaml'), 'utf8'),
    ) as {
      providers: { type: string; options: { path: string; foldersFromFilesStructure: boolean } }[];
    };
    assert.equal(providers.length, 1);
    assert.equal(providers[0]?.type, 'file');
    assert.equal(providers[0]?.options.foldersFromFilesStructure, true);
    const onDisk = readdirSync(DASHBOARDS_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .sort();
    const tested = [...DASHBOARD_FILES.map((f) => f.path), ...ES_DASHBOARD_FILES];
    assert.deepEqual(onDisk, tested.sort());
    // Three Grafana folders, one per schema the dashboards read.
    const folders = new Set(onDisk.map((f) => f.split('/')[0]));
    assert.deepEqual(folders, new Set(['lagwatch', 'telegraf-burrow', 'lagwatch-elasticsearch']));
  });
});
