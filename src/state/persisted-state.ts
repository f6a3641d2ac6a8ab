// What the state directory keeps: every window, each cluster's tick bookkeeping (from
// which, with the windows, its latest evaluation is rebuilt) and other modules' state.
import type { TopicPartitionOffsets } from '../contract/report.js';
import type { WindowStoreExport } from '../window/store-export.js';

/** The last tick that sampled a cluster, less its groups (they are judged again from the windows). */
export interface LastGoodTick {
  readonly takenAt: number;
  readonly durationMs: number;
  readonly maxLag: number;
  readonly offsets: readonly TopicPartitionOffsets[];
}

/** One cluster's tick bookkeeping. */
export interface ClusterTickRecord {
  readonly cluster: string;
  /** Null until a tick has sampled the cluster. */
  readonly lastGood: LastGoodTick | null;
  /** When the first successful tick was taken (the API's readiness); null until one was. */
  readonly firstSampledAt: number | null;
}

export interface PersistedState {
  /** When it was written, ms since the epoch. */
  readonly savedAt: number;
  readonly windows: WindowStoreExport;
  readonly ticks: readonly ClusterTickRecord[];
  /** Other modules' state by module name (the alerts' incidents): JSON values. */
  readonly modules: Readonly<Record<string, unknown>>;
}

/** What is restored beside the windows (which go straight into the window store). */
export type RestoredState = Omit<PersistedState, 'windows'>;
