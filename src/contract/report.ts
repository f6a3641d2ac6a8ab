// What every tick hands to every sink (and what the API and the CLI show): one
// cluster's evaluation at one moment. Sinks know these types and nothing else.
import type { Fault } from './errors.js';
import type { GroupStatus } from './evaluation.js';

export type { GroupStatus, PartitionStatus, PartitionSample } from './evaluation.js';

/** A fault that kept a tick from seeing all of a cluster. */
export type ReportFault = Fault;

/** Log-end and log-start offsets of one topic-partition at the tick's time. */
export interface TopicPartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  /** The high watermark; null when it could not be read this tick. */
  readonly logEndOffset: number | null;
  readonly logStartOffset: number | null;
}

export interface EvaluationReport {
  readonly cluster: string;
  /** The tick's time, ms since the epoch: the timestamp of every point and document. */
  readonly takenAt: number;
  /** How long sampling took, ms. */
  readonly durationMs: number;
  /**
   * False when the cluster could not be sampled this tick: `groups` and `offsets` are then
   * empty (nothing was judged against an old clock) and `fault` says why.
   */
  readonly available: boolean;
  readonly fault: ReportFault | null;
  /** Every group the cluster's filters admit, sorted by name. */
  readonly groups: readonly GroupStatus[];
  /** Offsets of every partition of every topic the cluster's topic filter admits, sorted. */
  readonly offsets: readonly TopicPartitionOffsets[];
  /** The highest lag of any partition of any group (Kafka's records-lag-max, from outside). */
  readonly maxLag: number;
}
