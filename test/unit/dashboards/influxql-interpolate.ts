// What Grafana's InfluxDB data source does to an InfluxQL query before sending it: the time
// range macro, the interval macro and template variables. Variables are only ever used
// inside a regex (`"tag" =~ /^$var$/`), where Grafana escapes each value and joins several
// as `(a|b)`; the dashboards' unit test holds them to that, so this is the whole story.

export interface QueryContext {
  readonly fromMs: number;
  readonly toMs: number;
  /** `$__interval` as Grafana writes it, e.g. "30s". */
  readonly interval: string;
  /** Each variable's selected values (all of them for "All"). */
  readonly variables: Readonly<Record<string, readonly string[]>>;
}

/** Grafana's escapeRegex (@grafana/data): backslash before every regex metacharacter. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

/** A variable's values inside a regex, as Grafana formats them. */
export function regexValue(values: readonly string[]): string {
  const escaped = values.map(escapeRegex);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

/** Milliseconds of a Grafana interval string ("30s", "5m", "1h", "100ms"). */
export function intervalMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`not a Grafana interval: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2]!]!;
  return Number(match[1]) * unit;
}

const variableUse = /\$(\w+)|\$\{(\w+)\}|\[\[(\w+)\]\]/g;

/** The query as Grafana would send it; throws on a variable it does not know. */
export function interpolate(query: string, context: QueryContext): string {
  return query.replace(variableUse, (whole, a?: string, b?: string, c?: string) => {
    const name = a ?? b ?? c ?? '';
    if (name === 'timeFilter') return `time >= ${context.fromMs}ms and time <= ${context.toMs}ms`;
    if (name === '__interval') return context.interval;
    if (name === '__interval_ms') return String(intervalMs(context.interval));
    const values = context.variables[name];
    if (values === undefined) throw new Error(`unknown variable ${whole} in ${query}`);
    if (values.length === 0) throw new Error(`variable ${whole} has no value`);
    return regexValue(values);
  });
}

/** Names of the template variables a query uses (macros left out). */
export function variablesUsed(query: string): string[] {
  const names = new Set<string>();
  for (const m of query.matchAll(variableUse)) {
    const name = m[1] ?? m[2] ?? m[3] ?? '';
    if (name !== 'timeFilter' && !name.startsWith('__')) names.add(name);
  }
  return [...names];
}
