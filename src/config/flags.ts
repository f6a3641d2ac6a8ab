// Command-line overrides: `--set window.intervals=20`, `--set clusters.a.brokers=h:9092`.
// Keys as in the YAML file (camelCase), "." between levels, list items by name.
// They apply after the environment, so a flag wins.
import { InvalidArgumentError } from 'commander';
import type { Override } from './overrides.js';

export interface ConfigOverride {
  /** Dotted key path, e.g. `log.level`, `clusters.a.brokers`, `sinks.influx.batch.maxItems`. */
  readonly key: string;
  /** The value as text; it is turned into the key's kind (number, list, ...) as env values are. */
  readonly value: string;
  /** How the user gave it, for messages (default `--set <key>`), e.g. `--log-level`. */
  readonly source?: string;
}

/** `log.level=debug` -> {key: 'log.level', value: 'debug'}; for commander's option parser. */
export function parseSetOption(text: string): ConfigOverride {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new InvalidArgumentError('expected KEY=VALUE, e.g. window.intervals=20');
  return { key: text.slice(0, equals).trim(), value: text.slice(equals + 1) };
}

export function flagOverrides(overrides: readonly ConfigOverride[]): Override[] {
  return overrides.map((o) => ({
    segments: o.key.split('.'),
    value: o.value,
    source: { kind: 'flag', name: o.source ?? `--set ${o.key}` },
  }));
}
