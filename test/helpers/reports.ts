// EvaluationReports for tests and benchmarks of the sinks, made by the real evaluator
// (evaluateGroup) from hand-made windows: the statuses, reasons and numbers are what
// lagwatch would report for such a history.
import type { EvaluationReport, TopicPartitionOffsets } from '../../src/contract/report.js';
import type { GroupType } from '../../src/contract/snapshot.js';
import { evaluateGroup, evaluatorOptions, notFoundGroupStatus } from '../../src/status/index.js';
import type {
  GroupStatus,
  PartitionSample,
  PartitionStatus,
  PartitionWindow,
} from '../../src/status/index.js';

export const TICK_MS = 30_000;

export interface PartitionSpec {
  readonly topic: string;
  readonly partition: number;
  /** Committed offsets, oldest first, one per tick ending at the report's time. */
  readonly committed: readonly number[];
  /** Lag of each sample (default: logEnd minus its offset). */
  readonly lags?: readonly number[];
  /** The log-end offset now (default: the last committed offset + 10). */
  readonly logEnd?: number;
  readonly logStart?: number | null;
  readonly owner?: string;
  readonly clientId?: string;
  readonly timeLagMs?: number | null;
  readonly catchUpMs?: number | null;
  readonly messagesLost?: number | null;
}

export interface GroupSpec {
  readonly group: string;
  readonly state?: string | null;
  readonly members?: number | null;
  /** classic, consumer or other; absent: unknown (null), as after a restart. */
  readonly type?: GroupType | null;
  /** Absent: a group the sampler does not know (NOTFOUND). */
  readonly partitions?: readonly PartitionSpec[];
}

function window(spec: PartitionSpec, takenAt: number): PartitionWindow {
  const last = spec.committed.at(-1) ?? 0;
  const logEnd = spec.logEnd ?? last + 10;
  const n = spec.committed.length;
  const samples: PartitionSample[] = spec.committed.map((offset, i) => ({
    offset,
    timestamp: takenAt - (n - 1 - i) * TICK_MS,
    lag: spec.lags?.[i] ?? Math.max(0, logEnd - offset),
  }));
  return {
    topic: spec.topic,
    partition: spec.partition,
    samples,
    brokerOffsets: [logEnd],
    currentLag: Math.max(0, logEnd - last),
    owner: spec.owner,
    clientId: spec.clientId,
    timeLagMs: spec.timeLagMs ?? null,
    catchUpMs: spec.catchUpMs ?? null,
    messagesLost: spec.messagesLost ?? null,
  };
}

/** A report of `cluster` at `takenAt` with these groups, judged with Burrow's defaults. */
export function buildReport(
  cluster: string,
  takenAt: number,
  groups: readonly GroupSpec[],
): EvaluationReport {
  const options = evaluatorOptions({ intervals: 5 });
  const statuses: GroupStatus[] = groups.map((g) =>
    g.partitions === undefined
      ? notFoundGroupStatus(cluster, g.group)
      : evaluateGroup(
          {
            cluster,
            group: g.group,
            state: g.state ?? 'Stable',
            members: g.members === undefined ? 1 : g.members,
            type: g.type ?? null,
            partitions: g.partitions.map((p) => window(p, takenAt)),
          },
          options,
          takenAt,
        ),
  );
  const offsets = new Map<string, TopicPartitionOffsets>();
  for (const g of groups) {
    for (const p of g.partitions ?? []) {
      offsets.set(`${p.topic}\u0000${p.partition}`, {
        topic: p.topic,
        partition: p.partition,
        logEndOffset: p.logEnd ?? (p.committed.at(-1) ?? 0) + 10,
        logStartOffset: p.logStart === undefined ? 0 : p.logStart,
      });
    }
  }
  const sortedOffsets = [...offsets.values()].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  let maxLag = 0;
  for (const s of statuses) for (const p of s.partitions) maxLag = Math.max(maxLag, p.currentLag);
  return {
    cluster,
    takenAt,
    durationMs: 12,
    available: true,
    fault: null,
    groups: [...statuses].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)),
    offsets: sortedOffsets,
    maxLag,
  };
}

/**
 * A report with every partition status (OK, WARN, STOP, STALL, REWIND), every group status
 * (OK, WARN, ERR, NOTFOUND), awkward names (spaces, commas, quotes, '=', unicode), a group
 * with no members and missing values. `tick` shifts offsets so consecutive ticks differ.
 */
export function variedReport(
  cluster: string,
  takenAt: number,
  tick = 0,
  prefix = '',
): EvaluationReport {
  const t = tick * 100;
  const g = (name: string): string => `${prefix}${name}`;
  return buildReport(cluster, takenAt, [
    {
      group: g('billing'),
      type: 'consumer',
      partitions: [
        {
          topic: 'orders',
          partition: 0,
          committed: [t + 100, t + 110, t + 120, t + 130, t + 140],
          logEnd: t + 140,
          owner: '/10.0.0.1',
          clientId: 'billing-1',
          timeLagMs: 0,
          catchUpMs: 0,
        },
        {
          topic: 'orders',
          partition: 1,
          committed: [t + 50, t + 60, t + 70, t + 80, t + 90],
          logEnd: t + 95,
          owner: '/10.0.0.2',
          clientId: 'billing-2',
          timeLagMs: 1500,
          catchUpMs: 250,
        },
      ],
    },
    {
      group: g('slow consumer, "quoted"=x'),
      partitions: [
        {
          topic: 'events v2',
          partition: 3,
          committed: [t + 10, t + 20, t + 30, t + 40, t + 50],
          lags: [400, 410, 420, 440, 450],
          logEnd: t + 500,
          owner: 'host a',
          clientId: 'c "1"',
          timeLagMs: 90_500,
          messagesLost: 0,
        },
      ],
    },
    {
      group: g('stalled-ünïcode'),
      partitions: [
        {
          topic: 'payments',
          partition: 0,
          committed: [t + 7, t + 7, t + 7, t + 7, t + 7],
          logEnd: t + 70,
          logStart: 3,
          owner: '',
          clientId: '',
        },
        {
          topic: 'payments',
          partition: 1,
          committed: [t + 9, t + 12, t + 15, t + 5, t + 6],
          logEnd: t + 60,
          logStart: null,
        },
      ],
    },
    {
      group: g('empty-group'),
      state: 'Empty',
      members: 0,
      type: 'classic',
      partitions: [
        {
          topic: 'audit',
          partition: 2,
          committed: [t + 1, t + 1, t + 1],
          logEnd: t + 4000,
          messagesLost: 12,
        },
      ],
    },
    { group: g('gone') },
  ]);
}

/** A large report: `groups` groups of `partitions` partitions each (for benchmarks). */
export function largeReport(
  cluster: string,
  takenAt: number,
  groups: number,
  partitions: number,
  prefix = 'group',
): EvaluationReport {
  const specs: GroupSpec[] = [];
  for (let i = 0; i < groups; i++) {
    const parts: PartitionSpec[] = [];
    for (let p = 0; p < partitions; p++) {
      const base = 1_000_000 + i * 1000 + p * 10;
      parts.push({
        topic: `topic-${i % 20}`,
        partition: p,
        committed: [base, base + 10, base + 20, base + 30, base + 40],
        logEnd: base + 40 + (p % 3) * 25,
        owner: `/10.0.${i % 250}.${p % 250}`,
        clientId: `consumer-${i}-${p}`,
        timeLagMs: (p % 3) * 1000,
      });
    }
    specs.push({ group: `${prefix}-${i}`, partitions: parts });
  }
  return buildReport(cluster, takenAt, specs);
}

/**
 * A plain copy of a partition status with some fields replaced. A spread would not do: the
 * evaluator's partitions keep their numbers behind getters, which a spread does not copy.
 */
export function copyPartition(
  p: PartitionStatus,
  changes: Partial<PartitionStatus> = {},
): PartitionStatus {
  return {
    topic: p.topic,
    partition: p.partition,
    owner: p.owner,
    clientId: p.clientId,
    status: p.status,
    start: p.start,
    end: p.end,
    currentLag: p.currentLag,
    complete: p.complete,
    timeLagMs: p.timeLagMs,
    catchUpMs: p.catchUpMs,
    messagesLost: p.messagesLost,
    reason: p.reason,
    reasonText: p.reasonText,
    reasonDetail: p.reasonDetail,
    ...changes,
  };
}
