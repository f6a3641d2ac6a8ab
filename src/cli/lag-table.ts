// `lagwatch once` output: Kafka's own kafka-consumer-groups --describe columns, plus
// LAG-SECONDS; '-' where a value is unknown, as Kafka's tool prints it.
import type { ClusterSnapshot, GroupType } from '../contract/snapshot.js';
import type { EvaluationReport } from '../contract/report.js';

export interface LagRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly logEndOffset: number | null;
  readonly logStartOffset: number | null;
  readonly lag: number | null;
  readonly lagSeconds: number | null;
  readonly messagesLost: number;
  readonly consumerId: string | null;
  readonly host: string | null;
  readonly clientId: string | null;
  readonly status: string | null;
  readonly reason: string | null;
}

export interface ClusterLag {
  readonly cluster: string;
  readonly takenAt: number;
  readonly durationMs: number;
  readonly available: boolean;
  readonly fault: { readonly code: string; readonly message: string } | null;
  readonly maxLag: number;
  readonly groups: readonly {
    readonly group: string;
    /** classic, consumer or other; null when the sampler did not say. */
    readonly type: GroupType | null;
    /** Kafka's own name of the type (classic, consumer, share, streams); null when unknown. */
    readonly typeName: string | null;
    readonly state: string | null;
    readonly members: number;
    readonly status: string | null;
    readonly totalLag: number;
    readonly fault: { readonly code: string; readonly message: string } | null;
    readonly partitions: readonly LagRow[];
  }[];
}

/** Joins what was sampled with what was judged, group by group, row by row. */
export function clusterLag(snapshot: ClusterSnapshot, report: EvaluationReport): ClusterLag {
  const judged = new Map(report.groups.map((g) => [g.group, g]));
  return {
    cluster: snapshot.cluster,
    takenAt: snapshot.takenAt,
    durationMs: snapshot.durationMs,
    available: snapshot.available,
    fault: snapshot.fault,
    maxLag: snapshot.maxLag,
    groups: snapshot.groups.map((g) => {
      const status = judged.get(g.group);
      const statusOf = new Map(
        status?.partitions.map((p) => [`${p.topic}\u0000${p.partition}`, p]),
      );
      return {
        group: g.group,
        type: g.type ?? null,
        typeName: g.typeName ?? null,
        state: g.state,
        members: g.members,
        status: status?.status ?? null,
        totalLag: g.totalLag,
        fault: g.fault,
        partitions: g.partitions.map((p) => {
          const s = statusOf.get(`${p.topic}\u0000${p.partition}`);
          return {
            group: g.group,
            topic: p.topic,
            partition: p.partition,
            currentOffset: p.committedOffset,
            logEndOffset: p.logEndOffset,
            logStartOffset: p.logStartOffset,
            lag: p.lag,
            lagSeconds: s?.timeLagMs == null ? null : s.timeLagMs / 1000,
            messagesLost: p.messagesLost,
            consumerId: p.consumerId,
            host: p.host,
            clientId: p.clientId,
            status: s?.status ?? null,
            reason: s?.reason ?? null,
          };
        }),
      };
    }),
  };
}

const columns = [
  'GROUP',
  'TOPIC',
  'PARTITION',
  'CURRENT-OFFSET',
  'LOG-END-OFFSET',
  'LAG',
  'CONSUMER-ID',
  'HOST',
  'CLIENT-ID',
  'LAG-SECONDS',
] as const;

const dash = (value: string | number | null): string => (value === null ? '-' : String(value));

export function formatLagTable(rows: readonly LagRow[]): string {
  const cells = rows.map((r) => [
    r.group,
    r.topic,
    String(r.partition),
    dash(r.currentOffset),
    dash(r.logEndOffset),
    dash(r.lag),
    dash(r.consumerId),
    dash(r.host),
    dash(r.clientId),
    r.lagSeconds === null ? '-' : r.lagSeconds.toFixed(1),
  ]);
  const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i]! + 1))
      .join(' ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

/**
 * The line above a group's rows: its type and Kafka's state. Six words, never the nine of
 * a row, so that a reader of Kafka's columns (and a test comparing them) skips it.
 */
export function formatGroupHeader(group: ClusterLag['groups'][number]): string {
  const type =
    group.type === null
      ? '-'
      : group.typeName !== null && group.typeName !== group.type
        ? `${group.type}(${group.typeName})`
        : group.type;
  return `# group ${group.group}: type=${type} state=${group.state ?? '-'} members=${group.members}`;
}
