// From one tick's snapshot and the window store to the report every sink receives.
// `buildReport` judges every group at once; `buildReportInSlices` (the tick's) judges them
// a slice at a time, yielding to the event loop between slices so the API and the probes
// answer during a large tick, and stops when the tick's signal is aborted. Each group's
// window is made, judged and let go in turn, so a tick never holds every group's samples
// as objects at once; its partitions' windows are views the store reuses from one group
// to the next (WindowStore.windowToJudge), so judging makes no window per partition.
import type { ClusterSnapshot } from '../contract/snapshot.js';
import type { EvaluationReport } from '../contract/report.js';
import {
  evaluateGroup,
  PartitionArena,
  type EvaluatorOptions,
  type GroupStatus,
} from '../status/index.js';
import type { WindowStore } from '../window/store.js';
import { TimeSlices } from '../util/time-slices.js';
import { PreviousGroups, type PreviousNames } from './previous-groups.js';

/** Most groups judged between two yields to the event loop; fewer when a slice's time is up. */
export const GROUPS_PER_SLICE = 500;

export function buildReport(
  snapshot: ClusterSnapshot,
  store: WindowStore,
  evaluator: EvaluatorOptions,
): EvaluationReport {
  if (!snapshot.available) return unavailableReport(snapshot);
  const groups: GroupStatus[] = [];
  const arena = new PartitionArena();
  for (const name of store.currentGroups(snapshot.cluster)) {
    const window = store.windowToJudge(snapshot.cluster, name);
    if (window) groups.push(evaluateGroup(window, evaluator, snapshot.takenAt, arena));
  }
  return availableReport(snapshot, groups);
}

/**
 * The same report as `buildReport`, made in slices of at most `groupsPerSlice` groups and
 * about SLICE_BUDGET_MS each. Rejects with
 * the signal's reason once it is aborted (checked after every yield). A group deleted
 * (Burrow's DELETE) while this yields is left out, as it would be a moment later.
 * `previous`: the names of the tick before's groups (the new ones share what did not change
 * with them: evaluateGroup).
 */
export async function buildReportInSlices(
  snapshot: ClusterSnapshot,
  store: WindowStore,
  evaluator: EvaluatorOptions,
  signal: AbortSignal,
  groupsPerSlice = GROUPS_PER_SLICE,
  previous: PreviousNames | null = null,
): Promise<EvaluationReport> {
  if (!snapshot.available) return unavailableReport(snapshot);
  signal.throwIfAborted();
  const names = store.currentGroups(snapshot.cluster);
  const groups: GroupStatus[] = [];
  const slices = new TimeSlices();
  const arena = new PartitionArena();
  const before = new PreviousGroups(previous);
  for (let i = 0, inSlice = 0; i < names.length; i++, inSlice++) {
    if (inSlice >= groupsPerSlice || slices.due) {
      await slices.next(signal);
      inSlice = 0;
    }
    const name = names[i]!;
    const window = store.windowToJudge(snapshot.cluster, name);
    if (window)
      groups.push(evaluateGroup(window, evaluator, snapshot.takenAt, arena, before.of(name)));
  }
  return availableReport(snapshot, groups);
}

function unavailableReport(snapshot: ClusterSnapshot): EvaluationReport {
  return {
    cluster: snapshot.cluster,
    takenAt: snapshot.takenAt,
    durationMs: snapshot.durationMs,
    available: false,
    fault: snapshot.fault,
    groups: [],
    offsets: [],
    maxLag: 0,
  };
}

function availableReport(
  snapshot: ClusterSnapshot,
  groups: readonly GroupStatus[],
): EvaluationReport {
  return {
    cluster: snapshot.cluster,
    takenAt: snapshot.takenAt,
    durationMs: snapshot.durationMs,
    available: true,
    fault: null,
    groups,
    offsets: snapshot.offsets,
    maxLag: snapshot.maxLag,
  };
}
