// The incident engine's public face: pure rules (no I/O), fed each tick's reports by the
// composition root (src/app/alerts.ts), which hands the notifications to the notifiers.
export { AlertEngine, readAlertsState, ALERTS_STATE_VERSION } from './alert-engine.js';
export type { AlertsState, RoutedNotification } from './alert-engine.js';
export { IncidentTracker } from './incident-tracker.js';
export { admits } from './policy.js';
export type { AlertPolicy, NameFilter } from './policy.js';
export type { IncidentRecord, SentRecord, TrackerState, PendingRecord } from './tracker-state.js';
export { worstPartition } from './worst-partition.js';
