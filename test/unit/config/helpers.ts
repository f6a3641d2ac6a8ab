// Shared by the config tests: a scratch folder removed after the file's tests, a minimal
// valid config, and a way to get the issues of a config that must fail.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ConfigError, formatIssue, parseConfig } from '../../../src/config/index.js';
import type { Config, ConfigIssue, ConfigOverride } from '../../../src/config/index.js';

export const minimalYaml = 'clusters:\n  - name: a\n    brokers: [127.0.0.1:19092]\n';

/** A folder for this test file, removed when its tests end. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface ParseOptions {
  env?: NodeJS.ProcessEnv;
  overrides?: readonly ConfigOverride[];
}

export function parse(text: string, options: ParseOptions = {}): Config {
  return parseConfig(text, { file: 'test.yaml', env: options.env ?? {}, ...options });
}

/** The issues of a config that must be invalid, and their one-line forms. */
export function issuesOf(
  text: string,
  options: ParseOptions = {},
): { issues: readonly ConfigIssue[]; lines: string[] } {
  try {
    parse(text, options);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.code, 'LAGWATCH_CONFIG_INVALID');
    return { issues: err.issues, lines: err.issues.map(formatIssue) };
  }
  assert.fail('expected the config to be invalid');
}

/** The single issue at `path`; fails if there is none or more than one. */
export function issueAt(issues: readonly ConfigIssue[], path: string): ConfigIssue {
  const found = issues.filter((i) => i.path === path);
  assert.equal(found.length, 1, `one issue at ${path}; all: ${JSON.stringify(issues, null, 1)}`);
  return found[0] as ConfigIssue;
}
