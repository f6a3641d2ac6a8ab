// /metrics: Prometheus text exposition. Burrow's six metrics with its names, labels and
// values, then lagwatch's own. The series built from the read model (groups, partitions,
// topics: nearly all of them) are written by state-metrics.ts ahead of the scrapes, once
// per change of the read model, and kept compressed (metrics-cache.ts): a scrape is answered
// from the last finished rendering, so it may show the tick before the latest while that
// one renders, but never a group deleted before the scrape. Ticks, sinks and the process go
// through prom-client (each metric's `collect` resets it and fills it), are read fresh on
// every scrape and end the same gzip stream (metrics-gzip.ts).
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { SinkHealth } from '../contract/sink.js';
import { registerNotifierMetrics, type NotifierMetricsSource } from './notifier-metrics.js';
import type { TickCounters } from '../pipeline/cluster-tick.js';
import type { LatestState } from '../pipeline/latest.js';
import { StateMetricsCache, type StateMetricsCacheOptions } from './metrics-cache.js';
import { gzipMember } from './metrics-gzip.js';

/**
 * How often Node's default metrics sample the event loop's delay, ms (prom-client's
 * `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`). prom-client's own
 * default, 10 ms, is a timer that wakes the process 100 times a second whether it has work
 * or not: 0.36–0.48 s of CPU a minute in an idle `node` on the project's 2-core machine,
 * against 0.04–0.06 s at 100 ms (issue #15 gives the whole service 2 s a minute at 10,000
 * groups). Its cost is the wake-up itself, most of all on an idle machine.
 * A stall of 100 ms or more still delays a sample, and a shorter one is within what the API
 * promises (p99 at most 100 ms).
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

export interface TickStats {
  readonly cluster: string;
  readonly counters: Readonly<TickCounters>;
  /** The cluster's tick while one runs (a ClusterTick's); absent or null: none runs. */
  readonly running?: PromiseLike<unknown> | null;
}

export interface MetricsSource {
  readonly latest: LatestState;
  readonly ticks: readonly TickStats[];
  readonly sinkHealth: () => readonly SinkHealth[];
  /** The alerts' incidents and notifiers, when any notifier is configured. */
  readonly alerts?: NotifierMetricsSource | undefined;
}

type Labels<L extends string> = Record<L, string | number>;
type SetValue<L extends string> = (labels: Labels<L>, value: number) => void;

export interface ApiMetrics {
  readonly contentType: string;
  /** The exposition text of every metric, gzip-compressed: one gzip stream's parts, in order. */
  gzip(): Promise<readonly Buffer[]>;
  /** The same text, not compressed, as a stream. */
  plain(): Promise<Readable>;
  /** The same text, as one string. */
  text(): Promise<string>;
  /** Tell it after a DELETE was applied: no later scrape shows what the DELETE removed. */
  deleted(): void;
  /** Resolves once the read model's series as they are now are rendered (tests). */
  settled(): Promise<void>;
  /** Stops rendering ahead of scrapes. */
  close(): void;
}

export function createMetrics(
  source: MetricsSource,
  options: {
    readonly defaultMetrics?: boolean;
    readonly cache?: StateMetricsCacheOptions | undefined;
  } = {},
): ApiMetrics {
  const registry = new Registry();
  const { latest } = source;

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (set: SetValue<L>) => void,
  ): void => {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill((labels, value) => this.set(labels, value));
      },
    });
  };
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (set: SetValue<L>) => void,
  ): void => {
    new Counter<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill((labels, value) => this.inc(labels, value));
      },
    });
  };

  // Per cluster: the ticks.
  const eachTick = (visit: (cluster: string, counters: Readonly<TickCounters>) => void): void => {
    for (const tick of source.ticks) visit(tick.cluster, tick.counters);
  };
  gauge(
    'lagwatch_cluster_up',
    'Whether the last tick sampled the cluster (1) or not (0, also before the first tick)',
    ['cluster'],
    (set) => {
      for (const cluster of latest.clusterNames())
        set({ cluster }, latest.cluster(cluster)?.lastReport?.available ? 1 : 0);
    },
  );
  gauge(
    'lagwatch_cluster_last_sample_timestamp_seconds',
    'When the last tick that sampled the cluster was taken, seconds since the epoch',
    ['cluster'],
    (set) => {
      for (const cluster of latest.clusterNames()) {
        const at = latest.cluster(cluster)?.lastGood?.report.takenAt;
        if (at !== undefined) set({ cluster }, at / 1000);
      }
    },
  );
  gauge(
    'lagwatch_tick_duration_seconds',
    "How long the cluster's last tick took to sample, seconds",
    ['cluster'],
    (set) => eachTick((cluster, c) => set({ cluster }, c.lastDurationMs / 1000)),
  );
  counter('lagwatch_ticks_total', 'Ticks run', ['cluster'], (set) =>
    eachTick((cluster, c) => set({ cluster }, c.ticks)),
  );
  counter(
    'lagwatch_ticks_skipped_total',
    'Ticks skipped because the previous one was still running',
    ['cluster'],
    (set) => eachTick((cluster, c) => set({ cluster }, c.skipped)),
  );
  counter(
    'lagwatch_ticks_failed_total',
    'Ticks that could not sample the cluster',
    ['cluster'],
    (set) => eachTick((cluster, c) => set({ cluster }, c.failed)),
  );
  counter(
    'lagwatch_group_faults_total',
    'Groups sampled with a fault (their windows got no sample that tick)',
    ['cluster'],
    (set) => eachTick((cluster, c) => set({ cluster }, c.groupFaults)),
  );

  // Per sink: delivery.
  const eachSink = (visit: (sink: string, h: SinkHealth) => void): void => {
    for (const h of source.sinkHealth()) visit(h.sink, h);
  };
  const sinkGauge = (name: string, help: string, value: (h: SinkHealth) => number): void =>
    gauge(name, help, ['sink'], (set) => eachSink((sink, h) => set({ sink }, value(h))));
  const sinkCounter = (name: string, help: string, value: (h: SinkHealth) => number): void =>
    counter(name, help, ['sink'], (set) => eachSink((sink, h) => set({ sink }, value(h))));
  sinkGauge('lagwatch_sink_healthy', 'Whether the sink delivers or spools (1) or not (0)', (h) =>
    h.healthy ? 1 : 0,
  );
  sinkGauge(
    'lagwatch_sink_queue_items',
    'Items waiting in memory, including a batch being sent',
    (h) => h.queued,
  );
  sinkGauge('lagwatch_sink_spool_items', 'Items waiting in the disk spool', (h) => h.spooled);
  sinkGauge('lagwatch_sink_spool_bytes', 'Bytes the disk spool holds', (h) => h.spoolBytes);
  sinkCounter(
    'lagwatch_sink_delivered_items_total',
    'Items the server has stored',
    (h) => h.delivered,
  );
  sinkCounter(
    'lagwatch_sink_dropped_items_total',
    'Items dropped because every buffer was full',
    (h) => h.dropped,
  );
  sinkCounter(
    'lagwatch_sink_rejected_items_total',
    'Items the server refused for good (a 4xx that would fail again)',
    (h) => h.rejected,
  );
  sinkCounter(
    'lagwatch_sink_quarantined_items_total',
    'Spool records that failed their checksum: quarantined, never sent',
    (h) => h.quarantined,
  );
  sinkCounter(
    'lagwatch_sink_retries_total',
    'Sends that failed and were retried',
    (h) => h.retries,
  );

  // The read model's series: what rendering them ahead of the scrapes costs.
  const ticks = source.ticks;
  const state = new StateMetricsCache(latest, {
    ticksIdle: () => ticks.every((tick) => (tick.running ?? null) === null),
    ...options.cache,
  });
  counter(
    'lagwatch_metrics_renderings_total',
    "Renderings of /metrics' read-model series (one per tick a scrape reads, at most)",
    [],
    (set) => set({}, state.renderings),
  );
  gauge(
    'lagwatch_metrics_rendering_seconds',
    "How long the last rendering of /metrics' read-model series took, seconds",
    [],
    (set) => set({}, state.lastRenderingMs / 1000),
  );

  if (source.alerts) registerNotifierMetrics(registry, source.alerts);
  if (options.defaultMetrics)
    collectDefaultMetrics({
      register: registry,
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });

  // The read model's text: rendered ahead, once per change of it, kept compressed; the rest
  // is read and compressed per scrape, and ends the same gzip stream.
  const rest = async (): Promise<Buffer> => Buffer.from(`${await registry.metrics()}`);
  const gzip = async (): Promise<readonly Buffer[]> => {
    // The rest after the rendering: the rendering counts include the one this scrape shows.
    const rendered = await state.current();
    return gzipMember(rendered, await rest());
  };
  return {
    contentType: registry.contentType,
    gzip,
    async plain() {
      const body = await gzip();
      const gunzip = createGunzip();
      Readable.from(body).pipe(gunzip);
      return gunzip;
    },
    async text() {
      return gunzipSync(Buffer.concat(await gzip())).toString();
    },
    deleted: () => state.deleted(),
    settled: () => state.settled(),
    close: () => state.close(),
  };
}
