// The numbers of judged partitions, packed: one Float64Array per group holds, for each of
// its partitions, the two samples the report shows, the lag figures and the reason's
// numbers. A report lives until the next tick replaces it, so the collector promotes and
// marks all of it; as plain objects (two sample objects, a detail object and a boxed
// number for almost every field) it was about 450 bytes per partition, packed it is about
// 200. Absent values (a null lag, no sample at all, an unknown time lag) are stored as NaN,
// which no real value is.
import type { PartitionSample } from '../contract/evaluation.js';
import type { ReasonCode, ReasonDetail } from '../contract/reasons.js';

/** Where each number sits within a partition's slots. */
export const Slot = {
  START: 0, // offset, timestamp, lag, observedAt of the oldest judged sample
  END: 4, // the same of the newest sample
  CURRENT_LAG: 8,
  COMPLETE: 9,
  TIME_LAG_MS: 10,
  CATCH_UP_MS: 11,
  MESSAGES_LOST: 12,
  DETAIL: 13, // the reason's numbers, in REASON_KEYS order
} as const;

/** The reason's numbers in the order each reason's detail lists them. */
const REASON_KEYS: Readonly<Record<ReasonCode, readonly string[]>> = {
  GROUP_EMPTY: ['currentLag', 'allowedLag'],
  NO_SAMPLES: [],
  WINDOW_INCOMPLETE: ['count', 'intervals', 'minimumComplete'],
  LAG_WITHIN_ALLOWED: ['currentLag', 'allowedLag'],
  COMMITS_STOPPED: ['lastOffset', 'sinceMs', 'spanMs', 'currentLag'],
  OFFSET_REWOUND: ['before', 'after', 'at', 'count', 'highest'],
  CAUGHT_UP_IN_WINDOW: ['lag', 'at', 'count', 'allowedLag'],
  OFFSET_UNCHANGED: ['offset', 'count', 'spanMs', 'allowedLag'],
  LAG_NOT_DECREASING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  TOO_FEW_SAMPLES: ['count', 'minimumSamples'],
  LAG_GROWING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  LAG_NOT_GROWING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  LAG_DECREASING: ['fromLag', 'toLag', 'at', 'count'],
};

/** Slots one partition takes: the fixed ones and room for the longest reason. */
export const PARTITION_SLOTS =
  Slot.DETAIL + Math.max(...Object.values(REASON_KEYS).map((keys) => keys.length));

/** Room for `partitions` partitions' numbers. */
export const partitionNumbers = (partitions: number): Float64Array =>
  new Float64Array(partitions * PARTITION_SLOTS);

export const orNaN = (value: number | null | undefined): number => value ?? NaN;
export const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** Stores a sample (or its absence) at `at`. */
export function putSample(numbers: Float64Array, at: number, s: PartitionSample | null): void {
  numbers[at] = s === null ? NaN : s.offset;
  numbers[at + 1] = s === null ? NaN : s.timestamp;
  numbers[at + 2] = s === null ? NaN : orNaN(s.lag);
  numbers[at + 3] = s === null ? NaN : orNaN(s.observedAt);
}

/** The sample stored at `at`, as a new object; null where none was stored. */
export function sampleAt(numbers: Float64Array, at: number): PartitionSample | null {
  const offset = numbers[at]!;
  if (Number.isNaN(offset)) return null;
  const timestamp = numbers[at + 1]!;
  const lag = orNull(numbers[at + 2]!);
  const observedAt = numbers[at + 3]!;
  return Number.isNaN(observedAt)
    ? { offset, timestamp, lag }
    : { offset, timestamp, lag, observedAt };
}

/** Stores the reason's numbers at `at`. */
export function putDetail(numbers: Float64Array, at: number, detail: ReasonDetail): void {
  const keys = REASON_KEYS[detail.code];
  const values = detail as unknown as Readonly<Record<string, number | null>>;
  for (let k = 0; k < keys.length; k++) numbers[at + k] = orNaN(values[keys[k]!]);
}

/** The reason's detail stored at `at`, as a new object with the keys in their order. */
export function detailAt(numbers: Float64Array, at: number, code: ReasonCode): ReasonDetail {
  const keys = REASON_KEYS[code];
  const detail: Record<string, unknown> = { code };
  for (let k = 0; k < keys.length; k++) detail[keys[k]!] = orNull(numbers[at + k]!);
  return detail as unknown as ReasonDetail;
}
