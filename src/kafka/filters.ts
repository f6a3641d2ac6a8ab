// Allow/deny lists of regular expressions for group and topic names. An empty allow
// list allows everything; a name that matches any deny pattern is out, whatever allow says.

export interface NameFilter {
  readonly allow: readonly RegExp[];
  readonly deny: readonly RegExp[];
}

export const allowAll: NameFilter = Object.freeze({ allow: [], deny: [] });

// Plain loops, not some() with a closure: called for every listed group and topic each tick.
export function admits(filter: NameFilter, name: string): boolean {
  for (const re of filter.deny) if (re.test(name)) return false;
  if (filter.allow.length === 0) return true;
  for (const re of filter.allow) if (re.test(name)) return true;
  return false;
}
