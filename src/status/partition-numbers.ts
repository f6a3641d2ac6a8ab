// The numbers of judged partitions, packed: one Float64Array per group holds, for each of
// its partitions, the two samples the report shows, the lag figures and the reason's
// numbers. A report lives until the next tick replaces it, so the collector promotes and
// marks all of it; as plain objects (two sample objects, a detail object and a boxed
// number for almost every field) it was about 450 bytes per partition, packed it is about
// 200. Absent values (a null lag, no sample at all, an unknown time lag) are stored as NaN,
// which no real value is.
import type { PartitionSample } from '../contract/evaluation.js';
import { orNaN, orNull } from '../contract/nan-null.js';
import { REASON_KEYS, type ReasonCode, type ReasonDetail } from '../contract/reasons.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import type { JudgedSamples } from './judged-samples.js';

/** Where each number sits within a partition's slots. */
export const Slot = {
  START: 0, // offset, timestamp, lag, observedAt of the oldest judged sample
  END: 4, // the same of the newest sample
  CURRENT_LAG: 8,
  COMPLETE: 9,
  TIME_LAG_MS: 10,
  CATCH_UP_MS: 11,
  MESSAGES_LOST: 12,
  PARTITION: 13, // the partition's number
  REASON: 14, // the reason, as its number (REASON_NUMBER); only where a group keeps it so
  DETAIL: 15, // the reason's numbers, in REASON_KEYS order
} as const;

/** Slots one partition takes: the fixed ones and room for the longest reason. */
export const PARTITION_SLOTS =
  Slot.DETAIL + Math.max(...Object.values(REASON_KEYS).map((keys) => keys.length));

/** Room for `partitions` partitions' numbers. */
export const partitionNumbers = (partitions: number): Float64Array =>
  new Float64Array(partitions * PARTITION_SLOTS);

/** Partitions per chunk a PartitionArena hands out: about 96 KB of numbers. */
export const ARENA_PARTITIONS = 640;

/**
 * Hands out room for groups' numbers from shared chunks, so a report of 10,000 groups makes
 * about 160 typed arrays rather than one per group (each costs an allocation of its own,
 * zero-filled, and a backing store the collector tracks). A chunk stays alive as long as
 * any partition in it is referenced; reports are replaced every tick, so that is bounded.
 */
export class PartitionArena {
  #chunk: Float64Array = partitionNumbers(ARENA_PARTITIONS);
  #used = 0;

  /** The chunk the last `reserve` placed its partitions in. */
  get chunk(): Float64Array {
    return this.#chunk;
  }

  /** Room for `partitions` partitions in `chunk`; returns the index of the first. */
  reserve(partitions: number): number {
    if (partitions > ARENA_PARTITIONS) {
      this.#chunk = partitionNumbers(partitions);
      this.#used = ARENA_PARTITIONS; // full: the next group starts a new chunk
      return 0;
    }
    if (this.#used + partitions > ARENA_PARTITIONS) {
      this.#chunk = partitionNumbers(ARENA_PARTITIONS);
      this.#used = 0;
    }
    const first = this.#used;
    this.#used += partitions;
    return first;
  }
}

/**
 * Stores judged sample `j` at `at`, copied from the judged columns, where an unknown value
 * is NaN already; j < 0: no sample. Not as `known ? value : NaN` per value: V8 boxed every
 * number that chose between a read value and the NaN constant (a new heap number per value,
 * 64 bytes of garbage per partition judged, 6 MB a tick at 10,000 groups x 10), whether
 * the value was read through SampleSeries' getters or from the columns.
 */
export function putSample(
  numbers: Float64Array,
  at: number,
  judged: JudgedSamples,
  j: number,
): void {
  if (j < 0) {
    numbers.fill(NaN, at, at + 4);
    return;
  }
  numbers[at] = judged.offsets[j]!;
  numbers[at + 1] = judged.timestamps[j]!;
  numbers[at + 2] = judged.lags[j]!;
  numbers[at + 3] = judged.observedAts[j]!;
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

/**
 * Stores a reason's numbers at `at`, given in its REASON_KEYS order (null or absent as NaN),
 * and returns its code: how the rules say what they saw without a detail object per
 * partition judged (about 120 bytes each, 100,000 a tick). Slots past the reason's own are
 * written NaN, never read.
 */
export function putReason(
  numbers: Float64Array,
  at: number,
  code: ReasonCode,
  a?: number | null,
  b?: number | null,
  c?: number | null,
  d?: number | null,
  e?: number | null,
  f?: number | null,
): ReasonCode {
  numbers[at] = orNaN(a);
  numbers[at + 1] = orNaN(b);
  numbers[at + 2] = orNaN(c);
  numbers[at + 3] = orNaN(d);
  numbers[at + 4] = orNaN(e);
  numbers[at + 5] = orNaN(f);
  return code;
}

/**
 * The reason's detail stored at `at`, as a new object with the keys in REASON_KEYS' order
 * (test/unit/status/partition-numbers.test.ts holds the two together). Written as one
 * literal per reason: an object built key by key looks up a transition of its hidden class
 * at every key, and this runs for every partition each sink writes, each tick.
 */
export function detailAt(n: Float64Array, at: number, code: ReasonCode): ReasonDetail {
  const a = orNull(n[at]!);
  const b = orNull(n[at + 1]!);
  const c = orNull(n[at + 2]!);
  const d = orNull(n[at + 3]!);
  const e = orNull(n[at + 4]!);
  const f = orNull(n[at + 5]!);
  let detail;
  switch (code) {
    case 'GROUP_EMPTY':
    case 'LAG_WITHIN_ALLOWED':
      detail = { code, currentLag: a, allowedLag: b };
      break;
    case 'WINDOW_INCOMPLETE':
      detail = { code, count: a, intervals: b, minimumComplete: c };
      break;
    case 'COMMITS_STOPPED':
      detail = { code, lastOffset: a, sinceMs: b, spanMs: c, currentLag: d };
      break;
    case 'OFFSET_REWOUND':
      detail = { code, before: a, after: b, at: c, count: d, highest: e };
      break;
    case 'CAUGHT_UP_IN_WINDOW':
      detail = { code, lag: a, at: b, count: c, allowedLag: d };
      break;
    case 'OFFSET_UNCHANGED':
      detail = { code, offset: a, count: b, spanMs: c, allowedLag: d };
      break;
    case 'LAG_NOT_DECREASING':
    case 'LAG_GROWING':
    case 'LAG_NOT_GROWING':
      detail = {
        code,
        firstOffset: a,
        lastOffset: b,
        count: c,
        spanMs: d,
        firstLag: e,
        lastLag: f,
      };
      break;
    case 'TOO_FEW_SAMPLES':
      detail = { code, count: a, minimumSamples: b };
      break;
    case 'LAG_DECREASING':
      detail = { code, fromLag: a, toLag: b, at: c, count: d };
      break;
    default: // NO_SAMPLES, which has no numbers
      detail = { code };
  }
  return detail as ReasonDetail;
}

// One per report (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PartitionArena());
