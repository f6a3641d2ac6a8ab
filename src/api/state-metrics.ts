// The series /metrics makes from the read model (per group, per partition, per
// topic-partition: nearly all of them), written as Prometheus text directly rather than
// through prom-client's registry. At 100,000 group-partitions that is half a million
// series; prom-client hashes a label object per series and builds each line from it again,
// which took seconds of CPU and blocked the event loop that long. Here each series' label
// text is made once and shared by the metrics that use it, and the work yields to the
// event loop every few thousand groups, so probes and the API answer while it runs.
// The bytes are exactly prom-client's (label escaping, value formatting, HELP/TYPE lines,
// blank lines between metrics); the rest of /metrics still goes through prom-client.
// The text is kept encoded, in slices: a scrape sends the same buffers, never a copy.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LatestState } from '../pipeline/latest.js';
import { statusNumber, type GroupStatus, type PartitionStatus } from '../status/index.js';

/** Groups written between two yields to the event loop. */
const GROUPS_PER_SLICE = 500;

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
const messagesLost = family<PartitionValue>(
  'lagwatch_consumer_partition_messages_lost',
  'Messages removed by retention before the group read them (log start minus committed offset)',
  (p) => p.messagesLost,
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

/** prom-client's formatting of a sample value. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}

/** One group's labels and its partitions' labels, made once per build. */
interface LabelledGroup {
  readonly status: GroupStatus;
  /** `{cluster="…",consumer_group="…"}` */
  readonly labels: string;
  /** Per partition, `{cluster="…",consumer_group="…",topic="…",partition="…"}` */
  readonly partitionLabels: readonly string[];
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
const TOPIC_SLOT = FAMILIES.findIndex((f) => f.kind === 'topic');

/**
 * The read model's series as Prometheus text, encoded: every family's lines, families
 * separated by a blank line, ending with a newline (prom-client's `Registry.metrics()`
 * layout). The lines of each slice of groups are encoded as they are made, so the text is
 * never one large string, and a scrape sends these buffers as they are (no copy).
 */
export async function stateMetricsChunks(latest: LatestState): Promise<Buffer[]> {
  // What is read is taken first: a tick that lands while this yields changes the read
  // model's maps, never the text being built (the groups' statuses are not changed).
  const clusters = latest.clusterNames().flatMap((cluster) => {
    const view = latest.cluster(cluster);
    if (!view) return [];
    const topics = view.topicNames().map((t) => [t, view.topic(t) ?? []] as const);
    return [{ cluster, groups: [...view.groups], topics }];
  });
  /** Per family: its lines, encoded a slice at a time, each line after a newline. */
  const encoded: Buffer[][] = FAMILIES.map(() => []);
  let lines: string[][] = FAMILIES.map(() => []);
  const encodeSlice = (): void => {
    lines.forEach((familyLines, i) => {
      if (familyLines.length > 0) encoded[i]!.push(Buffer.from(`\n${familyLines.join('\n')}`));
    });
    lines = FAMILIES.map(() => []);
  };
  let sinceYield = 0;
  for (const { cluster, groups, topics } of clusters) {
    const clusterLabel = `cluster="${escapeLabelValue(cluster)}"`;
    for (const [group, status] of groups) {
      const base = `${clusterLabel},consumer_group="${escapeLabelValue(group)}"`;
      const labelled: LabelledGroup = {
        status,
        labels: `{${base}}`,
        partitionLabels: status.partitions.map(
          (p) =>
            `{${base},topic="${escapeLabelValue(p.topic)}",partition="${escapeLabelValue(String(p.partition))}"}`,
        ),
      };
      for (let i = 0; i < FAMILIES.length; i++) {
        const listed = FAMILIES[i]!;
        if (listed.kind === 'group') writeGroup(lines[i]!, listed.family, labelled);
        else if (listed.kind === 'partition') writePartitions(lines[i]!, listed.family, labelled);
      }
      if (++sinceYield >= GROUPS_PER_SLICE) {
        sinceYield = 0;
        encodeSlice();
        await yieldToLoop();
      }
    }
    const topicLines = lines[TOPIC_SLOT]!;
    for (const [topic, partitions] of topics) {
      const topicLabel = `${clusterLabel},topic="${escapeLabelValue(topic)}"`;
      for (const p of partitions) {
        if (p.logEndOffset === null) continue;
        topicLines.push(
          `${topicOffset.name}{${topicLabel},partition="${escapeLabelValue(String(p.partition))}"} ${formatValue(p.logEndOffset)}`,
        );
      }
    }
  }
  encodeSlice();
  const chunks: Buffer[] = [];
  FAMILIES.forEach(({ family: { name, help } }, i) => {
    if (i > 0) chunks.push(BLANK_LINE);
    chunks.push(Buffer.from(`# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} gauge`));
    chunks.push(...encoded[i]!);
  });
  chunks.push(NEWLINE);
  return chunks;
}

const BLANK_LINE = Buffer.from('\n\n');
const NEWLINE = Buffer.from('\n');

function writeGroup(lines: string[], f: Family<GroupValue>, g: LabelledGroup): void {
  const value = f.value(g.status);
  if (value !== null) lines.push(`${f.name}${g.labels} ${formatValue(value)}`);
}

function writePartitions(lines: string[], f: Family<PartitionValue>, g: LabelledGroup): void {
  const partitions = g.status.partitions;
  for (let i = 0; i < partitions.length; i++) {
    const value = f.value(partitions[i]!);
    if (value !== null) lines.push(`${f.name}${g.partitionLabels[i]!} ${formatValue(value)}`);
  }
}
