// The latest evaluation of every group, rebuilt after a restart from the restored windows
// and each cluster's last good tick, so the API answers at once. Judged again rather than
// stored: the windows are exactly what the last tick judged (the state is written after
// the tick), the evaluator is pure, and so the statuses come out the same; a status
// persisted beside its window could only disagree with it, and costs far more to write
// (reasonText for every partition, every tick). A changed evaluator config applies at once.
// The evaluator sits above this layer (src/status), so the caller passes it in.
import type { EvaluationReport, GroupStatus } from '../contract/report.js';
import type { GroupWindow } from '../contract/evaluation.js';
import type { WindowStore } from '../window/store.js';
import type { ClusterTickRecord } from './persisted-state.js';

/** Judges one window at a tick's time: `evaluateGroup(window, evaluatorOptions, takenAt)`. */
export type EvaluateGroup = (window: GroupWindow, takenAt: number) => GroupStatus;

export interface RestoredReport {
  readonly report: EvaluationReport;
  readonly firstSampledAt: number | null;
}

/** One report per cluster with a last good tick, from a store the state was imported into. */
export function restoredReports(
  ticks: readonly ClusterTickRecord[],
  store: WindowStore,
  evaluate: EvaluateGroup,
): RestoredReport[] {
  const out: RestoredReport[] = [];
  for (const tick of ticks) {
    const last = tick.lastGood;
    if (last === null) continue;
    const groups = store.windows(tick.cluster).map((window) => evaluate(window, last.takenAt));
    const report: EvaluationReport = {
      cluster: tick.cluster,
      takenAt: last.takenAt,
      durationMs: last.durationMs,
      available: true,
      fault: null,
      groups,
      offsets: last.offsets,
      maxLag: last.maxLag,
    };
    out.push({ report, firstSampledAt: tick.firstSampledAt });
  }
  return out;
}

/** A cluster's tick bookkeeping, from what the API's read model holds (ClusterView). */
export function tickRecord(
  cluster: string,
  lastGood: EvaluationReport | null,
  firstSampledAt: number | null,
): ClusterTickRecord {
  return {
    cluster,
    lastGood:
      lastGood === null
        ? null
        : {
            takenAt: lastGood.takenAt,
            durationMs: lastGood.durationMs,
            maxLag: lastGood.maxLag,
            offsets: lastGood.offsets,
          },
    firstSampledAt,
  };
}
