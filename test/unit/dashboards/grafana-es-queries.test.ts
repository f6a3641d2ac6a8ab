// The conventions of the dashboards over Elasticsearch, so that the integration test can send
// each target as Grafana would and so that they work on any Elasticsearch: every panel reads
// the $datasource Elasticsearch, each query one dataset of lagwatch's documents; series end
// in a date histogram of @timestamp at $__interval, tables in terms; only aggregations of
// Elasticsearch's own (no X-Pack) over fields the documents of that dataset carry, with a
// type that aggregates; variables only as `field:$var`; the same status colours as the
// InfluxDB dashboards; a sound grid.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reportDocuments } from '../../../sinks/elasticsearch/documents.js';
import { LAGWATCH_MAPPINGS } from '../../../sinks/elasticsearch/mappings.js';
import { variedReport } from '../../helpers/reports.js';
import { allPanels, loadDashboards } from './grafana-dashboards.js';
import {
  allEsPanels,
  esPanelTargets,
  esVariables,
  loadEsDashboards,
} from './grafana-es-dashboards.js';
import type { ValueMapping } from './grafana-es-dashboards.js';
import { flattenMapping } from './kibana-objects.js';

const files = loadEsDashboards();
const DATASOURCE = { type: 'elasticsearch', uid: '${datasource}' };
const fieldTypes = flattenMapping(LAGWATCH_MAPPINGS);
const AGGREGATABLE = new Set(['keyword', 'date', 'long', 'integer', 'byte', 'double']);
const NUMERIC = new Set(['date', 'long', 'integer', 'byte', 'double']);
const SERIES_PANELS = new Set(['timeseries', 'state-timeline', 'stat']);

/** Each dataset's field paths, from documents the sink really writes (every shape). */
function datasetFields(): Map<string, Set<string>> {
  const at = Date.UTC(2026, 10, 30, 9, 0, 0);
  const unavailable = {
    ...variedReport('b', at),
    available: false,
    fault: { code: 'CLUSTER_UNAVAILABLE' as const, message: 'x' },
    groups: [],
    offsets: [],
  };
  const out = new Map<string, Set<string>>();
  const walk = (value: unknown, path: string, into: Set<string>): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, into);
    } else into.add(path);
  };
  for (const { doc } of [variedReport('a', at), unavailable].flatMap(reportDocuments)) {
    const dataset = (doc.event as { dataset: string }).dataset;
    const fields = out.get(dataset) ?? new Set<string>();
    walk(doc, '', fields);
    out.set(dataset, fields);
  }
  return out;
}
const documentFields = datasetFields();

function datasetOfQuery(query: string): string {
  const found = [...query.matchAll(/event\.dataset:(lagwatch\.\w+)/g)].map((m) => m[1]!);
  assert.equal(found.length, 1, `one dataset in ${query}`);
  return found[0]!;
}

describe('Grafana dashboards over Elasticsearch', () => {
  for (const file of files) {
    const d = file.dashboard;
    const defined = new Set(d.templating.list.map((v) => v.name));

    test(`${file.path}: every panel, query and variable reads the $datasource Elasticsearch`, () => {
      const ds = d.templating.list.find((v) => v.name === 'datasource');
      assert.equal(ds?.type, 'datasource');
      assert.equal(ds.query, 'elasticsearch');
      for (const panel of allEsPanels(d).filter((p) => p.type !== 'row')) {
        assert.deepEqual(panel.datasource, DATASOURCE, panel.title);
        const refIds = (panel.targets ?? []).map((t) => t.refId);
        assert.ok(refIds.length > 0, `${panel.title} queries`);
        assert.equal(new Set(refIds).size, refIds.length, `${panel.title}: refIds unique`);
        for (const t of panel.targets ?? []) assert.deepEqual(t.datasource, DATASOURCE, t.refId);
      }
      for (const { variable } of esVariables(d)) assert.deepEqual(variable.datasource, DATASOURCE);
    });

    test(`${file.path}: targets hold only keys of Grafana's Elasticsearch query model`, () => {
      // @grafana/schema does not publish the Elasticsearch query types: these are the keys of
      // Grafana's ElasticsearchDataQuery, MetricAggregation and BucketAggregation that the
      // dashboards use, settings as the strings Grafana's editor writes.
      const keys = (o: object) => Object.keys(o);
      const within = (o: object, allowed: string[], where: string): void => {
        for (const k of keys(o)) assert.ok(allowed.includes(k), `${where}: ${k}`);
      };
      const settings: Record<string, string[]> = {
        terms: ['size', 'order', 'orderBy', 'min_doc_count', 'missing'],
        date_histogram: ['interval', 'min_doc_count', 'trimEdges', 'offset', 'timeZone'],
      };
      for (const { where, target } of esPanelTargets(file)) {
        within(
          target,
          ['refId', 'datasource', 'query', 'alias', 'metrics', 'bucketAggs', 'timeField', 'hide'],
          where,
        );
        for (const m of target.metrics) within(m, ['id', 'type', 'field', 'hide'], where);
        for (const b of target.bucketAggs) {
          within(b, ['id', 'type', 'field', 'settings'], where);
          within(b.settings ?? {}, settings[b.type] ?? [], `${where} ${b.type}`);
          for (const v of Object.values(b.settings ?? {})) assert.equal(typeof v, 'string', where);
        }
      }
    });

    test(`${file.path}: series end in a @timestamp histogram at $__interval, tables in terms`, () => {
      for (const { where, panel, target } of esPanelTargets(file)) {
        assert.equal(target.timeField, '@timestamp', where);
        const last = target.bucketAggs.at(-1);
        assert.ok(last, `${where}: bucket aggregations`);
        if (SERIES_PANELS.has(panel.type)) {
          assert.equal(last.type, 'date_histogram', where);
          assert.equal(last.field, '@timestamp', where);
          assert.equal(last.settings?.interval, 'auto', `${where}: $__interval`);
        } else {
          assert.equal(panel.type, 'table', where);
          assert.equal(last.type, 'terms', where);
        }
        for (const b of target.bucketAggs.slice(0, -1)) assert.equal(b.type, 'terms', where);
        const ids = [...target.bucketAggs, ...target.metrics].map((x) => x.id);
        assert.equal(new Set(ids).size, ids.length, `${where}: aggregation ids unique`);
      }
    });

    test(`${file.path}: each query reads one dataset, aggregating fields its documents carry`, () => {
      for (const { where, target } of esPanelTargets(file)) {
        const dataset = datasetOfQuery(target.query ?? '');
        const carried = documentFields.get(dataset);
        assert.ok(carried, `${where}: ${dataset} is a dataset the sink writes`);
        for (const b of target.bucketAggs) {
          assert.ok(AGGREGATABLE.has(fieldTypes.get(b.field) ?? ''), `${where}: ${b.field}`);
          assert.ok(carried.has(b.field), `${where}: ${dataset} documents have ${b.field}`);
        }
        for (const m of target.metrics) {
          assert.ok(['max', 'min', 'avg', 'sum', 'count'].includes(m.type), `${where}: ${m.type}`);
          if (m.type === 'count') continue;
          assert.ok(NUMERIC.has(fieldTypes.get(m.field ?? '') ?? ''), `${where}: ${m.field}`);
          assert.ok(carried.has(m.field ?? ''), `${where}: ${dataset} documents have ${m.field}`);
        }
        for (const [, field] of (target.query ?? '').matchAll(/([\w.@]+):/g))
          assert.ok(fieldTypes.has(field!), `${where}: ${field} is mapped`);
      }
    });

    test(`${file.path}: variables are defined and used only as field:$var; terms of keywords`, () => {
      const queries = [
        ...esPanelTargets(file).map((t) => t.target.query ?? ''),
        ...esVariables(d).map((v) => v.query.query ?? ''),
      ];
      for (const query of queries) {
        for (const [, name] of query.matchAll(/\$(\w+)/g)) {
          assert.ok(defined.has(name!), `$${name} is defined (${query})`);
          assert.ok(new RegExp(`[\\w.]+:\\$${name}\\b`).test(query), `field:$${name} in ${query}`);
        }
      }
      for (const { variable, query } of esVariables(d)) {
        assert.equal(query.find, 'terms', variable.name);
        assert.equal(fieldTypes.get(query.field), 'keyword', variable.name);
        const dataset = datasetOfQuery(query.query ?? '');
        assert.ok(documentFields.get(dataset)?.has(query.field), `${variable.name}: ${dataset}`);
      }
      const cluster = esVariables(d).find((v) => v.variable.name === 'cluster');
      assert.equal(
        datasetOfQuery(cluster?.query.query ?? ''),
        'lagwatch.cluster',
        'clusters come from the cluster documents, so an unreachable one is offered',
      );
    });

    test(`${file.path}: panels have unique ids and tile the 24-column grid without overlap`, () => {
      const panels = allEsPanels(d);
      const ids = panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length);
      const cells = new Set<string>();
      for (const p of panels) {
        const g = p.gridPos!;
        assert.ok(g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.h > 0, p.title);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            assert.ok(!cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`);
            cells.add(`${x},${y}`);
          }
        }
      }
    });

    test(`${file.path}: its dashboard links find the other Elasticsearch dashboard`, () => {
      const siblings = files.filter((f) => f !== file);
      assert.ok(d.links.length > 0);
      for (const link of d.links) {
        assert.ok(
          siblings.some((s) => link.tags.every((tag) => s.dashboard.tags.includes(tag))),
          JSON.stringify(link),
        );
        assert.ok(link.tags.includes('lagwatch-elasticsearch'), 'not the InfluxDB dashboards');
      }
    });
  }

  test('status colours: each status code shows the name and colour the InfluxDB dashboards give it', () => {
    const influxColour = new Map<string, string>();
    for (const { dashboard } of loadDashboards().filter((f) => f.schema === 'default')) {
      for (const m of mappingsIn(allPanels(dashboard)))
        for (const [name, o] of Object.entries(m.options)) influxColour.set(name, o.color);
    }
    const code: Record<string, string> = {
      '0': 'NOTFOUND',
      '1': 'OK',
      '2': 'WARN',
      '3': 'ERR',
      '4': 'STOP',
      '5': 'STALL',
      '6': 'REWIND',
    };
    let statusMappings = 0;
    for (const { dashboard } of files) {
      for (const m of mappingsIn(allEsPanels(dashboard))) {
        const entries = Object.entries(m.options);
        if (!entries.some(([, o]) => Object.values(code).includes(o.text))) continue;
        statusMappings++;
        for (const [value, o] of entries) {
          assert.equal(o.text, code[value], `code ${value}`);
          assert.equal(o.color, influxColour.get(o.text), o.text);
        }
      }
    }
    assert.ok(statusMappings >= 5, `${statusMappings} status mappings`);
  });
});

/** Every value mapping in these panels: defaults and overrides. */
function mappingsIn(panels: readonly unknown[]): ValueMapping[] {
  const out: ValueMapping[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'mappings' && Array.isArray(v)) out.push(...(v as ValueMapping[]));
        else if (k === 'value' && Array.isArray(v) && (v[0] as ValueMapping | undefined)?.options)
          out.push(...(v as ValueMapping[]));
        else walk(v);
      }
    }
  };
  walk(panels);
  return out.filter((m) => m.type === 'value');
}
