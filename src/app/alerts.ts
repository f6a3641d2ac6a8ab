// The alerts in the running service: the incident engine (src/alerts/, pure) fed every
// report after the sinks have it, its notifications handed to the notifiers' queues
// (notifiers/, never awaited: a tick never waits on a receiver), and its state kept in the
// state directory — incidents and undelivered notifications — so a restart neither sends
// an open again nor forgets a close. What a tick changes is written with the tick's state;
// a delivery's outcome is written at once (putNow), so a kill -9 after a delivery does not
// send it again on restart (only one between the receiver's answer and that write can:
// at least once). Notifiers are built (secrets read) with the app; the engine when the
// state directory is open (start).
import {
  AlertEngine,
  readAlertsState,
  type AlertPolicy,
  type AlertsState,
  type RoutedNotification,
} from '../alerts/index.js';
import type { Config } from '../config/index.js';
import type { IncidentSource } from '../contract/incident.js';
import type { Logger } from '../contract/logger.js';
import type { Outcome } from '../contract/outcome.js';
import type { EvaluationReport } from '../contract/report.js';
import {
  createNotifiers,
  holdOf,
  type DeliveryResult,
  type Notification,
  type Notifier,
  type NotifierConfig,
} from '../../notifiers/index.js';
import type { DurableState } from '../state/index.js';

/** The state directory's name for the alerts' state. */
export const ALERTS_MODULE = 'alerts';

export function policyOf(config: NotifierConfig): AlertPolicy {
  return {
    notifier: config.name,
    threshold: config.threshold,
    ...holdOf(config.for),
    intervalMs: config.interval,
    sendOnce: config.sendOnce,
    sendClose: config.sendClose,
    groups: config.groups,
    clusters: config.clusters,
  };
}

export class Alerts implements IncidentSource {
  readonly notifiers: readonly Notifier[];
  readonly #config: Config;
  readonly #log: Logger;
  readonly #now: () => number;
  #engine: AlertEngine;
  #durable: DurableState | null = null;

  /** Reads every notifier's secret now (throws LAGWATCH_SECRET_UNAVAILABLE naming it). */
  constructor(
    config: Config,
    deps: { logger: Logger; env: NodeJS.ProcessEnv; now?: (() => number) | undefined },
  ) {
    this.#config = config;
    this.#log = deps.logger.child({ module: 'alerts' });
    this.#now = deps.now ?? Date.now;
    this.#engine = new AlertEngine(config.notifiers.map(policyOf));
    this.notifiers = createNotifiers(config.notifiers, {
      logger: deps.logger,
      env: deps.env,
      onResult: (notifier, notification, result) => this.#result(notifier, notification, result),
    });
  }

  get enabled(): boolean {
    return this.notifiers.length > 0;
  }

  /** Takes back the incidents and undelivered notifications of the last run. */
  restore(durable: DurableState): void {
    this.#durable = durable;
    const raw = durable.get(ALERTS_MODULE);
    const restored = raw === undefined ? undefined : readAlertsState(raw);
    if (raw !== undefined && restored === undefined) {
      this.#log.warn(
        'the alerts state in the state directory is not readable: starting without incidents',
      );
    }
    if (restored) {
      this.#engine = new AlertEngine(this.#config.notifiers.map(policyOf), restored);
      for (const notifier of this.notifiers) {
        for (const n of restored.queues[notifier.name] ?? []) notifier.send(n);
      }
      const open = [...this.#engine.openCounts().values()].reduce((a, b) => a + b, 0);
      this.#log.info({ open }, 'incidents restored');
      // Incidents of clusters this configuration no longer samples would never close.
      const clusters = this.#config.clusters.map((c) => c.name);
      this.#route(this.#engine.closeUnmonitored(clusters, this.#now()));
    }
    // Captured when the state is written, so it is as fresh as the write.
    if (this.enabled) durable.put(ALERTS_MODULE, { toJSON: () => this.exportState() });
  }

  /** One report in: the notifications it calls for go to their notifiers' queues. */
  observe(report: EvaluationReport): void {
    if (!this.enabled) return;
    this.#route(this.#engine.observe(report));
  }

  /** Notifications to their notifiers' queues, each logged; the state marked changed. */
  #route(routed: readonly RoutedNotification[]): void {
    const byName = new Map(this.notifiers.map((n) => [n.name, n]));
    for (const { notifier, notification } of routed) {
      this.#log.info(
        {
          notifier,
          incident: notification.incident.id,
          kind: notification.kind,
          status: notification.incident.status,
        },
        `incident ${notification.kind}`,
      );
      byName.get(notifier)?.send(notification);
    }
    if (routed.length > 0) this.#markChanged();
  }

  incidents(cluster: string) {
    return this.#engine.incidents(cluster);
  }

  openCounts(): ReadonlyMap<string, number> {
    return this.#engine.openCounts();
  }

  notifierHealth() {
    return this.notifiers.map((n) => n.health());
  }

  exportState(): AlertsState {
    return this.#engine.exportState(
      Object.fromEntries(this.notifiers.map((n) => [n.name, n.pending()])),
    );
  }

  /** Delivers what it can within `deadlineMs`; what is left stays in the state for the next start. */
  async close(deadlineMs: number): Promise<{ notifier: string; outcome: Outcome }[]> {
    const outcomes = await Promise.all(
      this.notifiers.map(async (n) => ({ notifier: n.name, outcome: await n.close(deadlineMs) })),
    );
    this.#markChanged();
    return outcomes;
  }

  #result(notifier: string, notification: Notification, result: DeliveryResult): void {
    this.#engine.recordResult(notifier, notification, result, this.#now());
    // The notification has left its queue: a restart from an older state would send it again.
    if (this.enabled) this.#durable?.putNow(ALERTS_MODULE, { toJSON: () => this.exportState() });
  }

  #markChanged(): void {
    if (this.enabled) this.#durable?.put(ALERTS_MODULE, { toJSON: () => this.exportState() });
  }
}
