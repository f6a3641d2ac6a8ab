// Allow/deny lists of regular expressions for group and topic names. An empty allow
// list allows everything; a name that matches any deny pattern is out, whatever allow says.

export interface NameFilter {
  readonly allow: readonly RegExp[];
  readonly deny: readonly RegExp[];
}

export const allowAll: NameFilter = Object.freeze({ allow: [], deny: [] });

export function admits(filter: NameFilter, name: string): boolean {
  if (filter.deny.some((re) => re.test(name))) return false;
  return filter.allow.length === 0 || filter.allow.some((re) => re.test(name));
}
