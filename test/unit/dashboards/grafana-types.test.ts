// The dashboard JSON against Grafana's published dashboard types (@grafana/schema): at
// compile time (npm run typecheck fails when a dashboard drifts: a key Grafana does not
// know, a missing required key, a value of the wrong type) and at run time for what a JSON
// import cannot carry into the types (the values of Grafana's enums).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DashboardCursorSync,
  FieldColorModeId,
  MappingType,
  ThresholdsMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/schema';
import type { Dashboard } from '@grafana/schema';
import defaultGroup from '../../../config/grafana/dashboards/lagwatch/group.json' with { type: 'json' };
import defaultOverview from '../../../config/grafana/dashboards/lagwatch/overview.json' with { type: 'json' };
import burrowGroup from '../../../config/grafana/dashboards/telegraf-burrow/group.json' with { type: 'json' };
import burrowOverview from '../../../config/grafana/dashboards/telegraf-burrow/overview.json' with { type: 'json' };
import esGroup from '../../../config/grafana/dashboards/lagwatch-elasticsearch/group.json' with { type: 'json' };
import esOverview from '../../../config/grafana/dashboards/lagwatch-elasticsearch/overview.json' with { type: 'json' };
import { conforms } from './grafana-json-type.js';

const dashboard = conforms<Dashboard>();

// The compile-time check: each call fails to type-check if its JSON does not conform.
const typed = {
  'lagwatch/overview.json': dashboard(defaultOverview),
  'lagwatch/group.json': dashboard(defaultGroup),
  'telegraf-burrow/overview.json': dashboard(burrowOverview),
  'telegraf-burrow/group.json': dashboard(burrowGroup),
  'lagwatch-elasticsearch/overview.json': dashboard(esOverview),
  'lagwatch-elasticsearch/group.json': dashboard(esGroup),
};

/** Each value found under `key` anywhere in `json`, with its path. */
function valuesOf(json: unknown, key: string, path = '$'): { path: string; value: unknown }[] {
  if (Array.isArray(json)) return json.flatMap((item, i) => valuesOf(item, key, `${path}[${i}]`));
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json as Record<string, unknown>).flatMap(([k, v]) => [
    ...(k === key ? [{ path: `${path}.${k}`, value: v }] : []),
    ...valuesOf(v, key, `${path}.${k}`),
  ]);
}

function enumValues(e: Record<string, string | number>): Set<string | number> {
  return new Set(Object.values(e));
}

describe('Grafana dashboards against @grafana/schema', () => {
  for (const [file, json] of Object.entries(typed)) {
    test(`${file}: enum-typed values are values of Grafana's enums`, () => {
      const d: Dashboard = json as unknown as Dashboard;
      assert.ok(enumValues(DashboardCursorSync).has(d.graphTooltip ?? 0));
      for (const v of d.templating?.list ?? []) {
        if (v.hide !== undefined) assert.ok(enumValues(VariableHide).has(v.hide), v.name);
        if (v.refresh !== undefined) assert.ok(enumValues(VariableRefresh).has(v.refresh), v.name);
        if (v.sort !== undefined) assert.ok(enumValues(VariableSort).has(v.sort), v.name);
      }
      const colorModes = enumValues(FieldColorModeId);
      for (const { path, value } of valuesOf(json, 'color')) {
        if (value !== null && typeof value === 'object' && 'mode' in value)
          assert.ok(colorModes.has((value as { mode: string }).mode), path);
      }
      for (const { path, value } of valuesOf(json, 'thresholds'))
        assert.ok(enumValues(ThresholdsMode).has((value as { mode: string }).mode), path);
      for (const { path, value } of valuesOf(json, 'mappings')) {
        for (const m of value as { type: string }[])
          assert.ok(enumValues(MappingType).has(m.type), path);
      }
    });

    test(`${file}: the key structure Grafana needs to load it`, () => {
      const d = json as unknown as Dashboard;
      assert.match(d.uid ?? '', /^lagwatch-[a-z-]+$/);
      assert.ok((d.title ?? '').startsWith('lagwatch / '));
      assert.ok(d.schemaVersion >= 36, 'a schema version current Grafana migrates from');
      assert.ok(Array.isArray(d.panels) && d.panels.length > 0);
      for (const panel of d.panels ?? []) {
        assert.equal(typeof panel.type, 'string');
        assert.ok(panel.gridPos, `panel ${panel.title} has a position`);
        if (panel.type === 'row') {
          const row = panel as { collapsed?: unknown; panels?: unknown };
          assert.equal(typeof row.collapsed, 'boolean');
          assert.ok(Array.isArray(row.panels));
        } else {
          assert.ok('targets' in panel && Array.isArray(panel.targets), `${panel.title} queries`);
          assert.ok('fieldConfig' in panel && panel.fieldConfig?.defaults, panel.title);
        }
      }
    });
  }

  test('the dashboards have distinct uids', () => {
    const uids = Object.values(typed).map((d) => d.uid);
    assert.equal(new Set(uids).size, uids.length);
  });
});
