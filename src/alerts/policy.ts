// When a notifier's incidents open, re-send and close: the part of a notifier's options
// the incident engine reads (the rest, where and how to send, is the adapter's).
import type { GroupStatusCode } from '../contract/statuses.js';

export interface NameFilter {
  /** Empty: everything is allowed. Patterns are unanchored, as in Burrow. */
  readonly allow: readonly RegExp[];
  /** Wins over allow. */
  readonly deny: readonly RegExp[];
}

export interface AlertPolicy {
  /** The notifier's name: the incidents' owner. */
  readonly notifier: string;
  /** A group at this status or worse has an incident (Burrow's `threshold`). */
  readonly threshold: Extract<GroupStatusCode, 'WARN' | 'ERR'>;
  /** How long a group must stay bad before its incident opens (Prometheus' `for`); 0: at once. */
  readonly forMs: number;
  /** How many ticks in a row a group must be bad before its incident opens; 0 or 1: the first. */
  readonly forTicks: number;
  /** An open incident is sent again this often while it lasts; 0: never. */
  readonly intervalMs: number;
  /** One notification per incident: no updates, no re-sends (Burrow's `send-once`). */
  readonly sendOnce: boolean;
  /** Send a notification when an incident closes (Burrow's `send-close`). */
  readonly sendClose: boolean;
  readonly groups: NameFilter;
  readonly clusters: NameFilter;
}

export function admits(filter: NameFilter, name: string): boolean {
  if (filter.deny.some((pattern) => pattern.test(name))) return false;
  return filter.allow.length === 0 || filter.allow.some((pattern) => pattern.test(name));
}
