// What is wrong with a config: one issue per problem, each naming where the value came
// from, what was expected and what was found. All of them travel in one ConfigError.
import { ErrorCode, LagwatchError } from '../contract/errors.js';

/** Where a bad value came from: the YAML file (with its position), an env var, a flag. */
export type IssueSource =
  | { readonly kind: 'file'; readonly file: string; readonly line?: number; readonly col?: number }
  | { readonly kind: 'env' | 'flag'; readonly name: string };

export interface ConfigIssue {
  /** The config path, e.g. `clusters[1].sasl.mechanism`; '' for the document itself. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
  readonly source?: IssueSource | undefined;
}

function fileLabel(source: IssueSource & { kind: 'file' }): string {
  if (source.line === undefined) return source.file;
  return `${source.file}:${source.line}:${source.col ?? 1}`;
}

/** One line: `where: expected X, found Y`. Env vars and flags lead, as that is what to fix. */
export function formatIssue(issue: ConfigIssue): string {
  const { path, source } = issue;
  let where = path === '' ? '(config)' : path;
  if (source?.kind === 'env' || source?.kind === 'flag') {
    where = path === '' ? source.name : `${source.name} (${path})`;
  } else if (source?.kind === 'file') {
    where = path === '' ? fileLabel(source) : `${path} (${fileLabel(source)})`;
  }
  return `${where}: expected ${issue.expected}, found ${issue.found}`;
}

/** A config that cannot be used; `issues` lists every problem found in one pass. */
export class ConfigError extends LagwatchError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(formatIssue);
    const count = `${issues.length} error${issues.length === 1 ? '' : 's'}`;
    super(ErrorCode.CONFIG_INVALID, `invalid config (${count}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = Object.freeze([...issues]);
  }
}

const secretKey = /(password|token|secret|apikey)$/i;

/** Keys whose values are secrets (not the *Env / *File references to them). */
export function isSecretKey(key: PropertyKey): boolean {
  return typeof key === 'string' && secretKey.test(key);
}

/** A found value for a message: short, and never a secret or the contents of a mapping. */
export function describeFound(value: unknown, key?: PropertyKey): string {
  if (value === undefined) return 'nothing';
  if (key !== undefined && isSecretKey(key)) return 'a value (hidden: it looks like a secret)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty mapping' : `a mapping with keys ${keys.join(', ')}`;
  }
  return typeof value;
}

/** `['clusters', 1, 'sasl']` -> `clusters[1].sasl`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  }
  return text;
}
