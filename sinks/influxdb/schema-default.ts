// lagwatch's own InfluxDB schema (SCHEMA.md): lagwatch_group, lagwatch_partition,
// lagwatch_topic_partition and lagwatch_cluster, every point at the report's time. Tags are
// only cluster, group, topic and partition; everything else is a field, integers as integers.
import type { EvaluationReport, GroupStatus, PartitionStatus } from '../../src/contract/report.js';
import { statusNumber } from '../../src/contract/statuses.js';
import { offsetsLookup, seconds } from '../report-facts.js';
import type { OffsetsLookup } from '../report-facts.js';
import { LineBuilder } from './line-protocol.js';

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

export function groupLine(group: GroupStatus, at: number): string | null {
  const max = group.maxlag;
  return new LineBuilder(DEFAULT_MEASUREMENTS.group)
    .tag('cluster', group.cluster)
    .tag('group', group.group)
    .tag('group_type', group.type)
    .string('status', group.status)
    .int('status_code', statusNumber[group.status])
    .int('total_lag', group.totallag)
    .int('max_lag', max?.currentLag ?? 0)
    .float('max_lag_seconds', seconds(max?.timeLagMs))
    .string('max_lag_topic', max?.topic)
    .int('max_lag_partition', max?.partition)
    .int('partition_count', group.partitionCount)
    .float('complete', group.complete)
    .int('members', group.members)
    .string('state', group.state)
    .line(at);
}

export function partitionLine(
  group: GroupStatus,
  p: PartitionStatus,
  offsets: OffsetsLookup,
  at: number,
): string | null {
  return new LineBuilder(DEFAULT_MEASUREMENTS.partition)
    .tag('cluster', group.cluster)
    .tag('group', group.group)
    .tag('partition', String(p.partition))
    .tag('topic', p.topic)
    .string('status', p.status)
    .int('status_code', statusNumber[p.status])
    .int('lag', p.currentLag)
    .float('lag_seconds', seconds(p.timeLagMs))
    .float('catch_up_seconds', seconds(p.catchUpMs))
    .int('committed_offset', p.end?.offset)
    .int('log_end_offset', offsets(p.topic, p.partition)?.logEndOffset)
    .int('messages_lost', p.messagesLost)
    .float('complete', p.complete)
    .string('owner', p.owner)
    .string('client_id', p.clientId)
    .string('reason', p.reason)
    .string('reason_text', p.reasonText)
    .line(at);
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
  for (const group of report.groups) {
    push(groupLine(group, at));
    for (const p of group.partitions) push(partitionLine(group, p, offsets, at));
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
