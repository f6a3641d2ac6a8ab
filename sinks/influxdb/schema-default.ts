// lagwatch's own InfluxDB schema (SCHEMA.md): lagwatch_group, lagwatch_partition,
// lagwatch_topic_partition and lagwatch_cluster, every point at the report's time. Tags are
// only cluster, group, topic and partition; everything else is a field, integers as integers.
import type { EvaluationReport, GroupStatus, PartitionStatus } from '../../src/contract/report.js';
import { statusNumber } from '../../src/contract/statuses.js';
import { offsetsLookup, seconds } from '../report-facts.js';
import type { OffsetsLookup } from '../report-facts.js';
import {
  fieldPrefix,
  floatField,
  intField,
  LineBuilder,
  measurementName,
  stringField,
  tagPair,
} from './line-protocol.js';

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
  for (const group of report.groups) partitions += group.partitions.length;
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

const stampOf = (at: number): string => String(Math.trunc(at));

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
  return groupLineAt(group, stampOf(at));
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
    offsets,
    stampOf(at),
  );
}

/** `head`: the measurement and the group's tags, escaped. */
function partitionLineAfter(
  head: string,
  p: PartitionStatus,
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
      intField(K.committedOffset, p.end?.offset) +
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

/**
 * Every point of a report: groups first (each followed by its partitions), then offsets,
 * then the cluster's health point.
 */
export function defaultSchemaLines(report: EvaluationReport): string[] {
  const at = report.takenAt;
  const offsets = offsetsLookup(report);
  const lines: string[] = [];
  const push = (line: string | null): void => {
    if (line !== null) lines.push(line);
  };
  const partitionMeasurement = measurementName(DEFAULT_MEASUREMENTS.partition);
  const stamp = stampOf(at);
  for (const group of report.groups) {
    push(groupLineAt(group, stamp));
    const head = partitionMeasurement + groupTags(group);
    for (const p of group.partitions) push(partitionLineAfter(head, p, offsets, stamp));
  }
  for (const o of report.offsets) {
    push(
      new LineBuilder(DEFAULT_MEASUREMENTS.topicPartition)
        .tag('cluster', report.cluster)
        .tag('partition', String(o.partition))
        .tag('topic', o.topic)
        .int('log_end_offset', o.logEndOffset)
        .int('log_start_offset', o.logStartOffset)
        .line(at),
    );
  }
  push(clusterLine(report));
  return lines;
}
