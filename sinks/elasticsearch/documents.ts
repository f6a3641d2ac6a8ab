// A report as Elasticsearch documents (SCHEMA.md): one per group evaluation
// (event.dataset lagwatch.group), one per partition (lagwatch.partition) and one for the
// cluster's tick (lagwatch.cluster, also when the cluster could not be sampled). Field names
// follow Metricbeat's kafka.* where the meaning is the same; lagwatch's own are under
// lagwatch.*. Values that are unknown are left out, never written as null.
import type {
  EvaluationReport,
  GroupStatus,
  PartitionSample,
  PartitionStatus,
} from '../../src/contract/report.js';
import { statusNumber } from '../../src/contract/statuses.js';
import { offsetsLookup, seconds } from '../report-facts.js';
import type { OffsetsLookup } from '../report-facts.js';

export const DATASET = {
  group: 'lagwatch.group',
  partition: 'lagwatch.partition',
  cluster: 'lagwatch.cluster',
} as const;

export type Document = Record<string, unknown>;

/** Drops keys whose value is null or undefined (one level). */
function present<T extends Record<string, unknown>>(object: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as Partial<T>;
}

function event(dataset: string): Document {
  return { dataset, module: 'lagwatch', kind: 'metric' };
}

function sample(s: PartitionSample | null): Document | undefined {
  return s === null ? undefined : present({ offset: s.offset, timestamp: s.timestamp, lag: s.lag });
}

export function groupDocument(group: GroupStatus, timestamp: string): Document {
  const max = group.maxlag;
  return {
    '@timestamp': timestamp,
    event: event(DATASET.group),
    kafka: { consumergroup: { id: group.group } },
    lagwatch: present({
      cluster: group.cluster,
      status: group.status,
      status_code: statusNumber[group.status],
      complete: group.complete,
      partition_count: group.partitionCount,
      members: group.members,
      state: group.state,
      group_type: group.type,
      lag: present({
        total: group.totallag,
        max: max?.currentLag ?? 0,
        max_seconds: seconds(max?.timeLagMs),
        max_topic: max?.topic,
        max_partition: max?.partition,
      }),
    }),
  };
}

export function partitionDocument(
  group: GroupStatus,
  p: PartitionStatus,
  offsets: OffsetsLookup,
  timestamp: string,
): Document {
  const tp = offsets(p.topic, p.partition);
  const end = p.end; // read once: it may be a getter that builds a new object on every read
  return {
    '@timestamp': timestamp,
    event: event(DATASET.partition),
    kafka: {
      consumergroup: present({
        id: group.group,
        consumer_lag: p.currentLag,
        offset: end?.offset,
        client: { host: p.owner, id: p.clientId },
      }),
      topic: { name: p.topic },
      partition: present({
        id: p.partition,
        offset: present({ newest: tp?.logEndOffset, oldest: tp?.logStartOffset }),
      }),
    },
    lagwatch: present({
      cluster: group.cluster,
      status: p.status,
      status_code: statusNumber[p.status],
      reason: p.reason,
      reason_text: p.reasonText,
      reason_detail: p.reasonDetail,
      complete: p.complete,
      messages_lost: p.messagesLost,
      lag: present({ seconds: seconds(p.timeLagMs), catch_up_seconds: seconds(p.catchUpMs) }),
      group: { status: group.status },
      window: present({ start: sample(p.start), end: sample(end) }),
    }),
  };
}

/**
 * lagwatch's own health for one cluster tick (InfluxDB's lagwatch_cluster): written for every
 * report, also one whose cluster could not be sampled, which has no group documents, so
 * dashboards can show an unreachable cluster instead of nothing.
 */
export function clusterDocument(report: EvaluationReport, timestamp: string): Document {
  let partitions = 0;
  for (const group of report.groups) partitions += group.partitionCount;
  return {
    '@timestamp': timestamp,
    event: event(DATASET.cluster),
    lagwatch: present({
      cluster: report.cluster,
      available: report.available ? 1 : 0,
      fault_code: report.fault?.code,
      tick_duration_ms: report.durationMs,
      group_count: report.groups.length,
      partition_count: partitions,
      lag: { max: report.maxLag },
    }),
  };
}

/**
 * Every document of a report with what identifies it: groups first, each then its
 * partitions, and last the cluster's health document.
 */
export function reportDocuments(
  report: EvaluationReport,
): { readonly key: readonly (string | number)[]; readonly doc: Document }[] {
  const timestamp = new Date(report.takenAt).toISOString();
  const offsets = offsetsLookup(report);
  const out: { key: (string | number)[]; doc: Document }[] = [];
  for (const group of report.groups) {
    out.push({
      key: ['group', group.cluster, group.group, report.takenAt],
      doc: groupDocument(group, timestamp),
    });
    for (const p of group.partitions) {
      out.push({
        key: ['partition', group.cluster, group.group, p.topic, p.partition, report.takenAt],
        doc: partitionDocument(group, p, offsets, timestamp),
      });
    }
  }
  out.push({
    key: ['cluster', report.cluster, report.takenAt],
    doc: clusterDocument(report, timestamp),
  });
  return out;
}
