// /metrics: Prometheus text exposition through prom-client. Burrow's six metrics with its
// names, labels and values, then lagwatch's own. Every series is made at scrape time from
// the latest state (each metric's `collect` resets it and fills it), so a deleted group
// or topic has no series on the next scrape. The series built from the read model (groups,
// partitions, topics: nearly all of them) live in their own registry whose text is kept
// until the read model changes (a tick, a DELETE), so scrapes between ticks cost little;
// ticks, sinks and the process are read fresh on every scrape.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { SinkHealth } from '../contract/sink.js';
import { registerNotifierMetrics, type NotifierMetricsSource } from './notifier-metrics.js';
import type { TickCounters } from '../pipeline/cluster-tick.js';
import type { LatestState } from '../pipeline/latest.js';
import type { GroupStatus, PartitionStatus } from '../status/index.js';
import { statusNumber } from '../status/index.js';

export interface TickStats {
  readonly cluster: string;
  readonly counters: Readonly<TickCounters>;
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

const GROUP = ['cluster', 'consumer_group'] as const;
const PARTITION = ['cluster', 'consumer_group', 'topic', 'partition'] as const;
type GroupLabel = (typeof GROUP)[number];
type PartitionLabel = (typeof PARTITION)[number];

export interface ApiMetrics {
  readonly contentType: string;
  /** The exposition text of every metric, now. */
  text(): Promise<string>;
}

export function createMetrics(
  source: MetricsSource,
  options: { readonly defaultMetrics?: boolean } = {},
): ApiMetrics {
  const stateRegistry = new Registry();
  const registry = new Registry();
  const { latest } = source;

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (set: SetValue<L>) => void,
    registers = [registry],
  ): void => {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        fill((labels, value) => this.set(labels, value));
      },
    });
  };
  /** A gauge whose series come only from the read model. */
  const stateGauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (set: SetValue<L>) => void,
  ): void => gauge(name, help, labelNames, fill, [stateRegistry]);
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

  /** Every tracked group of every cluster, with its labels. */
  const eachGroup = (visit: (labels: Labels<GroupLabel>, status: GroupStatus) => void): void => {
    for (const cluster of latest.clusterNames()) {
      for (const [group, status] of latest.cluster(cluster)?.groups ?? []) {
        visit({ cluster, consumer_group: group }, status);
      }
    }
  };
  const eachPartition = (
    visit: (labels: Labels<PartitionLabel>, p: PartitionStatus) => void,
  ): void =>
    eachGroup((labels, status) => {
      for (const p of status.partitions) {
        visit({ ...labels, topic: p.topic, partition: String(p.partition) }, p);
      }
    });

  // Burrow's metrics (core/internal/httpserver/prometheus.go).
  stateGauge(
    'burrow_kafka_consumer_status',
    'The status of the consumer group: the highest status of its partitions, as an index of NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND',
    GROUP,
    (set) => eachGroup((labels, s) => set(labels, statusNumber[s.status])),
  );
  stateGauge(
    'burrow_kafka_consumer_lag_total',
    'The sum of all partition current lag values for the group',
    GROUP,
    (set) => eachGroup((labels, s) => set(labels, s.totallag)),
  );
  stateGauge(
    'burrow_kafka_consumer_partition_lag',
    'Number of messages the consumer group is behind by for a partition',
    PARTITION,
    (set) => eachPartition((labels, p) => set(labels, p.currentLag)),
  );
  stateGauge(
    'burrow_kafka_consumer_current_offset',
    'Latest committed offset of the partition (only where the window is complete)',
    PARTITION,
    (set) =>
      eachPartition((labels, p) => {
        if (p.complete === 1 && p.end) set(labels, p.end.offset);
      }),
  );
  stateGauge(
    'burrow_kafka_topic_partition_status',
    'The status of the partition, as an index of NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND (only where the window is complete)',
    PARTITION,
    (set) =>
      eachPartition((labels, p) => {
        if (p.complete === 1) set(labels, statusNumber[p.status]);
      }),
  );
  stateGauge(
    'burrow_kafka_topic_partition_offset',
    'Latest offset (log end) of the topic partition',
    ['cluster', 'topic', 'partition'],
    (set) => {
      for (const cluster of latest.clusterNames()) {
        const view = latest.cluster(cluster);
        for (const topic of view?.topicNames() ?? []) {
          for (const p of view?.topic(topic) ?? []) {
            if (p.logEndOffset !== null)
              set({ cluster, topic, partition: String(p.partition) }, p.logEndOffset);
          }
        }
      }
    },
  );

  // lagwatch's own: per group and partition.
  stateGauge(
    'lagwatch_consumer_partition_lag_seconds',
    "How old the partition's oldest unread message is, seconds (only where the end-offset history can tell)",
    PARTITION,
    (set) =>
      eachPartition((labels, p) => {
        if (p.timeLagMs !== null) set(labels, p.timeLagMs / 1000);
      }),
  );
  stateGauge(
    'lagwatch_consumer_lag_seconds',
    "The group's highest partition lag in seconds",
    GROUP,
    (set) =>
      eachGroup((labels, s) => {
        let max: number | null = null;
        for (const p of s.partitions) {
          if (p.timeLagMs !== null && (max === null || p.timeLagMs > max)) max = p.timeLagMs;
        }
        if (max !== null) set(labels, max / 1000);
      }),
  );
  stateGauge(
    'lagwatch_consumer_partition_messages_lost',
    'Messages removed by retention before the group read them (log start minus committed offset)',
    PARTITION,
    (set) =>
      eachPartition((labels, p) => {
        if (p.messagesLost !== null) set(labels, p.messagesLost);
      }),
  );
  stateGauge('lagwatch_consumer_members', 'Live members of the group', GROUP, (set) =>
    eachGroup((labels, s) => {
      if (s.members !== null) set(labels, s.members);
    }),
  );

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

  if (source.alerts) registerNotifierMetrics(registry, source.alerts);
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });

  let cached: { readonly version: number; readonly text: string } | null = null;
  return {
    contentType: registry.contentType,
    async text() {
      const version = latest.version;
      if (cached?.version !== version) cached = { version, text: await stateRegistry.metrics() };
      return `${cached.text}\n${await registry.metrics()}`;
    },
  };
}
