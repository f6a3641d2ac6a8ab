// The state directory's public face: what the composition root and other modules use.
export { DurableState } from './durable-state.js';
export type { OpenStateOptions, StateSources } from './durable-state.js';
export type {
  ClusterTickRecord,
  LastGoodTick,
  PersistedState,
  RestoredState,
} from './persisted-state.js';
export type { RestoreSummary } from './restore-summary.js';
export { restoredReports, tickRecord } from './restored-reports.js';
export type { EvaluateGroup, RestoredReport } from './restored-reports.js';
export { watchedBy } from './watched.js';
export type { Watched, Dropped } from './watched.js';
export type { LockHolder } from './state-lock.js';
