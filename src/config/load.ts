// Loading the config: defaults < YAML file < environment < command-line flags, validated
// once, then frozen. Every problem of every layer is collected into one ConfigError.
import { resolve } from 'node:path';
import { CONFIG_PATH_ENV, envOverrides } from './env.js';
import { flagOverrides } from './flags.js';
import type { ConfigOverride } from './flags.js';
import { deepFreeze } from '../contract/freeze.js';
import { ConfigError } from './issues.js';
import type { ConfigIssue, IssueSource } from './issues.js';
import { applyOverrides } from './overrides.js';
import type { AppliedOverride } from './overrides.js';
import { configSchema } from './schema.js';
import type { Config } from './types.js';
import { parseYamlConfig, readYamlConfig } from './yaml-file.js';
import type { YamlConfigFile } from './yaml-file.js';
import { fromZodIssues } from './zod-issues.js';

export const DEFAULT_CONFIG_PATH = 'config/lagwatch.yaml';

export interface LoadConfigOptions {
  /** The YAML file; default $LAGWATCH_CONFIG, else config/lagwatch.yaml (both from the cwd). */
  readonly path?: string | undefined;
  /** Where LAGWATCH_* overrides come from; default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Command-line overrides, applied last. */
  readonly overrides?: readonly ConfigOverride[] | undefined;
}

/** The file loadConfig reads, as given (relative paths are from the current directory). */
export function configPath(options: LoadConfigOptions = {}): string {
  const env = options.env ?? process.env;
  return options.path ?? env[CONFIG_PATH_ENV] ?? DEFAULT_CONFIG_PATH;
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}

function sourceFinder(file: YamlConfigFile, applied: readonly AppliedOverride[]) {
  return (path: readonly PropertyKey[]): IssueSource => {
    let best: AppliedOverride | undefined;
    for (const a of applied) {
      if (isPrefix(a.path, path) && (!best || a.path.length >= best.path.length)) best = a;
    }
    if (best) return best.source;
    const at = file.locate(path);
    return at ? { kind: 'file', file: file.file, ...at } : { kind: 'file', file: file.file };
  };
}

function build(file: YamlConfigFile, options: LoadConfigOptions): Config {
  const data = structuredClone(file.data);
  const fromEnv = envOverrides(options.env ?? process.env);
  const overrides = [...fromEnv.overrides, ...flagOverrides(options.overrides ?? [])];
  const { applied, issues } = applyOverrides(data, configSchema, overrides);
  const all: ConfigIssue[] = [...fromEnv.issues, ...issues];
  const result = configSchema.safeParse(data);
  if (!result.success) {
    all.push(
      ...fromZodIssues(result.error.issues, configSchema, data, sourceFinder(file, applied)),
    );
  }
  if (all.length > 0 || !result.success) throw new ConfigError(all);
  return deepFreeze(result.data);
}

/**
 * Reads, overrides, validates and freezes the config. Throws a ConfigError
 * (code LAGWATCH_CONFIG_INVALID) listing every problem found.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const file = configPath(options);
  const read = readYamlConfig(resolve(file));
  if (!read.ok) throw new ConfigError(read.issues.map((i) => relabel(i, file)));
  return build({ ...read.value, file }, options);
}

/** As loadConfig, from YAML text; `file` only names it in messages. For tests and tools. */
export function parseConfig(
  text: string,
  options: Omit<LoadConfigOptions, 'path'> & { readonly file?: string } = {},
): Config {
  const file = options.file ?? '(config)';
  const read = parseYamlConfig(text, file);
  if (!read.ok) throw new ConfigError(read.issues);
  return build(read.value, options);
}

/** Messages name the file as the user gave it, not its absolute path. */
function relabel(issue: ConfigIssue, file: string): ConfigIssue {
  return issue.source?.kind === 'file' ? { ...issue, source: { ...issue.source, file } } : issue;
}
