// Applying single values over the file's data, before validation: environment variables
// and command-line flags both come here. A key path is walked through the schema, list
// items (clusters, sinks) are found by name, and the text is turned into the kind of
// value the key takes. Anything that names no key is an issue, never ignored.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ConfigIssue, IssueSource } from './issues.js';
import { formatPath } from './issues.js';
import { elementOf, keysAt, namedListAt, valueKinds } from './schema-walk.js';
import type { ValueKind } from './schema-walk.js';
import { closestWord } from './suggest.js';

type Schema = z.core.$ZodType;

export interface Override {
  /** Keys from the top, e.g. ['CLUSTERS', 'A', 'BROKERS'] or ['clusters', 'a', 'brokers']. */
  readonly segments: readonly string[];
  readonly value: string;
  readonly source: IssueSource & { kind: 'env' | 'flag' };
}

export interface AppliedOverride {
  readonly path: readonly PropertyKey[];
  readonly source: IssueSource & { kind: 'env' | 'flag' };
}

/** `requestTimeoutMs` -> `REQUEST_TIMEOUT_MS`; `prod-eu` -> `PROD_EU`. */
export function envSegment(word: string): string {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
}

type Container = Record<PropertyKey, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keyMatches = (override: Override, key: string, segment: string): boolean =>
  override.source.kind === 'env' ? envSegment(key) === segment : key === segment;

const nameMatches = (override: Override, name: string, segment: string): boolean =>
  override.source.kind === 'env' ? envSegment(name) === segment.toUpperCase() : name === segment;

const shown = (override: Override, key: string): string =>
  override.source.kind === 'env' ? envSegment(key) : key;

const secretNames = ['password', 'token', 'apiKey', 'adminToken'];

const numberText = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;

function scalar(text: string, kinds: ReadonlySet<ValueKind>): unknown {
  const trimmed = text.trim();
  if (kinds.has('number') && numberText.test(trimmed)) return Number(trimmed);
  if (kinds.has('boolean') && /^(true|false)$/i.test(trimmed))
    return trimmed.toLowerCase() === 'true';
  return trimmed;
}

/** Text -> value: YAML for mappings and lists of mappings (or `[...]`), commas for lists. */
function coerce(text: string, schema: Schema): { value: unknown } | { error: string } {
  const kinds = valueKinds(schema);
  const trimmed = text.trim();
  const structured =
    (kinds.has('mapping') && trimmed.startsWith('{')) ||
    ((kinds.has('list') || kinds.has('scalarList')) && trimmed.startsWith('[')) ||
    (!kinds.has('number') &&
      !kinds.has('boolean') &&
      !kinds.has('string') &&
      !kinds.has('scalarList'));
  if (structured) {
    try {
      return { value: parseYaml(text) as unknown };
    } catch (err) {
      return { error: (err as Error).message.split('\n')[0] ?? 'invalid YAML' };
    }
  }
  if (kinds.has('scalarList')) {
    const element = elementOf(schema);
    const itemKinds = element ? valueKinds(element) : new Set<ValueKind>(['string']);
    const items = trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
    return { value: items.filter((item) => item !== '').map((item) => scalar(item, itemKinds)) };
  }
  return { value: scalar(text, kinds) };
}

/** The list's default (e.g. the stdout sink) when the file does not set it. */
function defaultOf(schema: Schema): unknown {
  const result = z.safeParse(schema, undefined);
  return result.success ? structuredClone(result.data) : undefined;
}

function applyOne(
  root: Container,
  schema: Schema,
  override: Override,
): ConfigIssue | AppliedOverride {
  const path: PropertyKey[] = [];
  const problem = (expected: string, found: string): ConfigIssue => ({
    path: formatPath(path),
    expected,
    found,
    source: override.source,
  });
  let parent: Container = { root };
  let key: PropertyKey = 'root';
  let current: Schema = schema;
  for (const segment of override.segments) {
    let value: unknown = parent[key];
    const list = namedListAt(current);
    if (list) {
      if (value === undefined) {
        value = defaultOf(current);
        if (value !== undefined) parent[key] = value;
      }
      const items: unknown[] = Array.isArray(value) ? (value as unknown[]) : [];
      const names = items.map((item) => list.nameOf(item)).filter((n) => n !== undefined);
      const matches = items.filter((item) => {
        const itemName = list.nameOf(item);
        return itemName !== undefined && nameMatches(override, itemName, segment);
      });
      if (matches.length !== 1) {
        const these = names.length === 0 ? 'none are set' : names.join(', ');
        const expected = `the name of one item of ${formatPath(path)} (${these})`;
        const found =
          matches.length === 0 ? `"${segment}"` : `"${segment}", which matches ${matches.length}`;
        return problem(expected, found);
      }
      const index: number = items.indexOf(matches[0]);
      parent = items as unknown as Container;
      key = index;
      path.push(index);
      current = list.item;
      continue;
    }
    const keys = keysAt(current, value);
    if (keys === undefined) {
      return problem(`no key below ${formatPath(path) || 'this value'}`, `"${segment}"`);
    }
    const known = [...keys.keys()];
    const match = known.find((k) => keyMatches(override, k, segment));
    if (match === undefined) {
      const secret = secretNames.find(
        (s) => keyMatches(override, s, segment) && keys.has(`${s}Env`),
      );
      if (secret !== undefined) {
        path.push(segment);
        return problem(
          `${shown(override, `${secret}Env`)} (an environment variable's name) or ${shown(override, `${secret}File`)} (a file's path): secrets are never written in the config`,
          `a literal ${secret} (value hidden)`,
        );
      }
      const names = known.map((k) => shown(override, k));
      const guess = closestWord(segment, names);
      const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
      const where = path.length === 0 ? '' : ` of ${formatPath(path)}`;
      return problem(
        `one of the keys${where}: ${names.join(', ')}${hint}`,
        `an unknown key "${segment}"`,
      );
    }
    if (!isRecord(value)) {
      value = {};
      parent[key] = value;
    }
    parent = value as Container;
    key = match;
    path.push(match);
    current = keys.get(match) as Schema;
  }
  if (path.length === 0) return problem('a config key after the prefix', 'nothing');
  const coerced = coerce(override.value, current);
  if ('error' in coerced) return problem('a YAML value', `a syntax error: ${coerced.error}`);
  parent[key] = coerced.value;
  return { path, source: override.source };
}

/**
 * Applies `overrides` in order to `root` (changed in place). Later ones win, so callers
 * pass the less specific first. Returns where each landed and what could not be applied.
 */
export function applyOverrides(
  root: Container,
  schema: Schema,
  overrides: readonly Override[],
): { applied: AppliedOverride[]; issues: ConfigIssue[] } {
  const applied: AppliedOverride[] = [];
  const issues: ConfigIssue[] = [];
  for (const override of overrides) {
    const result = applyOne(root, schema, override);
    if ('expected' in result) issues.push(result);
    else applied.push(result);
  }
  return { applied, issues };
}
