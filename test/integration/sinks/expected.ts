// What the servers must hold for a report, restated from the schemas (sinks/influxdb/
// SCHEMA.md, sinks/elasticsearch/SCHEMA.md) straight from the report's own values, so
// that a read-back is compared with the report, not with the encoder that wrote it.
import type {
  EvaluationReport,
  GroupStatus,
  PartitionStatus,
} from '../../../src/contract/report.js';
import { statusNumber } from '../../../src/status/index.js';

type Row = Record<string, unknown>;

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;
const secondsOrNull = (ms: number | null | undefined): number | null =>
  ms === null || ms === undefined ? null : ms / 1000;
const tagOrNull = (value: string): string | null => (value === '' ? null : value);

function logEnd(report: EvaluationReport, p: PartitionStatus) {
  return report.offsets.find((o) => o.topic === p.topic && o.partition === p.partition);
}

/** Rows of `SELECT *` for lagwatch's default schema, by measurement. */
export function defaultSchemaRows(report: EvaluationReport): Record<string, Row[]> {
  const group: Row[] = [];
  const partition: Row[] = [];
  const topicPartition: Row[] = [];
  for (const g of report.groups) {
    group.push({
      time: report.takenAt,
      cluster: g.cluster,
      group: g.group,
      group_type: g.type, // a tag: absent (null) when unknown
      status: g.status,
      status_code: statusNumber[g.status],
      total_lag: g.totallag,
      max_lag: g.maxlag?.currentLag ?? 0,
      max_lag_seconds: secondsOrNull(g.maxlag?.timeLagMs),
      max_lag_topic: orNull(g.maxlag?.topic),
      max_lag_partition: orNull(g.maxlag?.partition),
      partition_count: g.partitionCount,
      complete: g.complete,
      members: g.members,
      state: g.state,
    });
    for (const p of g.partitions) {
      partition.push({
        time: report.takenAt,
        cluster: g.cluster,
        group: g.group,
        partition: String(p.partition),
        topic: p.topic,
        status: p.status,
        status_code: statusNumber[p.status],
        lag: p.currentLag,
        lag_seconds: secondsOrNull(p.timeLagMs),
        catch_up_seconds: secondsOrNull(p.catchUpMs),
        committed_offset: orNull(p.end?.offset),
        log_end_offset: orNull(logEnd(report, p)?.logEndOffset),
        messages_lost: p.messagesLost,
        complete: p.complete,
        owner: p.owner,
        client_id: p.clientId,
        reason: p.reason,
        reason_text: p.reasonText,
      });
    }
  }
  for (const o of report.offsets) {
    topicPartition.push({
      time: report.takenAt,
      cluster: report.cluster,
      partition: String(o.partition),
      topic: o.topic,
      log_end_offset: o.logEndOffset,
      log_start_offset: o.logStartOffset,
    });
  }
  const cluster: Row[] = [
    {
      time: report.takenAt,
      cluster: report.cluster,
      available: report.available ? 1 : 0,
      tick_duration_ms: Math.trunc(report.durationMs),
      groups: report.groups.length,
      partitions: report.groups.reduce((n, g) => n + g.partitions.length, 0),
      max_lag: report.maxLag,
      fault_code: orNull(report.fault?.code),
    },
  ];
  return {
    lagwatch_group: group,
    lagwatch_partition: partition,
    lagwatch_topic_partition: topicPartition,
    lagwatch_cluster: cluster,
  };
}

/** Telegraf's inputs.burrow code for a Burrow status string. */
const telegrafCode: Record<string, number> = {
  OK: 1,
  NOT_FOUND: 2,
  WARN: 3,
  ERR: 4,
  STOP: 5,
  STALL: 6,
};

/** Rows of `SELECT *` for the telegraf-burrow schema, by measurement (lagwatch_cluster too). */
export function telegrafBurrowRows(report: EvaluationReport): Record<string, Row[]> {
  const group: Row[] = [];
  const partition: Row[] = [];
  for (const g of report.groups.filter((x) => x.status !== 'NOTFOUND')) {
    group.push({
      time: report.takenAt,
      cluster: g.cluster,
      group: g.group,
      status: g.status,
      status_code: telegrafCode[g.status] ?? 0,
      partition_count: g.partitionCount,
      total_lag: g.totallag,
      lag: g.maxlag?.currentLag ?? 0,
      offset: g.partitions.reduce((sum, p) => sum + (p.end?.offset ?? 0), 0),
      timestamp: g.partitions.reduce((max, p) => Math.max(max, p.end?.timestamp ?? 0), 0),
    });
    for (const p of g.partitions) {
      partition.push({
        time: report.takenAt,
        cluster: g.cluster,
        group: g.group,
        owner: tagOrNull(p.owner),
        partition: String(p.partition),
        topic: p.topic,
        status: p.status,
        status_code: telegrafCode[p.status] ?? 0,
        lag: p.currentLag,
        offset: p.end?.offset ?? 0,
        timestamp: p.end?.timestamp ?? 0,
      });
    }
  }
  const topic = report.offsets
    .filter((o) => o.logEndOffset !== null)
    .map((o) => ({
      time: report.takenAt,
      cluster: report.cluster,
      partition: String(o.partition),
      topic: o.topic,
      offset: o.logEndOffset,
    }));
  // lagwatch's own health point, the same in both schemas (sinks/influxdb/SCHEMA.md).
  const { lagwatch_cluster: cluster } = defaultSchemaRows(report);
  return {
    burrow_group: group,
    burrow_partition: partition,
    burrow_topic: topic,
    lagwatch_cluster: cluster!,
  };
}

/** Rows of several reports, merged by measurement. */
export function mergeRows(all: Record<string, Row[]>[]): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const rows of all) {
    for (const [measurement, list] of Object.entries(rows)) (out[measurement] ??= []).push(...list);
  }
  return out;
}

/** Rows in a stable order, with the columns InfluxQL returns for fields never written. */
export function normalizeRows(rows: readonly Row[], columns: readonly string[]): Row[] {
  return rows
    .map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

// ---- Elasticsearch ---------------------------------------------------------------------

function sample(s: PartitionStatus['start']) {
  if (s === null) return undefined;
  return s.lag === null
    ? { offset: s.offset, timestamp: s.timestamp }
    : { offset: s.offset, timestamp: s.timestamp, lag: s.lag };
}

/** Drops undefined and null values, recursively (documents leave unknowns out). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined && v !== null) out[k] = clean(v);
    return out;
  }
  return value;
}

export function expectedGroupDocument(report: EvaluationReport, g: GroupStatus): unknown {
  return clean({
    '@timestamp': new Date(report.takenAt).toISOString(),
    event: { dataset: 'lagwatch.group', module: 'lagwatch', kind: 'metric' },
    kafka: { consumergroup: { id: g.group } },
    lagwatch: {
      cluster: g.cluster,
      status: g.status,
      status_code: statusNumber[g.status],
      complete: g.complete,
      partition_count: g.partitionCount,
      members: g.members,
      state: g.state,
      group_type: g.type,
      lag: {
        total: g.totallag,
        max: g.maxlag?.currentLag ?? 0,
        max_seconds: secondsOrNull(g.maxlag?.timeLagMs),
        max_topic: g.maxlag?.topic,
        max_partition: g.maxlag?.partition,
      },
    },
  });
}

export function expectedPartitionDocument(
  report: EvaluationReport,
  g: GroupStatus,
  p: PartitionStatus,
): unknown {
  const offsets = logEnd(report, p);
  return clean({
    '@timestamp': new Date(report.takenAt).toISOString(),
    event: { dataset: 'lagwatch.partition', module: 'lagwatch', kind: 'metric' },
    kafka: {
      consumergroup: {
        id: g.group,
        consumer_lag: p.currentLag,
        offset: p.end?.offset,
        client: { host: p.owner, id: p.clientId },
      },
      topic: { name: p.topic },
      partition: {
        id: p.partition,
        offset: { newest: offsets?.logEndOffset, oldest: offsets?.logStartOffset },
      },
    },
    lagwatch: {
      cluster: g.cluster,
      status: p.status,
      status_code: statusNumber[p.status],
      reason: p.reason,
      reason_text: p.reasonText,
      reason_detail: JSON.parse(JSON.stringify(p.reasonDetail)) as unknown,
      complete: p.complete,
      messages_lost: p.messagesLost,
      lag: { seconds: secondsOrNull(p.timeLagMs), catch_up_seconds: secondsOrNull(p.catchUpMs) },
      group: { status: g.status },
      window: { start: sample(p.start), end: sample(p.end) },
    },
  });
}

/** lagwatch's health document for the report's cluster tick (written even when unavailable). */
export function expectedClusterDocument(report: EvaluationReport): unknown {
  return clean({
    '@timestamp': new Date(report.takenAt).toISOString(),
    event: { dataset: 'lagwatch.cluster', module: 'lagwatch', kind: 'metric' },
    lagwatch: {
      cluster: report.cluster,
      available: report.available ? 1 : 0,
      fault_code: report.fault?.code,
      tick_duration_ms: report.durationMs,
      group_count: report.groups.length,
      partition_count: report.groups.reduce((n, g) => n + g.partitions.length, 0),
      lag: { max: report.maxLag },
    },
  });
}

/** Every document of a report by a key made of what identifies it. */
export function expectedDocuments(report: EvaluationReport): Map<string, unknown> {
  const docs = new Map<string, unknown>();
  for (const g of report.groups) {
    docs.set(
      documentKey('lagwatch.group', g.cluster, g.group, null, null, report.takenAt),
      expectedGroupDocument(report, g),
    );
    for (const p of g.partitions) {
      docs.set(
        documentKey('lagwatch.partition', g.cluster, g.group, p.topic, p.partition, report.takenAt),
        expectedPartitionDocument(report, g, p),
      );
    }
  }
  docs.set(
    documentKey('lagwatch.cluster', report.cluster, null, null, null, report.takenAt),
    expectedClusterDocument(report),
  );
  return docs;
}

export function documentKey(
  dataset: string,
  cluster: string,
  group: string | null,
  topic: string | null,
  partition: number | null,
  takenAt: number,
): string {
  return JSON.stringify([dataset, cluster, group, topic, partition, takenAt]);
}

interface SourceShape {
  '@timestamp': string;
  event: { dataset: string };
  kafka?: { consumergroup: { id: string }; topic?: { name: string }; partition?: { id: number } };
  lagwatch: { cluster: string };
}

/** The key of a document read back. */
export function keyOfSource(source: unknown): string {
  const s = source as SourceShape;
  return documentKey(
    s.event.dataset,
    s.lagwatch.cluster,
    s.kafka?.consumergroup.id ?? null,
    s.kafka?.topic?.name ?? null,
    s.kafka?.partition?.id ?? null,
    Date.parse(s['@timestamp']),
  );
}
