// The `telegraf-burrow` schema: exactly the points Telegraf's inputs.burrow writes from
// Burrow's HTTP API, so dashboards built on Telegraf + Burrow keep working. Measurements
// burrow_group, burrow_partition, burrow_topic; Telegraf's tags, field names, integer
// types and its own status-code mapping (not Burrow's numbers). SCHEMA.md lists it and
// what differs from a Telegraf that polls Burrow. lagwatch adds one measurement of its own,
// the default schema's lagwatch_cluster, so that an unreachable cluster is written at all.
import type {
  EvaluationReport,
  GroupStatus,
  PartitionSample,
  PartitionStatus,
  TopicPartitionOffsets,
} from '../../src/contract/report.js';
import { PartitionReader } from '../../src/contract/partition-reader.js';
import { LineBuilder, measurementName, tagPair } from './line-protocol.js';
import { fieldKey, LineWriter, pointHead, pointStamp, tagKey, ValueFields } from './line-writer.js';
import type { PointHead } from './line-writer.js';
import { clusterLine } from './schema-default.js';
import { wholeReport, type ReportPart } from '../report-part.js';
import { itemStrings, type ItemTarget } from '../item-target.js';

/**
 * Telegraf's mapStatusToCode. It expects "NOT_FOUND" where Burrow says "NOTFOUND", and has
 * no REWIND: both come out as 0, as they do from Telegraf.
 */
export function telegrafStatusCode(status: string): number {
  switch (status) {
    case 'OK':
      return 1;
    case 'NOT_FOUND':
      return 2;
    case 'WARN':
      return 3;
    case 'ERR':
      return 4;
    case 'STOP':
      return 5;
    case 'STALL':
      return 6;
    default:
      return 0;
  }
}

/**
 * Burrow's group offset and timestamp: the sum of its partitions' end offsets and the
 * latest end timestamp. `ends`: each partition's `end`, read once (it may be a getter that
 * builds a new object on every read).
 */
function endTotals(ends: readonly (PartitionSample | null)[]): {
  offset: number;
  timestamp: number;
} {
  let offset = 0;
  let timestamp = 0;
  for (const end of ends) {
    offset += end?.offset ?? 0;
    timestamp = Math.max(timestamp, end?.timestamp ?? 0);
  }
  return { offset, timestamp };
}

/** `ends`: its partitions' `end`s in order, when the caller has read them already. */
export function burrowGroupLine(
  group: GroupStatus,
  at: number,
  ends: readonly (PartitionSample | null)[] = group.partitions.map((p) => p.end),
): string | null {
  const { offset, timestamp } = endTotals(ends);
  return new LineBuilder('burrow_group')
    .tag('cluster', group.cluster)
    .tag('group', group.group)
    .string('status', group.status)
    .int('status_code', telegrafStatusCode(group.status))
    .int('partition_count', group.partitionCount || group.partitions.length)
    .int('total_lag', group.totallag)
    .int('lag', group.maxlag?.currentLag ?? 0)
    .int('offset', offset)
    .int('timestamp', timestamp)
    .line(at);
}

/** `end`: the partition's `end`, when the caller has read it already. */
export function burrowPartitionLine(
  group: GroupStatus,
  p: PartitionStatus,
  at: number,
  end: PartitionSample | null = p.end,
): string | null {
  return new LineBuilder('burrow_partition')
    .tag('cluster', group.cluster)
    .tag('group', group.group)
    .tag('owner', p.owner)
    .tag('partition', String(p.partition))
    .tag('topic', p.topic)
    .string('status', p.status)
    .int('status_code', telegrafStatusCode(p.status))
    .int('lag', p.currentLag)
    .int('offset', end?.offset ?? 0)
    .int('timestamp', end?.timestamp ?? 0)
    .line(at);
}

function burrowTopicLine(cluster: string, o: TopicPartitionOffsets, at: number): string | null {
  return new LineBuilder('burrow_topic')
    .tag('cluster', cluster)
    .tag('partition', String(o.partition))
    .tag('topic', o.topic)
    .int('offset', o.logEndOffset)
    .line(at);
}

// The same points written as bytes (line-writer.ts): the functions above stay the
// reference (the unit tests compare) and write the rare point the LineWriter cannot.

/** Writes every point; one encoder at a time (all of it is synchronous). */
const writer = new LineWriter();
/** Reads each group's partitions without an object per partition (encoding is synchronous). */
const reader = new PartitionReader();

/** The tag keys the writers write, as bytes. */
const T = {
  cluster: tagKey('cluster'),
  group: tagKey('group'),
  owner: tagKey('owner'),
  partition: tagKey('partition'),
  topic: tagKey('topic'),
} as const;

const F = {
  status: fieldKey('status'),
  statusCode: fieldKey('status_code'),
  partitionCount: fieldKey('partition_count'),
  totalLag: fieldKey('total_lag'),
  lag: fieldKey('lag'),
  offset: fieldKey('offset'),
  timestamp: fieldKey('timestamp'),
} as const;

/** `status="<status>",status_code=<n>i` (Telegraf's codes): the same for every status word. */
const STATUS_FIELDS = new ValueFields((l, status) => {
  l.string(F.status, status);
  l.int(F.statusCode, telegrafStatusCode(status as string));
});

/** `ends`: its partitions' `end`s in order. */
function writeGroupPoint(
  l: LineWriter,
  group: GroupStatus,
  ends: readonly (PartitionSample | null)[],
): void {
  const { offset, timestamp } = endTotals(ends);
  l.measurement('burrow_group');
  l.tag(T.cluster, group.cluster);
  l.tag(T.group, group.group);
  l.fields();
  l.valueFields(STATUS_FIELDS, group.status);
  l.int(F.partitionCount, group.partitionCount || group.partitions.length);
  l.int(F.totalLag, group.totallag);
  l.int(F.lag, group.maxlag?.currentLag ?? 0);
  l.int(F.offset, offset);
  l.int(F.timestamp, timestamp);
}

/** `head`: burrow_partition and the group's tags (cluster, group). */
function writePartitionPoint(
  l: LineWriter,
  head: PointHead,
  p: PartitionStatus,
  end: PartitionSample | null,
): void {
  l.head(head);
  l.tag(T.owner, p.owner);
  l.numberTag(T.partition, p.partition);
  l.tag(T.topic, p.topic);
  l.fields();
  l.valueFields(STATUS_FIELDS, p.status);
  l.int(F.lag, p.currentLag);
  l.int(F.offset, end?.offset ?? 0);
  l.int(F.timestamp, end?.timestamp ?? 0);
}

function writeTopicPoint(l: LineWriter, cluster: string, o: TopicPartitionOffsets): void {
  l.measurement('burrow_topic');
  l.tag(T.cluster, cluster);
  l.numberTag(T.partition, o.partition);
  l.tag(T.topic, o.topic);
  l.fields();
  l.int(F.offset, o.logEndOffset);
}

/**
 * Every point of a report. A group Burrow does not know (NOTFOUND) gets none: Burrow
 * answers 404 for it and Telegraf writes nothing. burrow_topic has a point per partition
 * whose log-end offset the report holds. Last, lagwatch's own lagwatch_cluster point (not
 * Telegraf's): a cluster that could not be sampled has no burrow_* point, and without it
 * would vanish from the dashboards instead of showing as unreachable. `part`: only the
 * points of these groups, and the topic and cluster points if it is the last
 * (report-part.ts).
 */
export function telegrafBurrowLines(
  report: EvaluationReport,
  part: ReportPart = wholeReport(report),
): string[] {
  return itemStrings((target) => {
    writeTelegrafBurrowPoints(report, part, target);
  });
}

/** telegrafBurrowLines's points, into `target`. */
export function writeTelegrafBurrowPoints(
  report: EvaluationReport,
  part: ReportPart,
  target: ItemTarget,
): void {
  const at = report.takenAt;
  const stamp = pointStamp(at);
  const l = writer;
  const w = l.w;
  const fallback = (line: string | null): void => {
    if (line !== null) w.pushItem(line);
  };
  const partitionMeasurement = measurementName('burrow_partition');
  // A group's partitions' `end`s, each read once, for the group's point and then the
  // partitions' (one array for the report, refilled group by group).
  const ends: (PartitionSample | null)[] = [];
  w.begin(target);
  const groups = report.groups;
  for (let g = part.from; g < part.to; g++) {
    const group = groups[g]!;
    if (group.status === 'NOTFOUND') continue;
    // `end` read once per partition: an evaluated group makes it anew on each read.
    const count = reader.open(group);
    ends.length = 0;
    for (let i = 0; i < count; i++) ends.push(reader.at(i).end);
    writeGroupPoint(l, group, ends);
    if (!l.end(stamp)) fallback(burrowGroupLine(group, at, ends));
    // The group's part of its partitions' heads, made once for all of them.
    const head = pointHead(
      partitionMeasurement + tagPair('cluster', group.cluster) + tagPair('group', group.group),
    );
    for (let i = 0; i < count; i++) {
      const p = reader.at(i);
      const end = ends[i] ?? null;
      if (head !== null) {
        writePartitionPoint(l, head, p, end);
        if (l.end(stamp)) continue;
      }
      fallback(burrowPartitionLine(group, p, at, end));
    }
  }
  reader.close();
  if (!part.last) {
    w.finish();
    return;
  }
  for (const o of report.offsets) {
    if (o.logEndOffset === null) continue;
    writeTopicPoint(l, report.cluster, o);
    if (!l.end(stamp)) fallback(burrowTopicLine(report.cluster, o, at));
  }
  fallback(clusterLine(report));
  w.finish();
}
