// lagwatch's Kibana saved objects (config/kibana/lagwatch.ndjson) read as data, and every
// Elasticsearch field they use with the kind of field that use needs: a keyword to split or
// filter by, a number to aggregate, a date for time. The unit test holds the uses to the
// mapping in the code; the integration test to the real mapping of written documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/stack.js';

export const SAVED_OBJECTS_PATH = join(repoRoot, 'config/kibana/lagwatch.ndjson');

export interface Reference {
  readonly name: string;
  readonly type: string;
  readonly id: string;
}

export interface SavedObject {
  readonly id: string;
  readonly type: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly Reference[];
}

/** One object a line; a line that is not a JSON object is an error naming the line. */
export function parseSavedObjects(text: string): SavedObject[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, n }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (err) {
        throw new Error(`line ${n}: ${(err as Error).message}`, { cause: err });
      }
      const o = parsed as Partial<SavedObject>;
      if (
        typeof o.id !== 'string' ||
        typeof o.type !== 'string' ||
        typeof o.attributes !== 'object'
      )
        throw new Error(`line ${n}: not a saved object (id, type, attributes)`);
      return {
        id: o.id,
        type: o.type,
        attributes: o.attributes ?? {},
        references: o.references ?? [],
      };
    });
}

export function loadSavedObjects(): SavedObject[] {
  return parseSavedObjects(readFileSync(SAVED_OBJECTS_PATH, 'utf8'));
}

export type FieldKind = 'keyword' | 'number' | 'date' | 'any';

export interface FieldUse {
  readonly where: string;
  readonly field: string;
  readonly kind: FieldKind;
  /** The event.dataset the use reads, where its query names one. */
  readonly dataset?: string | undefined;
}

export interface LensColumn {
  readonly operationType: string;
  readonly dataType: string;
  readonly sourceField?: string;
  readonly label?: string;
  readonly filter?: { readonly query: string };
  readonly params?: { readonly secondaryFields?: readonly string[]; readonly sortField?: string };
}

export interface LensLayer {
  readonly columns: Record<string, LensColumn>;
  readonly columnOrder: readonly string[];
}

export interface LensState {
  readonly datasourceStates: { readonly formBased: { readonly layers: Record<string, LensLayer> } };
  readonly visualization: Record<string, unknown>;
  readonly query: { readonly query: string; readonly language: string };
}

export function lensState(o: SavedObject): LensState {
  return o.attributes.state as LensState;
}

const NUMERIC_OPERATIONS = new Set([
  'max',
  'min',
  'sum',
  'average',
  'median',
  'percentile',
  'standard_deviation',
]);

/**
 * Fields named in a KQL query: `f : "value"` and `f : *` need the field to exist (a
 * keyword for a quoted value), `f > 3` a number.
 */
export function kqlFields(query: string): { field: string; kind: FieldKind }[] {
  const out: { field: string; kind: FieldKind }[] = [];
  for (const m of query.matchAll(/"?([\w@][\w.@]*)"?\s*(:|>=|<=|>|<)\s*("[^"]*"|\*|[^\s)]+)/g)) {
    const [, field, op, value] = m;
    const kind: FieldKind =
      op !== ':' ? 'number' : value === '*' ? 'any' : value!.startsWith('"') ? 'keyword' : 'any';
    out.push({ field: field!, kind });
  }
  return out;
}

/** The dataset a query filters on (`event.dataset : "lagwatch.group"`). */
export function datasetOf(query: string): string | undefined {
  return /event\.dataset\s*:\s*"([^"]+)"/.exec(query)?.[1];
}

function columnUses(where: string, column: LensColumn, dataset: string | undefined): FieldUse[] {
  const uses: FieldUse[] = [];
  const add = (field: string, kind: FieldKind): void => {
    uses.push({ where, field, kind, dataset });
  };
  const field = column.sourceField;
  if (field !== undefined && field !== '___records___') {
    if (column.operationType === 'date_histogram') add(field, 'date');
    else if (column.operationType === 'terms' || column.operationType === 'unique_count')
      add(field, 'keyword');
    else if (NUMERIC_OPERATIONS.has(column.operationType)) add(field, 'number');
    else if (column.operationType === 'last_value')
      add(
        field,
        column.dataType === 'number' ? 'number' : column.dataType === 'date' ? 'date' : 'keyword',
      );
    else add(field, 'any');
  }
  for (const secondary of column.params?.secondaryFields ?? []) add(secondary, 'keyword');
  if (column.params?.sortField !== undefined) add(column.params.sortField, 'date');
  for (const kql of kqlFields(column.filter?.query ?? '')) add(kql.field, kql.kind);
  return uses;
}

/** Every field every object uses, with the kind of field the use needs. */
export function fieldUses(objects: readonly SavedObject[]): FieldUse[] {
  const uses: FieldUse[] = [];
  for (const o of objects) {
    if (o.type === 'index-pattern') {
      const a = o.attributes as { timeFieldName?: string; fieldFormatMap?: string };
      if (a.timeFieldName !== undefined)
        uses.push({ where: `${o.id} time field`, field: a.timeFieldName, kind: 'date' });
      // Every format lagwatch sets (static lookup, duration) formats numbers.
      for (const field of Object.keys(JSON.parse(a.fieldFormatMap ?? '{}') as object))
        uses.push({ where: `${o.id} field format`, field, kind: 'number' });
    } else if (o.type === 'lens') {
      const state = lensState(o);
      const dataset = datasetOf(state.query.query);
      for (const kql of kqlFields(state.query.query))
        uses.push({ where: `${o.id} query`, field: kql.field, kind: kql.kind, dataset });
      for (const layer of Object.values(state.datasourceStates.formBased.layers)) {
        for (const [id, column] of Object.entries(layer.columns))
          uses.push(...columnUses(`${o.id} column ${id} (${column.label})`, column, dataset));
      }
    } else if (o.type === 'dashboard') {
      const controls = (o.attributes.controlGroupInput as { panelsJSON?: string } | undefined)
        ?.panelsJSON;
      for (const [id, control] of Object.entries(
        JSON.parse(controls ?? '{}') as Record<string, { explicitInput: { fieldName: string } }>,
      ))
        uses.push({
          where: `${o.id} control ${id}`,
          field: control.explicitInput.fieldName,
          kind: 'keyword',
        });
    }
  }
  return uses;
}

const NUMERIC_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
]);

/** Whether an Elasticsearch field type serves a use of this kind. */
export function typeServes(type: string | undefined, kind: FieldKind): boolean {
  if (type === undefined) return false;
  switch (kind) {
    case 'keyword':
      return type === 'keyword' || type === 'constant_keyword';
    case 'number':
      return NUMERIC_TYPES.has(type);
    case 'date':
      return type === 'date' || type === 'date_nanos';
    case 'any':
      return type !== 'object' && type !== 'nested';
  }
}

interface MappingNode {
  readonly type?: string;
  readonly properties?: Record<string, MappingNode>;
}

/** A mapping's leaf fields by dotted path, with their types. */
export function flattenMapping(node: MappingNode, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = `${prefix}${name}`;
    if (child.type !== undefined) out.set(path, child.type);
    for (const [p, t] of flattenMapping(child, `${path}.`)) out.set(p, t);
  }
  return out;
}
