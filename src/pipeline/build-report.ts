// From one tick's snapshot and the window store to the report every sink receives.
import type { ClusterSnapshot } from '../contract/snapshot.js';
import type { EvaluationReport } from '../contract/report.js';
import { evaluateGroup, type EvaluatorOptions } from '../status/index.js';
import type { WindowStore } from '../window/store.js';

export function buildReport(
  snapshot: ClusterSnapshot,
  store: WindowStore,
  evaluator: EvaluatorOptions,
): EvaluationReport {
  if (!snapshot.available) {
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
  const groups = store
    .windows(snapshot.cluster)
    .map((window) => evaluateGroup(window, evaluator, snapshot.takenAt));
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
