// Environment overrides. `LAGWATCH_` + keys in UPPER_SNAKE, "__" between levels; list
// items by name:
//   LAGWATCH_SCHEDULE='*/10 * * * * *'
//   LAGWATCH_WINDOW__EXPIRE_GROUP_AFTER=14d
//   LAGWATCH_CLUSTERS__PROD_EU__BROKERS=k1:9092,k2:9092     (cluster "prod-eu")
//   LAGWATCH_SINKS__INFLUX__BATCH__MAX_ITEMS=100
// A variable that names no key is an error. README.md in this folder has every name.
import type { ConfigIssue } from './issues.js';
import type { Override } from './overrides.js';
import { envSegment } from './overrides.js';

export const ENV_PREFIX = 'LAGWATCH_';

/** The config file's path, when --config is not given. */
export const CONFIG_PATH_ENV = 'LAGWATCH_CONFIG';

/** LAGWATCH_ variables that are not config keys: the config path and the tooling's own. */
export const nonConfigEnvNames: ReadonlySet<string> = new Set([CONFIG_PATH_ENV, 'LAGWATCH_ROOT']);
export const nonConfigEnvPrefixes: readonly string[] = [
  'LAGWATCH_STACK_',
  'LAGWATCH_ES_',
  'LAGWATCH_TEST_',
  'LAGWATCH_BENCH_',
];

/** Other spellings accepted for one key; the canonical name wins when both are set. */
export const envAliases: Readonly<Record<string, string>> = {
  LAGWATCH_LOG_LEVEL: 'LAGWATCH_LOG__LEVEL',
};

/** The variable for a key path: ['window', 'intervals'] -> LAGWATCH_WINDOW__INTERVALS. */
export function envNameFor(path: readonly string[]): string {
  return ENV_PREFIX + path.map((key) => (key === '<name>' ? '<NAME>' : envSegment(key))).join('__');
}

function isConfigVariable(name: string): boolean {
  return (
    name.startsWith(ENV_PREFIX) &&
    !nonConfigEnvNames.has(name) &&
    !nonConfigEnvPrefixes.some((prefix) => name.startsWith(prefix))
  );
}

/**
 * The overrides `env` asks for, ordered so that they apply well: fewer levels first (a whole
 * list before one of its keys), aliases before canonical names, then by name.
 */
export function envOverrides(env: NodeJS.ProcessEnv): {
  overrides: Override[];
  issues: ConfigIssue[];
} {
  const overrides: Override[] = [];
  const issues: ConfigIssue[] = [];
  const names = Object.keys(env).filter(isConfigVariable);
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    const canonical = envAliases[name] ?? name;
    const segments = canonical.slice(ENV_PREFIX.length).split('__');
    if (segments.some((segment) => segment === '')) {
      issues.push({
        path: '',
        expected: `LAGWATCH_KEY or LAGWATCH_KEY__SUBKEY (keys in UPPER_SNAKE, "__" between levels)`,
        found: 'an empty key',
        source: { kind: 'env', name },
      });
      continue;
    }
    overrides.push({ segments, value, source: { kind: 'env', name } });
  }
  overrides.sort(
    (a, b) =>
      a.segments.length - b.segments.length ||
      Number(b.source.name in envAliases) - Number(a.source.name in envAliases) ||
      a.source.name.localeCompare(b.source.name),
  );
  return { overrides, issues };
}
