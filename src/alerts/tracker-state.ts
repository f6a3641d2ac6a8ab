// What one notifier's incident tracker keeps, as plain JSON: the state directory stores it
// and a restart takes it back, so an open incident is neither sent again nor forgotten.
import type { Incident, NotificationKind } from '../contract/incident.js';
import type { DeliveryResult } from '../contract/notifier.js';

/** One notification of an incident and what became of it ("what was sent where"). */
export interface SentRecord {
  readonly kind: NotificationKind;
  readonly seq: number;
  readonly at: number;
  /** queued until the notifier reports a result. */
  result: DeliveryResult | 'queued';
  resultAt: number | null;
}

export interface IncidentRecord {
  incident: Incident;
  /** The seq of the last notification made for it. */
  seq: number;
  /** When a notification was last made for it (for the `interval` re-send). */
  lastSentAt: number;
  /** The newest notifications, oldest first (at most MAX_SENT_RECORDS). */
  sent: SentRecord[];
}

/** A subject that is bad but has not held long enough (`for`) to open an incident. */
export interface PendingRecord {
  readonly since: number;
  ticks: number;
}

export interface TrackerState {
  readonly open: readonly IncidentRecord[];
  readonly pending: readonly (readonly [string, PendingRecord])[];
  /** Recently closed incidents, newest last (at most MAX_CLOSED). */
  readonly closed: readonly IncidentRecord[];
}

export const MAX_SENT_RECORDS = 20;
export const MAX_CLOSED = 100;
