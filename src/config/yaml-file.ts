// Reading the YAML file: syntax errors name the file, line and column; later errors can
// ask where in the file a value was written.
import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { describeFound } from './issues.js';
import type { ConfigIssue } from './issues.js';

export interface YamlConfigFile {
  readonly file: string;
  /** The document as plain data; a mapping (an empty file is an empty mapping). */
  readonly data: Record<string, unknown>;
  /** Line and column (1-based) of the value at `path`, or of its nearest written ancestor. */
  locate(path: readonly PropertyKey[]): { line: number; col: number } | undefined;
}

type Result = { ok: true; value: YamlConfigFile } | { ok: false; issues: ConfigIssue[] };

function fail(
  file: string,
  expected: string,
  found: string,
  at?: { line: number; col: number },
): Result {
  const source = { kind: 'file' as const, file, ...at };
  return { ok: false, issues: [{ path: '', expected, found, source }] };
}

/** Parses `text` as the config file `file` (the name is only used in messages). */
export function parseYamlConfig(text: string, file: string): Result {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const at = error.linePos?.[0];
        const why = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        const source = at
          ? { kind: 'file' as const, file, line: at.line, col: at.col }
          : { kind: 'file' as const, file };
        return { path: '', expected: 'valid YAML', found: `a syntax error: ${why}`, source };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fail(file, 'valid YAML', `an error: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return fail(file, 'a mapping of config keys at the top level', describeFound(data), {
      line: 1,
      col: 1,
    });
  }
  const locate = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
    }
    return undefined;
  };
  return { ok: true, value: { file, data: data as Record<string, unknown>, locate } };
}

/** Reads and parses the config file at `file`. */
export function readYamlConfig(file: string): Result {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? 'error');
    return fail(file, 'a readable YAML config file (choose one with --config FILE)', why);
  }
  return parseYamlConfig(text, file);
}
