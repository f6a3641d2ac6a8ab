// The keys every notifier has, whatever its type: when its incidents open, re-send and
// close (Burrow's threshold, send-once, send-close, group allow/deny lists; Prometheus'
// `for`), fixed `extras` for its templates, and how it delivers (queue, retry, timeout).
// Each type's schema spreads `policyShape` and `deliveryShape` beside its own keys.
import { z } from 'zod';
import { durationMs, expect, httpUrl, name } from '../src/contract/option-fields.js';
import { parseDuration } from '../src/contract/duration.js';

const pattern = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a valid regular expression',
      params: {
        found: `${JSON.stringify(source)} (${(err as Error).message.replace(/^.*: /, '')})`,
      },
    });
    return z.NEVER;
  }
});

/** Burrow's allowlist/denylist: unanchored patterns; deny wins; an empty allow allows all. */
const nameFilter = z
  .strictObject({ allow: z.array(pattern).default([]), deny: z.array(pattern).default([]) })
  .prefault({});

const forWanted =
  'a duration ("0", "30s", "5m") or a number of ticks ("3 ticks"): how long a group stays bad before its incident opens';

const TICKS = /^\s*(\d+)\s*ticks?\s*$/;

/** `for`: a duration (kept in ms) or "N ticks" (kept as written, normalised: "3 ticks"). */
const holdFor = z
  .union([z.number(), z.string()], expect(forWanted))
  .transform((value, ctx): number | string => {
    const ticks = typeof value === 'string' ? TICKS.exec(value) : null;
    if (ticks) return `${Number(ticks[1])} ticks`;
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${forWanted}` });
      return z.NEVER;
    }
    return ms;
  });

/** A parsed `for` as the incident engine takes it. */
export function holdOf(value: number | string): { forMs: number; forTicks: number } {
  if (typeof value === 'number') return { forMs: value, forTicks: 0 };
  return { forMs: 0, forTicks: Number(TICKS.exec(value)?.[1] ?? 0) };
}

export const policyShape = {
  name,
  /** A group at this status or worse has an incident. */
  threshold: z.enum(['WARN', 'ERR']).default('WARN'),
  for: holdFor.default(0),
  /** Re-send an open incident this often; 0: never. */
  interval: durationMs(0).default(3_600_000),
  sendOnce: z.boolean().default(false),
  sendClose: z.boolean().default(true),
  groups: nameFilter,
  clusters: nameFilter,
  /** Fixed key/values for templates (`{{extras.team}}`). */
  extras: z.record(z.string(), z.string()).default({}),
  /** lagwatch's own address, for links in messages (a group's page). */
  lagwatchUrl: httpUrl.optional(),
};

export const deliveryShape = {
  /** Notifications waiting at most; beyond it the oldest reminder (else the oldest) is dropped. */
  queueSize: z.int().min(1).default(1000),
  /** The first retry's wait; it doubles up to retryMaxDelayMs. A Retry-After wins. */
  retryInitialDelayMs: durationMs(1).default(1_000),
  retryMaxDelayMs: durationMs(1).default(60_000),
  /** One request's deadline. */
  timeoutMs: durationMs(1).default(10_000),
};

/** What every notifier's parsed options hold besides its own keys. */
export interface CommonNotifierConfig {
  readonly name: string;
  readonly type: string;
  readonly threshold: 'WARN' | 'ERR';
  readonly for: number | string;
  readonly interval: number;
  readonly sendOnce: boolean;
  readonly sendClose: boolean;
  readonly groups: { readonly allow: readonly RegExp[]; readonly deny: readonly RegExp[] };
  readonly clusters: { readonly allow: readonly RegExp[]; readonly deny: readonly RegExp[] };
  readonly extras: Readonly<Record<string, string>>;
  readonly lagwatchUrl?: string | undefined;
  readonly queueSize: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly timeoutMs: number;
}
