// Reports and policies for the incident engine's tests: hand-made group statuses (the
// engine reads only status, lag and partitions), a clock that ticks by TICK_MS.
import type { AlertPolicy } from '../../../src/alerts/index.js';
import type {
  EvaluationReport,
  GroupStatus,
  PartitionStatus,
} from '../../../src/contract/report.js';
import type { GroupStatusCode, PartitionStatusCode } from '../../../src/contract/statuses.js';

export const TICK_MS = 10_000;
export const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);
export const at = (tick: number): number => T0 + tick * TICK_MS;

export function policy(overrides: Partial<AlertPolicy> = {}): AlertPolicy {
  return {
    notifier: 'ops',
    threshold: 'WARN',
    forMs: 0,
    forTicks: 0,
    intervalMs: 0,
    sendOnce: false,
    sendClose: true,
    groups: { allow: [], deny: [] },
    clusters: { allow: [], deny: [] },
    ...overrides,
  };
}

export function partition(
  partitionNo: number,
  status: PartitionStatusCode,
  currentLag: number,
): PartitionStatus {
  return {
    topic: 'orders',
    partition: partitionNo,
    owner: '',
    clientId: '',
    status,
    start: null,
    end: null,
    currentLag,
    complete: 1,
    timeLagMs: null,
    catchUpMs: null,
    messagesLost: null,
    reason: 'OK',
    reasonText: `${status} with lag ${currentLag}`,
    reasonDetail: {},
  } as unknown as PartitionStatus;
}

export function group(
  name: string,
  status: GroupStatusCode,
  partitions: readonly PartitionStatus[] = [
    partition(0, status === 'ERR' ? 'STOP' : status === 'WARN' ? 'WARN' : 'OK', 5),
  ],
): GroupStatus {
  return {
    cluster: 'local',
    group: name,
    status,
    complete: 1,
    partitions,
    partitionCount: partitions.length,
    maxlag: partitions[0] ?? null,
    totallag: partitions.reduce((sum, p) => sum + p.currentLag, 0),
    state: 'Stable',
    members: 1,
    type: 'classic',
  };
}

export function report(
  tick: number,
  groups: readonly GroupStatus[],
  cluster = 'local',
): EvaluationReport {
  return {
    cluster,
    takenAt: at(tick),
    durationMs: 5,
    available: true,
    fault: null,
    groups: groups.map((g) => ({ ...g, cluster })),
    offsets: [],
    maxLag: 0,
  };
}

export function down(tick: number, cluster = 'local'): EvaluationReport {
  return {
    cluster,
    takenAt: at(tick),
    durationMs: 5,
    available: false,
    fault: { code: 'CLUSTER_UNAVAILABLE', message: 'no broker answered' },
    groups: [],
    offsets: [],
    maxLag: 0,
  };
}
