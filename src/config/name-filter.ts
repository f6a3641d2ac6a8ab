// Which consumer groups and topics a cluster watches: lists of regular expressions,
// compiled once at load. Deny wins; an empty allow list allows everything. Patterns are
// unanchored, as in Burrow (`orders` also matches `orders-v2`; write `^orders$` for one name).
import { z } from 'zod';

const pattern = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (err) {
    const why = (err as Error).message.replace(/^.*: /, '');
    ctx.addIssue({
      code: 'custom',
      message: 'expected a valid regular expression',
      params: { found: `${JSON.stringify(source)} (${why})` },
    });
    return z.NEVER;
  }
});

export const nameFilterSchema = z
  .strictObject({
    allow: z.array(pattern).default([]),
    deny: z.array(pattern).default([]),
  })
  .prefault({});

export interface NameFilter {
  readonly allow: readonly RegExp[];
  readonly deny: readonly RegExp[];
}

/** True when `name` matches no deny pattern and (allow is empty or) some allow pattern. */
export function isNameAllowed(filter: NameFilter, name: string): boolean {
  if (filter.deny.some((re) => re.test(name))) return false;
  return filter.allow.length === 0 || filter.allow.some((re) => re.test(name));
}
