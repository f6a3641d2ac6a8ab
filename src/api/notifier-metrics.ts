// The alerts on /metrics: per notifier, notifications sent, failed and dropped, retries,
// the queue, and open incidents. Read fresh on every scrape.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { IncidentSource } from '../contract/incident.js';
import type { NotifierHealth } from '../contract/notifier.js';

export interface NotifierMetricsSource {
  readonly alerts: IncidentSource;
  readonly notifierHealth: () => readonly NotifierHealth[];
}

export function registerNotifierMetrics(registry: Registry, source: NotifierMetricsSource): void {
  const counter = (name: string, help: string, value: (h: NotifierHealth) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['notifier', 'type'],
      registers: [registry],
      collect() {
        this.reset();
        for (const h of source.notifierHealth())
          this.inc({ notifier: h.notifier, type: h.type }, value(h));
      },
    });
  counter('lagwatch_notifications_sent_total', 'Notifications the receiver took', (h) => h.sent);
  counter(
    'lagwatch_notifications_failed_total',
    'Notifications the receiver refused for good (a 4xx that would fail again)',
    (h) => h.failed,
  );
  counter(
    'lagwatch_notifications_dropped_total',
    'Notifications dropped because the queue was full or the notifier closed',
    (h) => h.dropped,
  );
  counter(
    'lagwatch_notification_retries_total',
    'Sends that failed and were tried again',
    (h) => h.retries,
  );
  new Gauge({
    name: 'lagwatch_notifier_queue_notifications',
    help: 'Notifications waiting to be sent, including one being sent',
    labelNames: ['notifier', 'type'],
    registers: [registry],
    collect() {
      this.reset();
      for (const h of source.notifierHealth())
        this.set({ notifier: h.notifier, type: h.type }, h.queued);
    },
  });
  new Gauge({
    name: 'lagwatch_incidents_open',
    help: 'Open incidents (groups, and clusters that cannot be sampled) per notifier',
    labelNames: ['notifier'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [notifier, open] of source.alerts.openCounts()) this.set({ notifier }, open);
    },
  });
}
