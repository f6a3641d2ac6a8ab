// The contract every notifier keeps, like a sink's: it takes notifications in without
// blocking the tick, delivers them in order through its own bounded queue with retries,
// and reports outcomes instead of throwing. An adapter writes only the transport: one
// notification, one request, one Outcome.
import type { Notification } from './incident.js';
import type { Outcome } from './outcome.js';

export type { Notification };

export interface NotifierHealth {
  readonly notifier: string;
  readonly type: string;
  /** Notifications the receiver took. */
  readonly sent: number;
  /** Notifications the receiver refused for good (a 4xx that would fail again). */
  readonly failed: number;
  /** Notifications dropped because the queue was full or the notifier closed: counted, logged. */
  readonly dropped: number;
  /** Sends that failed and were tried again. */
  readonly retries: number;
  /** Waiting, including one being sent. */
  readonly queued: number;
  readonly lastSentAt: number | null;
  readonly lastError: string | null;
}

/** What became of one notification, for the incident's record of what was sent where. */
export type DeliveryResult = 'sent' | 'failed' | 'dropped';

export interface Notifier {
  readonly name: string;
  readonly type: string;
  /** Queues a notification. Never blocks on I/O and never throws. */
  send(notification: Notification): void;
  /** Delivers what is queued, waiting at most `deadlineMs`. */
  flush(deadlineMs: number): Promise<Outcome>;
  /** Delivers what it can within `deadlineMs`; the rest stays in `pending()`. Takes nothing after. */
  close(deadlineMs: number): Promise<Outcome>;
  /** Notifications not delivered yet, oldest first (kept in the state directory). */
  pending(): readonly Notification[];
  health(): NotifierHealth;
}

/** The one job of an adapter: send one notification, say how it went. Never throws. */
export interface NotificationTransport {
  deliver(notification: Notification, signal: AbortSignal): Promise<Outcome>;
}
