// The normalised config as YAML (what `lagwatch check-config` prints). It is valid input:
// loading it gives the same config. Secret references are names and stay; anything under
// a key that looks like a secret value is masked, in case one ever gets there.
import { stringify } from 'yaml';
import { isSecretKey } from './issues.js';
import type { Config } from './types.js';

export const MASK = '***';

function plain(value: unknown, key?: PropertyKey): unknown {
  if (key !== undefined && isSecretKey(key) && value !== undefined) return MASK;
  if (value instanceof RegExp) return value.source;
  if (Array.isArray(value)) return value.map((item) => plain(item));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v, k);
    return out;
  }
  return value;
}

/** The config as plain data: regexes as their source text, secret-like values masked. */
export function configToPlain(config: Config): Record<string, unknown> {
  return plain(config) as Record<string, unknown>;
}

export function configToYaml(config: Config): string {
  return stringify(configToPlain(config), { lineWidth: 0 });
}
