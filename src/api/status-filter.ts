// `?status=ERR` (or `WARN,ERR`, or `status=WARN&status=ERR`) on GET /v3/kafka/(cluster)/status:
// which group statuses to return. Case does not matter; anything else is a 400 saying so.
import type { GroupStatusCode } from '../status/index.js';

const GROUP_STATUSES: readonly GroupStatusCode[] = ['OK', 'WARN', 'ERR'];

/** null: no filter. A string: what is wrong with the filter. */
export function parseStatusFilter(value: unknown): ReadonlySet<GroupStatusCode> | null | string {
  if (value === undefined) return null;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [String(v)],
  );
  const wanted = new Set<GroupStatusCode>();
  for (const part of parts) {
    const code = part.trim().toUpperCase();
    const known = GROUP_STATUSES.find((s) => s === code);
    if (!known) {
      return `unknown status ${JSON.stringify(part.slice(0, 40))}: expected ${GROUP_STATUSES.join(', ')}, comma-separated`;
    }
    wanted.add(known);
  }
  return wanted;
}
