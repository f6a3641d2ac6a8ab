// Every notifier's incidents: each report goes through each notifier's tracker (each has
// its own threshold, `for`, interval and filters); the notifications come out tagged with
// the notifier that sends them. Its state is one JSON value, for the state directory.
import type { Notification } from '../contract/incident.js';
import type { DeliveryResult } from '../contract/notifier.js';
import type { EvaluationReport } from '../contract/report.js';
import { IncidentTracker } from './incident-tracker.js';
import type { AlertPolicy } from './policy.js';
import type { IncidentRecord, TrackerState } from './tracker-state.js';

export const ALERTS_STATE_VERSION = 1;

/** The alerts' part of the state directory. */
export interface AlertsState {
  readonly version: typeof ALERTS_STATE_VERSION;
  readonly trackers: Readonly<Record<string, TrackerState>>;
  /** Each notifier's notifications not delivered yet, oldest first. */
  readonly queues: Readonly<Record<string, readonly Notification[]>>;
}

export interface RoutedNotification {
  readonly notifier: string;
  readonly notification: Notification;
}

/** A value restored from disk, if it is the alerts' state of this version; else undefined. */
export function readAlertsState(value: unknown): AlertsState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<AlertsState>;
  if (state.version !== ALERTS_STATE_VERSION) return undefined;
  if (typeof state.trackers !== 'object' || typeof state.queues !== 'object') return undefined;
  return state as AlertsState;
}

export class AlertEngine {
  readonly #trackers = new Map<string, IncidentTracker>();

  constructor(policies: readonly AlertPolicy[], restored?: AlertsState) {
    for (const policy of policies) {
      const state = restored?.trackers[policy.notifier];
      this.#trackers.set(policy.notifier, new IncidentTracker(policy, state));
    }
  }

  observe(report: EvaluationReport): RoutedNotification[] {
    const out: RoutedNotification[] = [];
    for (const [notifier, tracker] of this.#trackers) {
      for (const notification of tracker.observe(report)) out.push({ notifier, notification });
    }
    return out;
  }

  /** Every tracker's closeUnmonitored (see IncidentTracker). */
  closeUnmonitored(clusters: readonly string[], now: number): RoutedNotification[] {
    const out: RoutedNotification[] = [];
    for (const [notifier, tracker] of this.#trackers) {
      for (const notification of tracker.closeUnmonitored(clusters, now))
        out.push({ notifier, notification });
    }
    return out;
  }

  recordResult(notifier: string, notification: Notification, result: DeliveryResult, at: number) {
    this.#trackers.get(notifier)?.recordResult(notification, result, at);
  }

  /** Every notifier's open and recently closed incidents of a cluster. */
  incidents(cluster: string): { open: IncidentRecord[]; closed: IncidentRecord[] } {
    const open: IncidentRecord[] = [];
    const closed: IncidentRecord[] = [];
    for (const tracker of this.#trackers.values()) {
      const of = tracker.incidents(cluster);
      open.push(...of.open);
      closed.push(...of.closed);
    }
    closed.sort((a, b) => (b.incident.closedAt ?? 0) - (a.incident.closedAt ?? 0));
    return { open, closed };
  }

  /** Open incidents per notifier (the /metrics gauge). */
  openCounts(): Map<string, number> {
    return new Map([...this.#trackers].map(([name, t]) => [name, t.openCount]));
  }

  exportState(queues: Readonly<Record<string, readonly Notification[]>>): AlertsState {
    const trackers: Record<string, TrackerState> = {};
    for (const [name, tracker] of this.#trackers) trackers[name] = tracker.exportState();
    return { version: ALERTS_STATE_VERSION, trackers, queues };
  }
}
