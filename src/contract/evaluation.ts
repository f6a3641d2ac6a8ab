// The evaluator's vocabulary: what it is given (a window of consumer samples per
// partition, partitions grouped by consumer group) and what it decides (a status per
// partition and per group). Field meanings follow Burrow's v3 API; units are in the names.
import type { ReasonCode, ReasonDetail } from './reasons.js';
import type { GroupType } from './snapshot.js';
import type { GroupStatusCode, PartitionStatusCode } from './statuses.js';

/** One consumer position of a partition, as a commit or as one poll of the committed offset. */
export interface PartitionSample {
  /** The committed offset. */
  readonly offset: number;
  /** Commit time in ms where known, else the time lagwatch observed the offset. */
  readonly timestamp: number;
  /** Lag in messages when the sample was taken; null when unknown (e.g. a backfilled commit). */
  readonly lag: number | null;
  /** When lagwatch stored the sample, ms. */
  readonly observedAt?: number | undefined;
}

/**
 * A partition's samples read one number at a time, oldest first: how the evaluator reads a
 * window, so that judging makes no object per sample (the window store's rings are read in
 * place; ten samples a partition at 100,000 partitions were a million objects a tick).
 */
export interface SampleSeries {
  readonly length: number;
  /** Sample j's committed offset. */
  offset(j: number): number;
  /** Sample j's time, ms. */
  timestamp(j: number): number;
  /** Sample j's lag, null when unknown. */
  lag(j: number): number | null;
  /** When lagwatch stored sample j, ms; undefined when the sample does not say. */
  observedAt(j: number): number | undefined;
  /** Sample j as an object (made when asked, e.g. by the API's consumer detail). */
  sample(j: number): PartitionSample;
  /**
   * Copies samples `first` to the end into the columns, from index 0 (unknown lags and
   * observedAts as NaN): what the evaluator reads the judged samples from. Optional: a
   * series without it is copied one read at a time.
   */
  copyColumns?(
    first: number,
    offsets: Float64Array,
    timestamps: Float64Array,
    lags: Float64Array,
    observedAts: Float64Array,
  ): void;
}

/** Everything the evaluator needs to judge one partition of one group. */
export interface PartitionWindow {
  readonly topic: string;
  readonly partition: number;
  /** The consumer's samples, oldest first. Only the newest `intervals` of them are judged. */
  readonly samples: readonly PartitionSample[];
  /**
   * The same samples, read in place (the window store's): when present the evaluator reads
   * these and never `samples`. Valid until the store records its next tick.
   */
  readonly series?: SampleSeries | undefined;
  /** Recent log-end offsets of the partition, oldest first. */
  readonly brokerOffsets: readonly number[];
  /** Latest log-end offset minus the last committed offset, floored at 0. */
  readonly currentLag: number;
  /** Host of the member that owns the partition, if known. */
  readonly owner?: string | undefined;
  /** client.id of the member that owns the partition, if known. */
  readonly clientId?: string | undefined;
  /** Member id of the member that owns the partition, if known; passed through. */
  readonly consumerId?: string | undefined;
  /** Lag in time, from the sampler; passed through unchanged. */
  readonly timeLagMs?: number | null | undefined;
  /** Estimated time to catch up at the current rate, from the sampler; passed through unchanged. */
  readonly catchUpMs?: number | null | undefined;
  /** Messages removed by retention before the group read them, from the sampler; passed through. */
  readonly messagesLost?: number | null | undefined;
}

/** A consumer group as the sampler saw it. */
export interface GroupWindow {
  readonly cluster: string;
  readonly group: string;
  /**
   * Kafka's group state ('Stable', 'Empty', ...) when the sampler knows it. 'Empty' turns on
   * the membership rule; null or absent leaves Burrow's rules alone.
   */
  readonly state?: string | null | undefined;
  /** Number of live members, when known; passed through. */
  readonly members?: number | null | undefined;
  /** classic, consumer or other, when the sampler knows it; passed through. */
  readonly type?: GroupType | null | undefined;
  readonly partitions: readonly PartitionWindow[];
}

/**
 * One judged partition. The evaluator's statuses keep their numbers packed and hand out
 * `status`, `start`, `end`, `endOffset`, the lags, `complete`, `reasonText` and
 * `reasonDetail` through getters (src/status/partition-numbers.ts): JSON.stringify
 * includes them all (but endOffset), an object spread copies none of them. Read `start`
 * and `end` once per use: each read makes a new object.
 */
export interface PartitionStatus {
  readonly topic: string;
  readonly partition: number;
  /** Owner host, '' when unknown. */
  readonly owner: string;
  /** Owner client.id, '' when unknown. */
  readonly clientId: string;
  readonly status: PartitionStatusCode;
  /** Oldest sample judged, null with no samples. */
  readonly start: PartitionSample | null;
  /** Newest sample judged, null with no samples. */
  readonly end: PartitionSample | null;
  /**
   * `end`'s offset (null with no samples) without making `end`'s object: the evaluator's
   * statuses have it (a getter); a status made elsewhere may leave it out, so read `end`
   * where it is undefined.
   */
  readonly endOffset?: number | null;
  readonly currentLag: number;
  /** Samples judged divided by `intervals`: 1 when the window is full. */
  readonly complete: number;
  readonly timeLagMs: number | null;
  readonly catchUpMs: number | null;
  readonly messagesLost: number | null;
  /** Which rule decided the status. */
  readonly reason: ReasonCode;
  /**
   * The same, for a person, with the numbers that made the rule fire. Made when first
   * read, then kept.
   */
  readonly reasonText: string;
  /**
   * True when `reasonText` is known to hold only printable ASCII other than `"` and `\`:
   * the evaluator's sentences are fixed words, numbers and durations. An encoder then
   * copies a long text as it is instead of testing every character (a line-protocol
   * point's reason text took 8 % of its instructions to be tested). Absent: not known.
   */
  readonly reasonTextPlain?: boolean;
  /** The numbers behind the reason, for machines (a getter, like reasonText). */
  readonly reasonDetail: ReasonDetail;
  /**
   * reasonDetail's k-th number (its key REASON_KEYS[reason][k]), NaN where the detail has
   * null, without making the detail: the evaluator's statuses have it, and an encoder
   * writing every partition's detail each tick reads them so. A status made elsewhere may
   * leave it out: read reasonDetail then.
   */
  reasonNumber?(k: number): number;
}

export interface GroupStatus {
  readonly cluster: string;
  readonly group: string;
  readonly status: GroupStatusCode;
  /** Share of partitions whose own `complete` is 1; 0 with no partitions, 1 for NOTFOUND. */
  readonly complete: number;
  /**
   * Every partition, in input order. The evaluator's groups make the array and its objects
   * anew on each read (src/status/evaluated-group.ts): read it once per use, count with
   * `partitionCount`, and compare partitions by topic and number, not by identity.
   */
  readonly partitions: readonly PartitionStatus[];
  readonly partitionCount: number;
  /**
   * Partition `i` of `partitions`, for loops over every partition that keep none of them
   * (PartitionReader, partition-reader.ts): the group may point `reuse`, an object such a
   * call handed out before, at partition `i` and return it rather than make a new one.
   * Optional: a plain group has its array only.
   */
  partitionAt?(i: number, reuse: PartitionStatus | null): PartitionStatus;
  /**
   * The group with its partitions, for a group that keeps only its figures between ticks
   * (src/status/group-summary.ts): read its partitions from what this returns, once per
   * use. Optional: any other group has its partitions itself.
   */
  judged?(): GroupStatus;
  /**
   * The first partition with the highest `currentLag`; null only with no partitions. Like
   * `partitions`, a new object on each read of an evaluated group.
   */
  readonly maxlag: PartitionStatus | null;
  /** Sum of `currentLag` over all partitions. */
  readonly totallag: number;
  readonly state: string | null;
  readonly members: number | null;
  /** classic, consumer or other; null when not known (NOTFOUND, or before the first tick). */
  readonly type: GroupType | null;
}
