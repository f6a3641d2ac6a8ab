// The series /metrics makes from the read model (per group, per partition, per
// topic-partition: nearly all of them), written as Prometheus text directly rather than
// through prom-client's registry. At 100,000 group-partitions that is half a million
// series; prom-client hashes a label object per series and builds each line from it again,
// which took seconds of CPU and blocked the event loop that long.
// The text is written one family at a time (so it can be compressed as it is made and is
// never held whole: 50 MB at 100,000 group-partitions), as bytes (metrics-bytes.ts), each
// group's label text encoded once per rendering and shared by the families that use it,
// handed on a slice (about 10 ms of work) at a time with a yield to the event loop after each,
// so probes and the API answer while it runs. What it writes is taken from the read model at
// once, before the first yield (takeStateMetricsInput). Label escaping, value formatting and
// HELP/TYPE lines are prom-client's; the tests read it back with a Prometheus text-format parser.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { MetricsBytes, type MetricsByteSink } from './metrics-bytes.js';
import type { TopicPartitionOffsets } from '../contract/report.js';
import type { LatestState } from '../pipeline/latest.js';
import { statusNumber, type GroupStatus, type PartitionStatus } from '../status/index.js';

/** Wall time written between two yields to the event loop (as src/util/time-slices.ts). */
const SLICE_MS = 10;

type GroupValue = (s: GroupStatus) => number | null;
type PartitionValue = (p: PartitionStatus) => number | null;

interface Family<V> {
  readonly name: string;
  readonly help: string;
  readonly value: V;
}

const family = <V>(name: string, help: string, value: V): Family<V> => ({ name, help, value });

// Burrow's metrics (core/internal/httpserver/prometheus.go) and lagwatch's own.
const consumerStatus = family<GroupValue>(
  'burrow_kafka_consumer_status',
  'The status of the consumer group: the highest status of its partitions, as an index of NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND',
  (s) => statusNumber[s.status],
);
const lagTotal = family<GroupValue>(
  'burrow_kafka_consumer_lag_total',
  'The sum of all partition current lag values for the group',
  (s) => s.totallag,
);
const partitionLag = family<PartitionValue>(
  'burrow_kafka_consumer_partition_lag',
  'Number of messages the consumer group is behind by for a partition',
  (p) => p.currentLag,
);
const currentOffset = family<PartitionValue>(
  'burrow_kafka_consumer_current_offset',
  'Latest committed offset of the partition (only where the window is complete)',
  (p) => (p.complete === 1 && p.end ? p.end.offset : null),
);
const partitionStatus = family<PartitionValue>(
  'burrow_kafka_topic_partition_status',
  'The status of the partition, as an index of NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND (only where the window is complete)',
  (p) => (p.complete === 1 ? statusNumber[p.status] : null),
);
/** Written from the topics' offsets, not from a group. */
const topicOffset = family(
  'burrow_kafka_topic_partition_offset',
  'Latest offset (log end) of the topic partition',
  null,
);
const partitionLagSeconds = family<PartitionValue>(
  'lagwatch_consumer_partition_lag_seconds',
  "How old the partition's oldest unread message is, seconds (only where the end-offset history can tell)",
  (p) => (p.timeLagMs !== null ? p.timeLagMs / 1000 : null),
);
const groupLagSeconds = family<GroupValue>(
  'lagwatch_consumer_lag_seconds',
  "The group's highest partition lag in seconds",
  (s) => {
    let max: number | null = null;
    for (const p of s.partitions) {
      if (p.timeLagMs !== null && (max === null || p.timeLagMs > max)) max = p.timeLagMs;
    }
    return max === null ? null : max / 1000;
  },
);
// Only where messages were lost: at 100,000 group-partitions the zeros were a fifth of
// /metrics (10 MB a scrape) and said nothing an absent series does not (`> 0` alerts alike).
const messagesLost = family<PartitionValue>(
  'lagwatch_consumer_partition_messages_lost',
  'Messages removed by retention before the group read them (log start minus committed offset); only where some were',
  (p) => (p.messagesLost !== null && p.messagesLost > 0 ? p.messagesLost : null),
);
const members = family<GroupValue>(
  'lagwatch_consumer_members',
  'Live members of the group',
  (s) => s.members,
);

/** prom-client's escaping of a HELP text. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

const labelSpecial = /[\\\n"]/;

/** prom-client's escaping of a label value (with a fast path for the common case). */
export function escapeLabelValue(value: string): string {
  if (!labelSpecial.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

type Listed =
  | { readonly kind: 'group'; readonly family: Family<GroupValue> }
  | { readonly kind: 'partition'; readonly family: Family<PartitionValue> }
  | { readonly kind: 'topic'; readonly family: Family<null> };

/** Every family, in the order /metrics has always listed them. */
const FAMILIES: readonly Listed[] = [
  { kind: 'group', family: consumerStatus },
  { kind: 'group', family: lagTotal },
  { kind: 'partition', family: partitionLag },
  { kind: 'partition', family: currentOffset },
  { kind: 'partition', family: partitionStatus },
  { kind: 'topic', family: topicOffset },
  { kind: 'partition', family: partitionLagSeconds },
  { kind: 'group', family: groupLagSeconds },
  { kind: 'partition', family: messagesLost },
  { kind: 'group', family: members },
];

/** Label text encoded once per rendering: several texts back to back, and where each ends. */
interface EncodedLabels {
  readonly bytes: Buffer;
  /** `ends[i]` is where text i ends (and text i + 1 starts). */
  readonly ends: Uint32Array;
}

function encodeLabels(texts: readonly string[]): EncodedLabels {
  const ends = new Uint32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    at += isAscii(text) ? text.length : Buffer.byteLength(text);
    ends[i] = at;
  }
  return { bytes: Buffer.from(texts.join('')), ends };
}

const nonAscii = /[^ -~]/;
/** Printable ASCII only (label text has no control characters left): one byte a character. */
const isAscii = (text: string): boolean => !nonAscii.test(text);

/** One group with its label text: the group's, then each partition's. */
interface LabelledGroup {
  readonly status: GroupStatus;
  readonly labels: EncodedLabels;
}

interface ClusterLabels {
  readonly groups: readonly LabelledGroup[];
  /** `burrow_kafka_topic_partition_offset`: each line's labels, and its value. */
  readonly topicLabels: EncodedLabels;
  readonly logEnds: readonly number[];
}

const familyName = new Map(FAMILIES.map(({ family: f }) => [f, Buffer.from(f.name)]));

/** One cluster's groups and topic offsets as one rendering reads them. */
interface ClusterInput {
  readonly cluster: string;
  readonly groups: readonly (readonly [string, GroupStatus])[];
  readonly topics: readonly (readonly [string, readonly TopicPartitionOffsets[]])[];
}

/**
 * What one rendering reads, taken from the read model at once (a few ms at 10,000 groups:
 * lists of references, no copies of statuses, which are never changed in place). A tick or
 * a DELETE that lands while the rendering yields changes the read model's maps, never what
 * the rendering writes: a rendering shows the read model as it was when it was taken.
 */
export interface StateMetricsInput {
  readonly clusters: readonly ClusterInput[];
  /** Partitions of all groups: what the rendering's cost grows with. */
  readonly groupPartitions: number;
}

export function takeStateMetricsInput(latest: LatestState): StateMetricsInput {
  const clusters: ClusterInput[] = [];
  let groupPartitions = 0;
  for (const cluster of latest.clusterNames()) {
    const view = latest.cluster(cluster);
    if (!view) continue;
    const groups = [...view.groups];
    for (const [, status] of groups) groupPartitions += status.partitions.length;
    clusters.push({
      cluster,
      groups,
      topics: view.topicNames().map((topic) => [topic, view.topic(topic) ?? []] as const),
    });
  }
  return { clusters, groupPartitions };
}

/**
 * Writes the series of `input` as Prometheus text: every family's HELP and TYPE, its
 * lines, and a blank line after it, one family after another.
 */
export async function writeStateMetrics(
  input: StateMetricsInput,
  sink: MetricsByteSink,
): Promise<void> {
  const clusters: ClusterLabels[] = [];
  let sliceStart = performance.now();
  for (const { cluster, groups: statuses, topics } of input.clusters) {
    const clusterLabel = `cluster="${escapeLabelValue(cluster)}"`;
    const groups: LabelledGroup[] = [];
    for (const [group, status] of statuses) {
      groups.push({ status, labels: groupLabels(clusterLabel, group, status) });
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    const topicTexts: string[] = [];
    const logEnds: number[] = [];
    for (const [topic, offsets] of topics) {
      const topicLabel = `{${clusterLabel},topic="${escapeLabelValue(topic)}",partition="`;
      for (const p of offsets) {
        if (p.logEndOffset === null) continue;
        topicTexts.push(`${topicLabel}${p.partition}"}`);
        logEnds.push(p.logEndOffset);
      }
    }
    clusters.push({ groups, topicLabels: encodeLabels(topicTexts), logEnds });
  }
  const out = new MetricsBytes(sink);
  for (const listed of FAMILIES) {
    const f = listed.family;
    const name = familyName.get(f)!;
    out.text(`# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} gauge\n`);
    for (const cluster of clusters) {
      if (listed.kind === 'topic') {
        const { bytes, ends } = cluster.topicLabels;
        for (let i = 0; i < ends.length; i++)
          out.line(name, bytes, i === 0 ? 0 : ends[i - 1]!, ends[i]!, cluster.logEnds[i]!);
        continue;
      }
      const { groups } = cluster;
      for (let g = 0; g < groups.length; g++) {
        const { status, labels } = groups[g]!;
        const { bytes, ends } = labels;
        if (listed.kind === 'group') {
          const value = listed.family.value(status);
          if (value !== null) out.line(name, bytes, 0, ends[0]!, value);
        } else {
          const partitions = status.partitions;
          for (let i = 0; i < partitions.length; i++) {
            const value = listed.family.value(partitions[i]!);
            if (value !== null) out.line(name, bytes, ends[i]!, ends[i + 1]!, value);
          }
        }
        if (performance.now() - sliceStart >= SLICE_MS) {
          await out.flush();
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
    }
    out.text('\n');
  }
  await out.flush();
}

function groupLabels(clusterLabel: string, group: string, status: GroupStatus): EncodedLabels {
  const base = `${clusterLabel},consumer_group="${escapeLabelValue(group)}"`;
  const texts = [`{${base}}`];
  for (const p of status.partitions)
    texts.push(`{${base},topic="${escapeLabelValue(p.topic)}",partition="${p.partition}"}`);
  return encodeLabels(texts);
}
