// The Kibana saved objects as Kibana's import reads them: NDJSON that parses line by line,
// every reference resolving to an object in the file (data views of the visualisations,
// visualisations of the dashboard's panels, the control's data view), Lens layers and
// accessors consistent, the dashboard's grid sound, and every field in lagwatch's mapping
// with the type its use needs (the integration test checks the real, written mapping).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { LAGWATCH_MAPPINGS } from '../../../sinks/elasticsearch/mappings.js';
import {
  fieldUses,
  flattenMapping,
  kqlFields,
  lensState,
  loadSavedObjects,
  parseSavedObjects,
  SAVED_OBJECTS_PATH,
  typeServes,
} from './kibana-objects.js';
import type { Reference } from './kibana-objects.js';

const objects = loadSavedObjects();
const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
const ofType = (type: string) => objects.filter((o) => o.type === type);

interface DashboardPanel {
  readonly type: string;
  readonly panelIndex: string;
  readonly panelRefName?: string;
  readonly gridData: { x: number; y: number; w: number; h: number; i: string };
}

describe('Kibana saved objects (config/kibana/lagwatch.ndjson)', () => {
  test('NDJSON: one saved object a line, ids unique per type, nothing else', () => {
    const lines = readFileSync(SAVED_OBJECTS_PATH, 'utf8').split('\n');
    assert.equal(lines.at(-1), '', 'ends with a newline');
    for (const [i, line] of lines.slice(0, -1).entries()) {
      assert.doesNotThrow(() => JSON.parse(line), `line ${i + 1}`);
    }
    assert.equal(byKey.size, objects.length);
    assert.deepEqual([...new Set(objects.map((o) => o.type))].sort(), [
      'dashboard',
      'index-pattern',
      'lens',
    ]);
    assert.throws(
      () => parseSavedObjects('{"id":"x","type":"lens","attributes":{}}\n{oops'),
      /^Error: line 2:/,
    );
  });

  test('two data views (groups, partitions) over lagwatch* by @timestamp', () => {
    const views = ofType('index-pattern');
    assert.deepEqual(views.map((v) => v.id).sort(), ['lagwatch-groups', 'lagwatch-partitions']);
    for (const v of views) {
      assert.equal(v.attributes.title, 'lagwatch*');
      assert.equal(v.attributes.timeFieldName, '@timestamp');
      assert.doesNotThrow(() => JSON.parse(String(v.attributes.fieldFormatMap)));
    }
  });

  test('every reference resolves to an object in the file, of the type it names', () => {
    for (const o of objects) {
      for (const ref of o.references)
        assert.ok(
          byKey.has(`${ref.type}:${ref.id}`),
          `${o.type} ${o.id} -> ${ref.type} ${ref.id} (${ref.name})`,
        );
    }
  });

  test('each Lens layer has its data view reference; columns and accessors agree', () => {
    for (const o of ofType('lens')) {
      const state = lensState(o);
      for (const [layerId, layer] of Object.entries(state.datasourceStates.formBased.layers)) {
        const ref = o.references.find((r) => r.name === `indexpattern-datasource-layer-${layerId}`);
        assert.equal(ref?.type, 'index-pattern', `${o.id} layer ${layerId}`);
        assert.deepEqual([...layer.columnOrder].sort(), Object.keys(layer.columns).sort(), o.id);
        const columns = new Set(Object.keys(layer.columns));
        const vis = state.visualization as {
          columns?: { columnId: string }[];
          layers?: { xAccessor?: string; splitAccessor?: string; accessors: string[] }[];
        };
        const used = [
          ...(vis.columns ?? []).map((c) => c.columnId),
          ...(vis.layers ?? []).flatMap((l) => [l.xAccessor, l.splitAccessor, ...l.accessors]),
        ].filter((id): id is string => id !== undefined);
        assert.ok(used.length > 0, o.id);
        for (const id of used) assert.ok(columns.has(id), `${o.id}: ${id} is a column`);
        for (const c of Object.values(layer.columns)) {
          const orderBy = (c as { params?: { orderBy?: { type: string; columnId?: string } } })
            .params?.orderBy;
          if (orderBy?.type === 'column')
            assert.ok(columns.has(orderBy.columnId ?? ''), `${o.id} orderBy`);
        }
      }
      assert.equal(state.query.language, 'kuery');
    }
  });

  test("the dashboard's panels are the file's visualisations, each by a resolving reference", () => {
    const [dashboard] = ofType('dashboard');
    assert.ok(dashboard);
    const panels = JSON.parse(String(dashboard.attributes.panelsJSON)) as DashboardPanel[];
    const lensIds = new Set(ofType('lens').map((o) => o.id));
    const shown = new Set<string>();
    const cells = new Set<string>();
    for (const p of panels) {
      const ref: Reference | undefined = dashboard.references.find(
        (r) => r.name === `${p.panelIndex}:${p.panelRefName}`,
      );
      assert.ok(ref, `panel ${p.panelIndex} has its reference`);
      assert.equal(ref.type, p.type);
      assert.ok(lensIds.has(ref.id), ref.id);
      shown.add(ref.id);
      const g = p.gridData;
      assert.equal(g.i, p.panelIndex);
      assert.ok(g.x >= 0 && g.w > 0 && g.x + g.w <= 48, `panel ${p.panelIndex} within 48 columns`);
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `panel ${p.panelIndex} overlaps at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
    }
    assert.deepEqual(
      [...shown].sort(),
      [...lensIds].sort(),
      'every visualisation is on the dashboard',
    );
    const controls = JSON.parse(
      (dashboard.attributes.controlGroupInput as { panelsJSON: string }).panelsJSON,
    ) as Record<string, unknown>;
    for (const id of Object.keys(controls))
      assert.ok(
        dashboard.references.some((r) => r.name === `controlGroup_${id}:optionsListDataView`),
        id,
      );
    for (const key of ['optionsJSON', 'panelsJSON'])
      assert.doesNotThrow(() => JSON.parse(String(dashboard.attributes[key])));
  });

  test("every field used is in lagwatch's mapping with the type its use needs", () => {
    const mapping = flattenMapping(LAGWATCH_MAPPINGS);
    const uses = fieldUses(objects);
    assert.ok(uses.length > 20);
    for (const use of uses)
      assert.ok(
        typeServes(mapping.get(use.field), use.kind),
        `${use.where}: ${use.field} (${mapping.get(use.field)}) as ${use.kind}`,
      );
  });

  test('an unreachable cluster shows: cluster documents per cluster, lagwatch.available 0 in red as "unreachable"', () => {
    const byId = (id: string) => objects.find((o) => o.id === id)!;
    for (const id of ['lagwatch-clusters-latest-tick', 'lagwatch-cluster-sampled']) {
      const state = lensState(byId(id));
      assert.equal(state.query.query, 'event.dataset : "lagwatch.cluster"', id);
      const columns = Object.values(state.datasourceStates.formBased.layers)[0]!.columns;
      const sources = Object.values(columns).map((c) => c.sourceField);
      assert.ok(sources.includes('lagwatch.cluster') && sources.includes('lagwatch.available'), id);
    }
    const table = lensState(byId('lagwatch-clusters-latest-tick'));
    const columns = Object.values(table.datasourceStates.formBased.layers)[0]!.columns;
    assert.equal(columns.c_fault?.sourceField, 'lagwatch.fault_code');
    // No filter on the fault: a cluster that came back shows no fault, not its last one.
    assert.equal(columns.c_fault?.filter, undefined);
    const visualization = table.visualization as {
      columns: { columnId: string; palette?: { params: { colorStops: object[] } } }[];
    };
    assert.deepEqual(
      visualization.columns.find((c) => c.columnId === 'c_available')?.palette?.params.colorStops,
      [
        { color: '#E7664C', stop: 0 },
        { color: '#54B399', stop: 1 },
      ],
    );
    const formats = JSON.parse(String(byId('lagwatch-groups').attributes.fieldFormatMap)) as Record<
      string,
      { params: { lookupEntries: object[] } }
    >;
    assert.deepEqual(formats['lagwatch.available']?.params.lookupEntries, [
      { key: '0', value: 'unreachable' },
      { key: '1', value: 'sampled' },
    ]);
  });

  test('KQL field extraction', () => {
    assert.deepEqual(
      kqlFields('event.dataset : "lagwatch.partition" and lagwatch.messages_lost > 0'),
      [
        { field: 'event.dataset', kind: 'keyword' },
        { field: 'lagwatch.messages_lost', kind: 'number' },
      ],
    );
    assert.deepEqual(kqlFields('lagwatch.lag.total: *'), [
      { field: 'lagwatch.lag.total', kind: 'any' },
    ]);
  });
});
