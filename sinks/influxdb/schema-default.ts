// lagwatch's own InfluxDB schema (SCHEMA.md): lagwatch_group, lagwatch_partition,
// lagwatch_topic_partition and lagwatch_cluster, every point at the report's time. Tags are
// only cluster, group, topic and partition; everything else is a field, integers as integers.
import type {
  EvaluationReport,
  GroupStatus,
  PartitionStatus,
  TopicPartitionOffsets,
} from '../../src/contract/report.js';
import { newestOffset } from '../../src/contract/newest-offset.js';
import { PartitionReader } from '../../src/contract/partition-reader.js';
import { statusNumber, type StatusCode } from '../../src/contract/statuses.js';
import { offsetsLookup, seconds } from '../report-facts.js';
import type { OffsetsLookup } from '../report-facts.js';
import { wholeReport, type ReportPart } from '../report-part.js';
import { writtenSentence } from '../reason-text.js';
import {
  fieldPrefix,
  floatField,
  intField,
  LineBuilder,
  measurementName,
  stringField,
  tagPair,
} from './line-protocol.js';
import {
  fieldKey,
  LastTagOfLastValue,
  LineWriter,
  pointHead,
  pointStamp,
  pointTime,
  tagKey,
  ValueFields,
} from './line-writer.js';
import type { PointHead } from './line-writer.js';
import { itemStrings, type ItemTarget } from '../item-target.js';

export const DEFAULT_MEASUREMENTS = {
  group: 'lagwatch_group',
  partition: 'lagwatch_partition',
  topicPartition: 'lagwatch_topic_partition',
  cluster: 'lagwatch_cluster',
} as const;

/**
 * lagwatch's own health for one cluster tick: written for every report, also one whose
 * cluster could not be sampled (available 0), so dashboards show outages and slow ticks.
 */
export function clusterLine(report: EvaluationReport): string | null {
  let partitions = 0;
  for (const group of report.groups) partitions += group.partitionCount;
  return new LineBuilder(DEFAULT_MEASUREMENTS.cluster)
    .tag('cluster', report.cluster)
    .int('available', report.available ? 1 : 0)
    .int('tick_duration_ms', report.durationMs)
    .int('groups', report.groups.length)
    .int('partitions', partitions)
    .int('max_lag', report.maxLag)
    .string('fault_code', report.fault?.code)
    .line(report.takenAt);
}

// The group and partition lines are the most numerous: they are written as one template
// each (no builder object, a group's tags escaped once for all its partitions), with the
// same bytes LineBuilder gives (the unit tests compare).

/** A line from its escaped head, its fields (each `,key=value`) and its time; null without fields. */
function line(head: string, fields: string, stamp: string): string | null {
  return fields === '' ? null : `${head} ${fields.slice(1)} ${stamp}`;
}

function groupTags(group: GroupStatus): string {
  return tagPair('cluster', group.cluster) + tagPair('group', group.group);
}

const K = {
  status: fieldPrefix('status'),
  statusCode: fieldPrefix('status_code'),
  totalLag: fieldPrefix('total_lag'),
  maxLag: fieldPrefix('max_lag'),
  maxLagSeconds: fieldPrefix('max_lag_seconds'),
  maxLagTopic: fieldPrefix('max_lag_topic'),
  maxLagPartition: fieldPrefix('max_lag_partition'),
  partitionCount: fieldPrefix('partition_count'),
  complete: fieldPrefix('complete'),
  members: fieldPrefix('members'),
  state: fieldPrefix('state'),
  lag: fieldPrefix('lag'),
  lagSeconds: fieldPrefix('lag_seconds'),
  catchUpSeconds: fieldPrefix('catch_up_seconds'),
  committedOffset: fieldPrefix('committed_offset'),
  logEndOffset: fieldPrefix('log_end_offset'),
  messagesLost: fieldPrefix('messages_lost'),
  owner: fieldPrefix('owner'),
  clientId: fieldPrefix('client_id'),
  reason: fieldPrefix('reason'),
  reasonText: fieldPrefix('reason_text'),
} as const;

export function groupLine(group: GroupStatus, at: number): string | null {
  return groupLineAt(group, pointTime(at));
}

function groupLineAt(group: GroupStatus, stamp: string): string | null {
  const max = group.maxlag;
  return line(
    measurementName(DEFAULT_MEASUREMENTS.group) +
      groupTags(group) +
      tagPair('group_type', group.type),
    stringField(K.status, group.status) +
      intField(K.statusCode, statusNumber[group.status]) +
      intField(K.totalLag, group.totallag) +
      intField(K.maxLag, max?.currentLag ?? 0) +
      floatField(K.maxLagSeconds, seconds(max?.timeLagMs)) +
      stringField(K.maxLagTopic, max?.topic) +
      intField(K.maxLagPartition, max?.partition) +
      intField(K.partitionCount, group.partitionCount) +
      floatField(K.complete, group.complete) +
      intField(K.members, group.members) +
      stringField(K.state, group.state),
    stamp,
  );
}

export function partitionLine(
  group: GroupStatus,
  p: PartitionStatus,
  offsets: OffsetsLookup,
  at: number,
): string | null {
  return partitionLineAfter(
    measurementName(DEFAULT_MEASUREMENTS.partition) + groupTags(group),
    p,
    newestOffset(p),
    offsets,
    pointTime(at),
  );
}

/** `head`: the measurement and the group's tags, escaped. `committed`: newestOffset(p). */
function partitionLineAfter(
  head: string,
  p: PartitionStatus,
  committed: number | null,
  offsets: OffsetsLookup,
  stamp: string,
): string | null {
  return line(
    head + tagPair('partition', String(p.partition)) + tagPair('topic', p.topic),
    stringField(K.status, p.status) +
      intField(K.statusCode, statusNumber[p.status]) +
      intField(K.lag, p.currentLag) +
      floatField(K.lagSeconds, seconds(p.timeLagMs)) +
      floatField(K.catchUpSeconds, seconds(p.catchUpMs)) +
      intField(K.committedOffset, committed) +
      intField(K.logEndOffset, offsets(p.topic, p.partition)?.logEndOffset) +
      intField(K.messagesLost, p.messagesLost) +
      floatField(K.complete, p.complete) +
      stringField(K.owner, p.owner) +
      stringField(K.clientId, p.clientId) +
      stringField(K.reason, p.reason) +
      stringField(K.reasonText, p.reasonText),
    stamp,
  );
}

/** Writes every point; one encoder at a time (all of it is synchronous). */
const writer = new LineWriter();
/** Reads each group's partitions without an object per partition (encoding is synchronous). */
const reader = new PartitionReader();

/** The tag keys the writers write, as bytes. */
const T = {
  cluster: tagKey('cluster'),
  group: tagKey('group'),
  group_type: tagKey('group_type'),
  partition: tagKey('partition'),
  topic: tagKey('topic'),
} as const;

const F = {
  status: fieldKey('status'),
  statusCode: fieldKey('status_code'),
  totalLag: fieldKey('total_lag'),
  maxLag: fieldKey('max_lag'),
  maxLagSeconds: fieldKey('max_lag_seconds'),
  maxLagTopic: fieldKey('max_lag_topic'),
  maxLagPartition: fieldKey('max_lag_partition'),
  partitionCount: fieldKey('partition_count'),
  complete: fieldKey('complete'),
  members: fieldKey('members'),
  state: fieldKey('state'),
  lag: fieldKey('lag'),
  lagSeconds: fieldKey('lag_seconds'),
  catchUpSeconds: fieldKey('catch_up_seconds'),
  committedOffset: fieldKey('committed_offset'),
  logEndOffset: fieldKey('log_end_offset'),
  logStartOffset: fieldKey('log_start_offset'),
  messagesLost: fieldKey('messages_lost'),
  owner: fieldKey('owner'),
  clientId: fieldKey('client_id'),
  reason: fieldKey('reason'),
  reasonText: fieldKey('reason_text'),
} as const;

/** `status="<status>",status_code=<n>i`: a point's first fields, the same for every status word. */
const STATUS_FIELDS = new ValueFields((l, status) => {
  l.string(F.status, status);
  l.int(F.statusCode, statusNumber[status as StatusCode]);
});
const REASON_FIELD = new ValueFields((l, reason) => l.string(F.reason, reason));
/** The reason field, then the reason text's field begun (its text follows). */
const REASON_THEN_TEXT = new ValueFields((l, reason) => {
  l.string(F.reason, reason);
  l.stringStart(F.reasonText);
});

/** `,topic=<topic> ` for partition points, and for topic-partition points. */
const partitionTopic = new LastTagOfLastValue(T.topic);
const offsetsTopic = new LastTagOfLastValue(T.topic);

function writeGroupPoint(l: LineWriter, group: GroupStatus): void {
  const max = group.maxlag;
  l.measurement(DEFAULT_MEASUREMENTS.group);
  l.tag(T.cluster, group.cluster);
  l.tag(T.group, group.group);
  l.tag(T.group_type, group.type);
  l.fields();
  l.valueFields(STATUS_FIELDS, group.status);
  l.int(F.totalLag, group.totallag);
  l.int(F.maxLag, max?.currentLag ?? 0);
  l.seconds(F.maxLagSeconds, max?.timeLagMs);
  l.string(F.maxLagTopic, max?.topic);
  l.int(F.maxLagPartition, max?.partition);
  l.int(F.partitionCount, group.partitionCount);
  l.float(F.complete, group.complete);
  l.int(F.members, group.members);
  l.string(F.state, group.state);
}

/**
 * `head`: the measurement, the group's tags and the partition tag's key (pointHead of
 * partitionHead and `,partition=`). `committed`: newestOffset(p). False when the point
 * is left to the string code (a partition that is not an integer, a topic with a lone
 * surrogate).
 */
function writePartitionPoint(
  l: LineWriter,
  head: PointHead,
  p: PartitionStatus,
  committed: number | null,
  offsets: OffsetsLookup,
): boolean {
  const topic = p.topic;
  const topicTag = partitionTopic.of(topic);
  if (topicTag === null || !Number.isInteger(p.partition)) return false;
  l.head(head);
  l.w.integer(p.partition);
  l.lastTagThenFields(topicTag);
  l.valueFields(STATUS_FIELDS, p.status);
  l.int(F.lag, p.currentLag);
  l.seconds(F.lagSeconds, p.timeLagMs);
  l.seconds(F.catchUpSeconds, p.catchUpMs);
  l.int(F.committedOffset, committed);
  l.int(F.logEndOffset, offsets(topic, p.partition)?.logEndOffset);
  l.int(F.messagesLost, p.messagesLost);
  l.float(F.complete, p.complete);
  l.string(F.owner, p.owner);
  l.string(F.clientId, p.clientId);
  // The sentence written from the reason's numbers where the status gives them, else its text.
  const sentence = writtenSentence(p);
  const text = sentence === null ? p.reasonText : '';
  if (typeof text !== 'string') {
    l.valueFields(REASON_FIELD, p.reason);
    return true;
  }
  l.valueFields(REASON_THEN_TEXT, p.reason);
  if (sentence === null) l.stringEnd(text, p.reasonTextPlain === true);
  else {
    sentence.write(l.w, p);
    l.w.byte(34);
  }
  return true;
}

function topicPartitionLine(cluster: string, o: TopicPartitionOffsets, at: number): string | null {
  return new LineBuilder(DEFAULT_MEASUREMENTS.topicPartition)
    .tag('cluster', cluster)
    .tag('partition', String(o.partition))
    .tag('topic', o.topic)
    .int('log_end_offset', o.logEndOffset)
    .int('log_start_offset', o.logStartOffset)
    .line(at);
}

/**
 * `head`: the measurement, the cluster tag and the partition tag's key, for the report
 * (pointHead). False when the point is left to the string code (as writePartitionPoint).
 */
function writeTopicPartitionPoint(
  l: LineWriter,
  head: PointHead,
  o: TopicPartitionOffsets,
): boolean {
  const topicTag = offsetsTopic.of(o.topic);
  if (topicTag === null || !Number.isInteger(o.partition)) return false;
  l.head(head);
  l.w.integer(o.partition);
  l.lastTagThenFields(topicTag);
  l.int(F.logEndOffset, o.logEndOffset);
  l.int(F.logStartOffset, o.logStartOffset);
  return true;
}

/**
 * Every point of a report: groups first (each followed by its partitions), then offsets,
 * then the cluster's health point. Written through the LineWriter; a point it cannot write
 * (a name with a lone surrogate) comes from the string functions above, the same bytes.
 * `part`: only the points of these groups, and the offsets and cluster point if it is the
 * last (report-part.ts).
 */
export function defaultSchemaLines(
  report: EvaluationReport,
  part: ReportPart = wholeReport(report),
): string[] {
  return itemStrings((target) => {
    writeDefaultSchemaPoints(report, part, target);
  });
}

/** defaultSchemaLines's points, into `target`. */
export function writeDefaultSchemaPoints(
  report: EvaluationReport,
  part: ReportPart,
  target: ItemTarget,
): void {
  const at = report.takenAt;
  const offsets = offsetsLookup(report);
  const stamp = pointTime(at);
  const stampBytes = pointStamp(at);
  const l = writer;
  const w = l.w;
  const fallback = (line: string | null): void => {
    if (line !== null) w.pushItem(line);
  };
  const partitionMeasurement = measurementName(DEFAULT_MEASUREMENTS.partition);
  w.begin(target);
  const groups = report.groups;
  for (let g = part.from; g < part.to; g++) {
    const group = groups[g]!;
    writeGroupPoint(l, group);
    if (!l.end(stampBytes)) fallback(groupLineAt(group, stamp));
    // The group's part of its partitions' heads, made once for all of them.
    const partitionHead = partitionMeasurement + groupTags(group);
    const head = pointHead(`${partitionHead},partition=`);
    const count = reader.open(group);
    for (let i = 0; i < count; i++) {
      const p = reader.at(i);
      const committed = newestOffset(p);
      if (head !== null && writePartitionPoint(l, head, p, committed, offsets)) {
        if (l.end(stampBytes)) continue;
      }
      fallback(partitionLineAfter(partitionHead, p, committed, offsets, stamp));
    }
  }
  reader.close();
  if (!part.last) {
    w.finish();
    return;
  }
  const offsetsHead = pointHead(
    `${measurementName(DEFAULT_MEASUREMENTS.topicPartition)}${tagPair('cluster', report.cluster)},partition=`,
  );
  for (const o of report.offsets) {
    if (offsetsHead !== null && writeTopicPartitionPoint(l, offsetsHead, o)) {
      if (l.end(stampBytes)) continue;
    }
    fallback(topicPartitionLine(report.cluster, o, at));
  }
  fallback(clusterLine(report));
  w.finish();
}
