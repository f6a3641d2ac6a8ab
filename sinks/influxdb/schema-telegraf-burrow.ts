// The `telegraf-burrow` schema: exactly the points Telegraf's inputs.burrow writes from
// Burrow's HTTP API, so dashboards built on Telegraf + Burrow keep working. Measurements
// burrow_group, burrow_partition, burrow_topic; Telegraf's tags, field names, integer
// types and its own status-code mapping (not Burrow's numbers). SCHEMA.md lists it and
// what differs from a Telegraf that polls Burrow. lagwatch adds one measurement of its own,
// the default schema's lagwatch_cluster, so that an unreachable cluster is written at all.
import type { EvaluationReport, GroupStatus, PartitionStatus } from '../../src/contract/report.js';
import { LineBuilder } from './line-protocol.js';
import { clusterLine } from './schema-default.js';

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

export function burrowGroupLine(group: GroupStatus, at: number): string | null {
  let offset = 0;
  let timestamp = 0;
  for (const p of group.partitions) {
    offset += p.end?.offset ?? 0;
    timestamp = Math.max(timestamp, p.end?.timestamp ?? 0);
  }
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

export function burrowPartitionLine(
  group: GroupStatus,
  p: PartitionStatus,
  at: number,
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
    .int('offset', p.end?.offset ?? 0)
    .int('timestamp', p.end?.timestamp ?? 0)
    .line(at);
}

/**
 * Every point of a report. A group Burrow does not know (NOTFOUND) gets none: Burrow
 * answers 404 for it and Telegraf writes nothing. burrow_topic has a point per partition
 * whose log-end offset the report holds. Last, lagwatch's own lagwatch_cluster point (not
 * Telegraf's): a cluster that could not be sampled has no burrow_* point, and without it
 * would vanish from the dashboards instead of showing as unreachable.
 */
export function telegrafBurrowLines(report: EvaluationReport): string[] {
  const at = report.takenAt;
  const lines: string[] = [];
  const push = (line: string | null): void => {
    if (line !== null) lines.push(line);
  };
  for (const group of report.groups) {
    if (group.status === 'NOTFOUND') continue;
    push(burrowGroupLine(group, at));
    for (const p of group.partitions) push(burrowPartitionLine(group, p, at));
  }
  for (const o of report.offsets) {
    if (o.logEndOffset === null) continue;
    push(
      new LineBuilder('burrow_topic')
        .tag('cluster', report.cluster)
        .tag('partition', String(o.partition))
        .tag('topic', o.topic)
        .int('offset', o.logEndOffset)
        .line(at),
    );
  }
  push(clusterLine(report));
  return lines;
}
