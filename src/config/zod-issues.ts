// Turns zod's issues into ConfigIssues: the path, what was expected in words, and what
// was found (taken from the raw input, so it is what the user wrote; secrets hidden).
import type { z } from 'zod';
import { describeFound, formatPath } from './issues.js';
import type { ConfigIssue, IssueSource } from './issues.js';
import { keysAt, schemaAt, unwrap } from './schema-walk.js';
import { closestWord } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const typeWords: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function bound(issue: ZodIssue & { code: 'too_small' | 'too_big' }): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const n = Number(limit);
  if (issue.origin === 'array') {
    const items = `${n} item${n === 1 ? '' : 's'}`;
    return issue.code === 'too_small'
      ? `a list of at least ${items}`
      : `a list of at most ${items}`;
  }
  if (issue.origin === 'string') {
    if (issue.code === 'too_small' && n === 1) return 'a non-empty string';
    return `a string of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${n} characters`;
  }
  const op = issue.code === 'too_small' ? '>' : '<';
  return `a number ${op}${issue.inclusive === false ? '' : '='} ${String(limit)}`;
}

function expectedOf(issue: ZodIssue): string {
  if (issue.message.startsWith('expected ')) return issue.message.slice('expected '.length);
  switch (issue.code) {
    case 'invalid_type':
      return typeWords[issue.expected] ?? issue.expected;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_value':
      return issue.values.length === 1
        ? String(issue.values[0])
        : `one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `a string in ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

interface Context {
  readonly schema: z.core.$ZodType;
  readonly input: unknown;
  readonly sourceOf: (path: Path) => IssueSource | undefined;
}

const secretNames = ['password', 'token', 'apiKey', 'adminToken'];

function keysAtPath(ctx: Context, path: Path): Map<string, z.core.$ZodType> | undefined {
  const schema = schemaAt(ctx.schema, ctx.input, path);
  return schema === undefined ? undefined : keysAt(schema, valueAt(ctx.input, path));
}

function unknownKeyIssue(key: string, objectPath: Path, ctx: Context): ConfigIssue {
  const keyPath = [...objectPath, key];
  const path = formatPath(keyPath);
  const source = ctx.sourceOf(keyPath);
  const known = [...(keysAtPath(ctx, objectPath) ?? [])].map(([k]) => k);
  if (secretNames.includes(key) && known.includes(`${key}Env`)) {
    return {
      path,
      expected: `${key}Env (an environment variable's name) or ${key}File (a file's path): secrets are never written in the config`,
      found: `a literal ${key} (value hidden)`,
      source,
    };
  }
  const guess = closestWord(key, known);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return {
    path,
    expected: `one of the keys: ${known.join(', ')}${hint}`,
    found: 'an unknown key',
    source,
  };
}

/** zod reports "expected number" for a string given to z.int(); say integer. */
function wantsInteger(issue: ZodIssue, path: Path, ctx: Context): boolean {
  if (issue.code !== 'invalid_type' || issue.expected !== 'number') return false;
  const schema = schemaAt(ctx.schema, ctx.input, path);
  const def = schema && (unwrap(schema)._zod.def as { format?: string });
  return def?.format?.includes('int') === true;
}

function issueAt(
  path: Path,
  expected: string,
  found: string | undefined,
  ctx: Context,
): ConfigIssue {
  return {
    path: formatPath(path),
    expected,
    found: found ?? describeFound(valueAt(ctx.input, path), path.at(-1)),
    source: ctx.sourceOf(path),
  };
}

/** A union failed: follow the one variant that got past the type check, or list them all. */
function unionIssues(issue: ZodIssue & { code: 'invalid_union' }, path: Path, ctx: Context) {
  if (issue.discriminator !== undefined || issue.errors.length === 0) {
    const options = ('options' in issue ? (issue.options ?? []) : []).filter(
      (o) => o !== null && o !== undefined,
    );
    const expected = issue.message.startsWith('expected ')
      ? issue.message.slice('expected '.length)
      : `one of ${options.map(String).join(', ')}`;
    return [issueAt(path, expected, undefined, ctx)];
  }
  const deep = issue.errors.filter(
    (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (deep.length === 1 && deep[0]) return convert(deep[0], ctx, path);
  const expected = issue.message.startsWith('expected ')
    ? issue.message.slice('expected '.length)
    : issue.errors.map((branch) => (branch[0] ? expectedOf(branch[0]) : '?')).join(' or ');
  return [issueAt(path, expected, undefined, ctx)];
}

function convert(issues: readonly ZodIssue[], ctx: Context, prefix: Path): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(unknownKeyIssue(key, path, ctx));
    } else if (issue.code === 'invalid_union') {
      out.push(...unionIssues(issue, path, ctx));
    } else {
      const params = issue.code === 'custom' ? (issue.params ?? {}) : {};
      const found = typeof params.found === 'string' ? params.found : undefined;
      const expected = wantsInteger(issue, path, ctx) ? 'an integer' : expectedOf(issue);
      out.push(issueAt(path, expected, found, ctx));
    }
  }
  return out;
}

/** A "neither passwordEnv nor passwordFile" issue says nothing new next to a literal password. */
function dropEchoes(issues: readonly ZodIssue[]): ZodIssue[] {
  const literalSecrets = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) literalSecrets.add(formatPath([...issue.path, key]));
  }
  return issues.filter((issue) => {
    const missing: unknown = issue.code === 'custom' ? issue.params?.missingSecret : undefined;
    if (typeof missing !== 'string') return true;
    return !literalSecrets.has(formatPath([...issue.path.slice(0, -1), missing]));
  });
}

/** ConfigIssues for a failed parse of `input` by `schema`; `sourceOf` says where a path was set. */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  schema: z.core.$ZodType,
  input: unknown,
  sourceOf: (path: Path) => IssueSource | undefined = () => undefined,
): ConfigIssue[] {
  return convert(dropEchoes(issues), { schema, input, sourceOf }, []);
}
