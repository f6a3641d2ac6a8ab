// The one sort order of names across lagwatch (groups, topics, clusters).

/** Sorts by UTF-16 code units: the same order everywhere, whatever the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
