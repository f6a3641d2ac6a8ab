// The families of /metrics' read-model series (state-metrics.ts writes them): Burrow's
// (core/internal/httpserver/prometheus.go) and lagwatch's own, each with its name, HELP
// text and how a group or a partition gives its value (null: no line).
import { newestOffset } from '../contract/newest-offset.js';
import { PartitionReader } from '../contract/partition-reader.js';
import { statusNumber, type GroupStatus, type PartitionStatus } from '../status/index.js';

export type GroupValue = (s: GroupStatus) => number | null;
/**
 * Which value of a partition a family writes: read through `partitionValue`'s switch, not
 * a closure per family. Five closures called from the one loop that writes every
 * partition line (500,000 lines a rendering at 100,000 group-partitions) made that call
 * megamorphic, never inlined; the switch is.
 */
export type PartitionValue = 'lag' | 'currentOffset' | 'status' | 'timeLagSeconds' | 'lost';

/** The value `field` of partition `p` (null: no line). Reads each getter of `p` once. */
export function partitionValue(field: PartitionValue, p: PartitionStatus): number | null {
  switch (field) {
    case 'lag':
      return p.currentLag;
    case 'currentOffset': {
      if (p.complete !== 1) return null;
      return newestOffset(p);
    }
    case 'status':
      return p.complete === 1 ? statusNumber[p.status] : null;
    case 'timeLagSeconds':
      return p.timeLagMs;
    case 'lost': {
      // Only where messages were lost: at 100,000 group-partitions the zeros were a fifth
      // of /metrics (10 MB a scrape) and said nothing an absent series does not (`> 0`
      // alerts alike).
      const lost = p.messagesLost;
      return lost !== null && lost > 0 ? lost : null;
    }
  }
}

export interface Family<V> {
  readonly name: string;
  readonly help: string;
  readonly value: V;
  /**
   * The value is milliseconds, written as seconds (the text of ms / 1000, made from the
   * integer: no number and no string per line).
   */
  readonly valueInMs?: boolean;
}

const family = <V>(name: string, help: string, value: V, valueInMs = false): Family<V> => ({
  name,
  help,
  value,
  valueInMs,
});

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
  'lag',
);
const currentOffset = family<PartitionValue>(
  'burrow_kafka_consumer_current_offset',
  'Latest committed offset of the partition (only where the window is complete)',
  'currentOffset',
);
const partitionStatus = family<PartitionValue>(
  'burrow_kafka_topic_partition_status',
  'The status of the partition, as an index of NOTFOUND, OK, WARN, ERR, STOP, STALL, REWIND (only where the window is complete)',
  'status',
);
/** Written from the topics' offsets, not from a group. */
const topicOffset = family(
  'burrow_kafka_topic_partition_offset',
  'Latest offset (log end) of the topic partition',
  null,
);
/**
 * Reads the partitions of one group at a time for groupLagSeconds, synchronously (so one
 * reader serves every rendering).
 */
const reader = new PartitionReader();

const partitionLagSeconds = family<PartitionValue>(
  'lagwatch_consumer_partition_lag_seconds',
  "How old the partition's oldest unread message is, seconds (only where the end-offset history can tell)",
  'timeLagSeconds',
  true,
);
const groupLagSeconds = family<GroupValue>(
  'lagwatch_consumer_lag_seconds',
  "The group's highest partition lag in seconds",
  (s) => {
    let max: number | null = null;
    const count = reader.open(s);
    for (let i = 0; i < count; i++) {
      const timeLagMs = reader.at(i).timeLagMs;
      if (timeLagMs !== null && (max === null || timeLagMs > max)) max = timeLagMs;
    }
    reader.close();
    return max;
  },
  true,
);
const messagesLost = family<PartitionValue>(
  'lagwatch_consumer_partition_messages_lost',
  'Messages removed by retention before the group read them (log start minus committed offset); only where some were',
  'lost',
);
const members = family<GroupValue>(
  'lagwatch_consumer_members',
  'Live members of the group',
  (s) => s.members,
);

type Listed =
  | { readonly kind: 'group'; readonly family: Family<GroupValue> }
  | { readonly kind: 'partition'; readonly family: Family<PartitionValue> }
  | { readonly kind: 'topic'; readonly family: Family<null> };

/** Every family, in the order /metrics has always listed them. */
export const FAMILIES: readonly Listed[] = [
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

const names = new Map<Family<unknown>, Buffer>(
  FAMILIES.map(({ family: f }) => [f, Buffer.from(f.name)]),
);

/** The family's name as bytes, made once. */
export const familyName = (f: Family<unknown>): Buffer => names.get(f)!;

/** The family's HELP and TYPE lines (HELP escaped as prom-client does). */
export function familyHeader(f: Family<unknown>): string {
  const help = f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return `# HELP ${f.name} ${help}\n# TYPE ${f.name} gauge\n`;
}
