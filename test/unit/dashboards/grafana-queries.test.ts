// The conventions every dashboard query keeps, so that the integration test can run each
// one as Grafana would: InfluxQL written out (no query builder), the data source chosen by
// the $datasource variable, variables only inside regexes, the time picker's range on every
// panel query, only its own schema's measurements, and a layout on Grafana's 24-column grid.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  allPanels,
  loadDashboards,
  panelQueries,
  queryVariables,
  SCHEMA_MEASUREMENTS,
} from './grafana-dashboards.js';
import { escapeRegex, interpolate, regexValue, variablesUsed } from './influxql-interpolate.js';

const files = loadDashboards();
const DATASOURCE = { type: 'influxdb', uid: '${datasource}' };

describe('Grafana dashboard queries', () => {
  for (const file of files) {
    const d = file.dashboard;
    const defined = new Set(d.templating.list.map((v) => v.name));

    test(`${file.path}: every panel and query reads the $datasource InfluxDB in raw InfluxQL`, () => {
      for (const panel of allPanels(d).filter((p) => p.type !== 'row')) {
        assert.deepEqual(panel.datasource, DATASOURCE, panel.title);
        const refIds = (panel.targets ?? []).map((t) => t.refId);
        assert.equal(new Set(refIds).size, refIds.length, `${panel.title}: refIds unique`);
        for (const t of panel.targets ?? []) {
          assert.deepEqual(t.datasource, DATASOURCE, `${panel.title} ${t.refId}`);
          assert.equal(t.rawQuery, true);
          assert.ok(['time_series', 'table'].includes(t.resultFormat ?? ''), t.resultFormat);
        }
      }
      for (const v of queryVariables(d)) assert.deepEqual(v.datasource, DATASOURCE, v.name);
    });

    test(`${file.path}: queries use defined variables, only inside /^$var$/, and the time range`, () => {
      for (const q of panelQueries(file)) {
        assert.match(q.query, /^SELECT /, q.where);
        assert.ok(q.query.includes('$timeFilter'), `${q.where}: bounded by the time picker`);
        for (const name of variablesUsed(q.query)) {
          assert.ok(defined.has(name), `${q.where}: $${name} is defined`);
          const uses = q.query.split(`$${name}`).length - 1;
          const inRegex = q.query.split(`/^$${name}$/`).length - 1;
          assert.equal(inRegex, uses, `${q.where}: $${name} only inside a regex`);
        }
      }
      for (const v of queryVariables(d)) {
        assert.match(v.query ?? '', /^SHOW TAG VALUES FROM "\w+"(, "\w+")* WITH KEY = "\w+"/);
        for (const name of variablesUsed(v.query ?? '')) assert.ok(defined.has(name), v.name);
      }
    });

    test(`${file.path}: reads only the ${file.schema} schema's measurements`, () => {
      const own = SCHEMA_MEASUREMENTS[file.schema];
      const queries = [
        ...panelQueries(file).map((q) => q.query),
        ...queryVariables(d).map((v) => v.query ?? ''),
      ];
      for (const query of queries) {
        for (const from of query.matchAll(/FROM ("\w+"(?:, "\w+")*)/g))
          for (const m of from[1]!.matchAll(/"(\w+)"/g)) assert.ok(own.includes(m[1]!), query);
      }
    });

    test(`${file.path}: the cluster variable reads the per-tick health point, so an unreachable cluster is offered`, () => {
      const cluster = queryVariables(d).find((v) => v.name === 'cluster');
      assert.match(cluster?.query ?? '', /FROM [^W]*"lagwatch_cluster"/);
      // With Telegraf + Burrow (no lagwatch_cluster), the clusters of burrow_group still show.
      if (file.schema === 'telegraf-burrow') assert.match(cluster?.query ?? '', /"burrow_group"/);
    });

    test(`${file.path}: panels have unique ids and tile the 24-column grid without overlap`, () => {
      const panels = allPanels(d);
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

    test(`${file.path}: its dashboard links find the other dashboard of its schema`, () => {
      const siblings = files.filter((f) => f.schema === file.schema && f !== file);
      for (const link of d.links) {
        assert.ok(
          siblings.some((s) => link.tags.every((tag) => s.dashboard.tags.includes(tag))),
          JSON.stringify(link),
        );
      }
    });
  }
});

describe("Grafana's InfluxQL interpolation (as the integration test applies it)", () => {
  const context = {
    fromMs: 1000,
    toMs: 2000,
    interval: '30s',
    variables: { cluster: ['a', 'b'], group: ['billing.v2/eu'] },
  };

  test('time filter, interval and variables as Grafana writes them', () => {
    assert.equal(
      interpolate(
        'SELECT max("lag") FROM "x" WHERE "cluster" =~ /^$cluster$/ AND "group" =~ /^$group$/ AND $timeFilter GROUP BY time($__interval)',
        context,
      ),
      'SELECT max("lag") FROM "x" WHERE "cluster" =~ /^(a|b)$/ AND "group" =~ /^billing\\.v2\\/eu$/ ' +
        'AND time >= 1000ms and time <= 2000ms GROUP BY time(30s)',
    );
  });

  test('regex metacharacters and slashes are escaped; one value stands alone', () => {
    assert.equal(escapeRegex('a.b*c/(d)'), 'a\\.b\\*c\\/\\(d\\)');
    assert.equal(regexValue(['x']), 'x');
    assert.equal(regexValue(['x', 'y.z']), '(x|y\\.z)');
  });

  test('an unknown variable is an error, not a silent literal', () => {
    assert.throws(
      () => interpolate('SELECT 1 FROM "x" WHERE "t" =~ /^$clustr$/', context),
      /\$clustr/,
    );
  });
});
