// Reading /metrics back: the text parsed by a Prometheus text-format parser, and the
// value of one series found by its labels.
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

export type Families = ReadonlyMap<string, PrometheusFamily>;

export function parseMetrics(text: string): Families {
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/** Every series of a family as [labels, value], labels in a fixed order. */
export function series(families: Families, name: string): [Record<string, string>, number][] {
  return (families.get(name)?.metrics ?? []).map((m) => [{ ...m.labels }, Number(m.value)]);
}

/** The value of the series whose labels include `labels`; undefined if there is none. */
export function valueOf(
  families: Families,
  name: string,
  labels: Readonly<Record<string, string>>,
): number | undefined {
  const found = families
    .get(name)
    ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found === undefined ? undefined : Number(found.value);
}
