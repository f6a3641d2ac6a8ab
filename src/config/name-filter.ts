// Which consumer groups and topics a cluster watches: lists of regular expressions,
// compiled once at load. Deny wins; an empty allow list allows everything (the sampler's
// `admits` in src/kafka/filters.ts applies them). Patterns are unanchored, as in Burrow:
// `orders` also matches `orders-v2`; write `^orders$` for one name.
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
