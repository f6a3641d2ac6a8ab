// Reading the schema itself: which keys exist below a path, which list items are named,
// what kind of value a key takes. Env overrides, unknown-key messages and the README
// check use this, so the schema stays the one description of the config.
import { z } from 'zod';

type Schema = z.core.$ZodType;

interface LooseDef {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  options?: readonly Schema[];
  element?: Schema;
  shape?: Readonly<Record<string, Schema>>;
  values?: readonly unknown[];
}

const defOf = (schema: Schema): LooseDef => schema._zod.def;

/** Lists whose items are addressed by name (`clusters`, `sinks`) in env vars and flags. */
export const namedLists = z.registry<{ itemKey: string; fallbackKey?: string }>();

const wrappers = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

/** The schema under optional/default/transform wrappers. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (wrappers.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in && def.out) {
      current = defOf(def.in).type === 'transform' ? def.out : def.in;
    } else return current;
  }
}

function acceptsUndefined(schema: Schema): boolean {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') return true;
    if (wrappers.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return false;
  }
}

/** Every object schema a value may match (unions flattened). */
function objectVariants(schema: Schema): Schema[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object') return [inner];
  if (def.type === 'union') return (def.options ?? []).flatMap(objectVariants);
  return [];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Does `raw` agree with every literal-valued key (a discriminator) of `variant`? */
function matchesDiscriminators(variant: Schema, raw: Record<string, unknown>): boolean {
  for (const [key, child] of Object.entries(defOf(variant).shape ?? {})) {
    const inner = defOf(unwrap(child));
    if (inner.type !== 'literal' || !inner.values) continue;
    const value = raw[key];
    if (value === undefined ? !acceptsUndefined(child) : !inner.values.includes(value)) {
      return false;
    }
  }
  return true;
}

/**
 * The keys allowed in the mapping `raw` found where `schema` applies, each with its schema;
 * undefined when no mapping is allowed there. For a union, the variants `raw` selects by its
 * discriminators (all variants when it selects none).
 */
export function keysAt(schema: Schema, raw: unknown): Map<string, Schema> | undefined {
  const variants = objectVariants(schema);
  if (variants.length === 0) return undefined;
  const chosen = isRecord(raw) ? variants.filter((v) => matchesDiscriminators(v, raw)) : [];
  const keys = new Map<string, Schema>();
  for (const variant of chosen.length > 0 ? chosen : variants) {
    for (const [key, child] of Object.entries(defOf(variant).shape ?? {})) {
      if (!keys.has(key)) keys.set(key, child);
    }
  }
  return keys;
}

export interface NamedList {
  readonly item: Schema;
  /** The item's name as written, or its fallback (a sink without a name is named by type). */
  nameOf(item: unknown): string | undefined;
}

export function namedListAt(schema: Schema): NamedList | undefined {
  const inner = unwrap(schema);
  const meta = namedLists.get(inner);
  const element = defOf(inner).element;
  if (!meta || !element) return undefined;
  return {
    item: element,
    nameOf(item) {
      if (!isRecord(item)) return undefined;
      const value = item[meta.itemKey] ?? (meta.fallbackKey ? item[meta.fallbackKey] : undefined);
      return typeof value === 'string' ? value : undefined;
    },
  };
}

/** The schema for `path` below `schema`, following list indexes through `raw`. */
export function schemaAt(
  schema: Schema,
  raw: unknown,
  path: readonly PropertyKey[],
): Schema | undefined {
  let current: Schema | undefined = schema;
  let value = raw;
  for (const key of path) {
    if (current === undefined) return undefined;
    if (typeof key === 'number') {
      current = defOf(unwrap(current)).element;
      value = Array.isArray(value) ? (value[key] as unknown) : undefined;
    } else {
      current = keysAt(current, value)?.get(String(key));
      value = isRecord(value) ? value[String(key)] : undefined;
    }
  }
  return current;
}

export type ValueKind = 'number' | 'boolean' | 'string' | 'mapping' | 'list' | 'scalarList';

const scalarKinds: ReadonlySet<ValueKind> = new Set(['number', 'boolean', 'string']);

/** What kinds of value a key takes: scalars, a mapping, a list of mappings, a scalar list. */
export function valueKinds(schema: Schema): Set<ValueKind> {
  const def = defOf(unwrap(schema));
  const kinds = new Set<ValueKind>();
  switch (def.type) {
    case 'number':
    case 'int':
      kinds.add('number');
      break;
    case 'boolean':
      kinds.add('boolean');
      break;
    case 'string':
    case 'enum':
      kinds.add('string');
      break;
    case 'literal':
      for (const v of def.values ?? []) kinds.add(typeof v === 'boolean' ? 'boolean' : 'string');
      break;
    case 'object':
      kinds.add('mapping');
      break;
    case 'array': {
      const items = def.element ? valueKinds(def.element) : new Set<ValueKind>();
      const scalar = [...items].every((k) => scalarKinds.has(k));
      kinds.add(scalar ? 'scalarList' : 'list');
      break;
    }
    case 'union':
      for (const option of def.options ?? []) for (const k of valueKinds(option)) kinds.add(k);
      break;
  }
  return kinds;
}

/** The element schema of a list schema. */
export function elementOf(schema: Schema): Schema | undefined {
  return defOf(unwrap(schema)).element;
}

export interface KeyDescription {
  /** Dotted, with `<name>` for a named list item: `clusters.<name>.sasl.mechanism`. */
  readonly path: readonly string[];
  readonly kinds: ReadonlySet<ValueKind>;
}

/** Every key that takes a scalar or a list of scalars, for documentation checks. */
export function describeKeys(schema: Schema, path: readonly string[] = []): KeyDescription[] {
  const found: KeyDescription[] = [];
  const kinds = valueKinds(schema);
  if ([...kinds].some((k) => k !== 'mapping' && k !== 'list')) found.push({ path, kinds });
  const list = namedListAt(schema);
  if (list) return [...found, ...describeKeys(list.item, [...path, '<name>'])];
  for (const [key, child] of keysAt(schema, undefined) ?? []) {
    found.push(...describeKeys(child, [...path, key]));
  }
  return found;
}
