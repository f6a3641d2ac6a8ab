// Allow/deny lists of regular expressions for group and topic names. An empty allow
// list allows everything; a name that matches any deny pattern is out, whatever allow says.

export interface NameFilter {
  readonly allow: readonly RegExp[];
  readonly deny: readonly RegExp[];
}

export const allowAll: NameFilter = Object.freeze({ allow: [], deny: [] });

// Indexed loops, not some() with a closure nor for-of with an iterator (which the profile
// showed allocated): called for every listed group and topic of every tick.
export function admits(filter: NameFilter, name: string): boolean {
  const { allow, deny } = filter;
  for (let i = 0; i < deny.length; i++) if (deny[i]!.test(name)) return false;
  if (allow.length === 0) return true;
  for (let i = 0; i < allow.length; i++) if (allow[i]!.test(name)) return true;
  return false;
}
