// Judges one partition of one group over its window: Burrow's rules in Burrow's order,
// preceded by lagwatch's membership rule; with `rules: 'lagwatch'` (the default) a trend
// (WARN, STALL) also needs enough samples and WARN needs the lag to grow, because polled
// samples of a consumer keeping pace show a flat lag. RULES.md is the specification.
import type { EvaluatorOptions } from './options.js';
import { seriesOf } from './array-series.js';
import { JudgedSamples } from './judged-samples.js';
import { EvaluatedPartition, putPartitionNumbers } from './partition-status.js';
import { PARTITION_SLOTS, partitionNumbers, putReason, Slot } from './partition-numbers.js';
import { ReasonCode } from './reasons.js';
import {
  brokerReachedCommit,
  commitsStopped,
  firstCaughtUp,
  firstKnownLag,
  firstLagDecrease,
  firstRewind,
  highestOffsetFrom,
  knownLagBefore,
  lagGrew,
  lastKnownLag,
  offsetsUnchanged,
  rewindRecovered,
} from './rules.js';
import type { PartitionStatus, PartitionWindow } from '../contract/evaluation.js';

/** Kafka's name for the state of a group without members. */
export const EMPTY_GROUP_STATE = 'Empty';

/** Every partition's judged samples, one partition at a time (judging is synchronous). */
const judged = new JudgedSamples();

/**
 * The status of one partition at `nowMs`. `groupState` is Kafka's state of the group when
 * known ('Empty' turns on the membership rule); null means Burrow's rules alone. `numbers`
 * and `index`: where its numbers go, the group's packed numbers (partition-numbers.ts);
 * without them the partition gets room of its own.
 */
export function evaluatePartition(
  window: PartitionWindow,
  options: EvaluatorOptions,
  nowMs: number,
  groupState: string | null = null,
  numbers: Float64Array = partitionNumbers(1),
  index = 0,
): PartitionStatus {
  const reason = judgePartition(window, options, nowMs, groupState, numbers, index);
  return new EvaluatedPartition().moveTo(
    window.topic,
    window.partition,
    window.owner ?? '',
    window.clientId ?? '',
    reason,
    numbers,
    index,
  );
}

/**
 * Judges one partition as evaluatePartition does, but only stores its numbers at `index`
 * of `numbers` (putPartitionNumbers) and returns the reason: what a group's status keeps,
 * making the partition's object only when it is read (src/status/evaluated-group.ts).
 */
export function judgePartition(
  window: PartitionWindow,
  options: EvaluatorOptions,
  nowMs: number,
  groupState: string | null,
  numbers: Float64Array,
  index: number,
): ReasonCode {
  const samples = seriesOf(window);
  const n = samples.length;
  const first = n > options.intervals ? n - options.intervals : 0;
  const complete = (n - first) / options.intervals;
  judged.fill(samples, first);
  const detailAt = index * PARTITION_SLOTS + Slot.DETAIL;
  const reason = reasonFor(window, judged, options, nowMs, groupState, numbers, detailAt);
  putPartitionNumbers(numbers, index, window, judged, complete);
  return reason;
}

/**
 * The rule that decides, in order, on the judged samples. The numbers it saw go
 * to `out` at `at` (putReason: in the order partition-numbers.ts' REASON_KEYS lists them,
 * which is the order of the reason's detail), not into an object per partition.
 */
function reasonFor(
  window: PartitionWindow,
  samples: JudgedSamples,
  options: EvaluatorOptions,
  nowMs: number,
  groupState: string | null,
  out: Float64Array,
  at: number,
): ReasonCode {
  const { currentLag } = window;
  const { allowedLag, intervals } = options;
  // Every judged sample counts: they are the window's newest `intervals`.
  const count = samples.length;
  const complete = count / intervals;
  const lagged = currentLag > allowedLag;

  // 0. membership
  if (lagged && groupState === EMPTY_GROUP_STATE) {
    return putReason(out, at, ReasonCode.GROUP_EMPTY, currentLag, allowedLag);
  }
  // 1-3. nothing to judge, not enough to judge, or no lag to speak of
  if (count === 0) {
    return putReason(out, at, ReasonCode.NO_SAMPLES);
  }
  if (complete < options.minimumComplete) {
    const { minimumComplete } = options;
    return putReason(out, at, ReasonCode.WINDOW_INCOMPLETE, count, intervals, minimumComplete);
  }
  if (!lagged) {
    return putReason(out, at, ReasonCode.LAG_WITHIN_ALLOWED, currentLag, allowedLag);
  }

  const startOffset = samples.offset(0);
  const endOffset = samples.offset(count - 1);
  const endTimestamp = samples.timestamp(count - 1);
  const spanMs = endTimestamp - samples.timestamp(0);

  // 4. stopped committing, and not caught up lately; lagwatch's rules want a span to
  // compare with: one commit (a replayed offsets topic, a group's first) is no rate (4L)
  const spanKnown = options.rules === 'burrow' || count > 1;
  if (
    spanKnown &&
    commitsStopped(samples, nowMs) &&
    brokerReachedCommit(window.brokerOffsets, endOffset) < 0
  ) {
    const sinceMs = nowMs - endTimestamp;
    // lastOffset, sinceMs, spanMs, currentLag
    return putReason(out, at, ReasonCode.COMMITS_STOPPED, endOffset, sinceMs, spanMs, currentLag);
  }

  // 5. went back and did not come back
  const rewind = firstRewind(samples);
  if (rewind >= 0 && !rewindRecovered(samples, rewind)) {
    // before, after, at, count, highest
    return putReason(
      out,
      at,
      ReasonCode.OFFSET_REWOUND,
      samples.offset(rewind - 1),
      samples.offset(rewind),
      rewind + 1,
      count,
      highestOffsetFrom(samples, rewind),
    );
  }

  // 6. caught up at some point in the window
  const caughtUp = firstCaughtUp(samples, allowedLag);
  if (caughtUp >= 0) {
    // lag, at, count, allowedLag
    const lag = samples.lag(caughtUp) ?? 0;
    const caughtUpAt = caughtUp + 1;
    return putReason(out, at, ReasonCode.CAUGHT_UP_IN_WINDOW, lag, caughtUpAt, count, allowedLag);
  }

  // lagwatch's rules: WARN and STALL judge a trend, which needs enough samples (7L)
  const minimumSamples = Math.min(options.minimumSamples, intervals);
  const tooFew = options.rules === 'lagwatch' && count < minimumSamples;

  // 7. committing the same offset over and over
  if (offsetsUnchanged(samples)) {
    if (tooFew) return putReason(out, at, ReasonCode.TOO_FEW_SAMPLES, count, minimumSamples);
    // offset, count, spanMs, allowedLag
    return putReason(out, at, ReasonCode.OFFSET_UNCHANGED, endOffset, count, spanMs, allowedLag);
  }

  // 8. moving, but not gaining on the log end: Burrow's WARN; lagwatch's only if it grew (8L)
  const decrease = firstLagDecrease(samples);
  if (decrease < 0) {
    const firstLag = firstKnownLag(samples);
    const lastLag = lastKnownLag(samples);
    // The three trends' numbers: firstOffset, lastOffset, count, spanMs, firstLag, lastLag.
    const code =
      options.rules === 'burrow'
        ? ReasonCode.LAG_NOT_DECREASING
        : !lagGrew(firstLag, lastLag)
          ? ReasonCode.LAG_NOT_GROWING
          : tooFew
            ? null
            : ReasonCode.LAG_GROWING;
    if (code === null) return putReason(out, at, ReasonCode.TOO_FEW_SAMPLES, count, minimumSamples);
    return putReason(out, at, code, startOffset, endOffset, count, spanMs, firstLag, lastLag);
  }

  // 9. moving and gaining: fromLag, toLag, at, count
  const fromLag = knownLagBefore(samples, decrease);
  const toLag = samples.lag(decrease) ?? 0;
  return putReason(out, at, ReasonCode.LAG_DECREASING, fromLag, toLag, decrease + 1, count);
}
