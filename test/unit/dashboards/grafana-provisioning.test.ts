// Grafana's provisioning files: the data sources the dashboards name exist with the uids
// they use, InfluxDB is queried in InfluxQL with the docker-compose stack's database and
// token, and the dashboard provider turns each dashboards folder into a Grafana folder.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../../helpers/stack.js';
import { DASHBOARD_FILES, DASHBOARDS_DIR, loadDashboards } from './grafana-dashboards.js';

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

  test('Elasticsearch: the lagwatch* indices by @timestamp', () => {
    const es = byType('elasticsearch');
    assert.equal(es.url, 'http://elasticsearch:9200');
    assert.equal(es.jsonData.index, 'lagwatch*');
    assert.equal(es.jsonData.timeField, '@timestamp');
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
    assert.deepEqual(onDisk, DASHBOARD_FILES.map((f) => f.path).sort());
  });
});
