// Judges one partition of one group over its window: Burrow's rules in Burrow's order,
// preceded by lagwatch's membership rule; with `rules: 'lagwatch'` (the default) a trend
// (WARN, STALL) also needs enough samples and WARN needs the lag to grow, because polled
// samples of a consumer keeping pace show a flat lag. RULES.md is the specification.
import type { EvaluatorOptions } from './options.js';
import { seriesOf } from './array-series.js';
import { EvaluatedPartition } from './partition-status.js';
import { REASON_STATUS, ReasonCode } from './reasons.js';
import type { ReasonDetail } from './reasons.js';
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
import type { PartitionStatus, PartitionWindow, SampleSeries } from '../contract/evaluation.js';

/** Kafka's name for the state of a group without members. */
export const EMPTY_GROUP_STATE = 'Empty';

const noSamples: ReasonDetail = Object.freeze({ code: ReasonCode.NO_SAMPLES });

// Made only for a window with too few samples that gets this far: an object made for every
// partition judged is what the collector pays for.
const tooFewSamples = (count: number, minimumSamples: number) =>
  ({ code: ReasonCode.TOO_FEW_SAMPLES, count, minimumSamples }) as const;

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
  numbers?: Float64Array,
  index = 0,
): PartitionStatus {
  const samples = seriesOf(window);
  const n = samples.length;
  const first = n > options.intervals ? n - options.intervals : 0;
  const complete = (n - first) / options.intervals;
  const detail = reasonFor(window, samples, first, options, nowMs, groupState);
  const status = REASON_STATUS[detail.code];
  return new EvaluatedPartition(window, samples, complete, first, status, detail, numbers, index);
}

/** The rule that decides, in order, and the numbers it saw; `first`: oldest sample judged. */
function reasonFor(
  window: PartitionWindow,
  samples: SampleSeries,
  first: number,
  options: EvaluatorOptions,
  nowMs: number,
  groupState: string | null,
): ReasonDetail {
  const { currentLag } = window;
  const { allowedLag, intervals } = options;
  const n = samples.length;
  const count = n - first;
  const complete = count / intervals;
  const lagged = currentLag > allowedLag;

  // 0. membership
  if (lagged && groupState === EMPTY_GROUP_STATE) {
    return { code: ReasonCode.GROUP_EMPTY, currentLag, allowedLag };
  }
  // 1-3. nothing to judge, not enough to judge, or no lag to speak of
  if (count === 0) {
    return noSamples;
  }
  if (complete < options.minimumComplete) {
    const { minimumComplete } = options;
    return {
      code: ReasonCode.WINDOW_INCOMPLETE,
      count,
      intervals,
      minimumComplete,
    };
  }
  if (!lagged) {
    return { code: ReasonCode.LAG_WITHIN_ALLOWED, currentLag, allowedLag };
  }

  const startOffset = samples.offset(first);
  const endOffset = samples.offset(n - 1);
  const endTimestamp = samples.timestamp(n - 1);
  const spanMs = endTimestamp - samples.timestamp(first);

  // 4. stopped committing, and not caught up lately; lagwatch's rules want a span to
  // compare with: one commit (a replayed offsets topic, a group's first) is no rate (4L)
  const spanKnown = options.rules === 'burrow' || count > 1;
  if (
    spanKnown &&
    commitsStopped(samples, first, nowMs) &&
    brokerReachedCommit(window.brokerOffsets, endOffset) < 0
  ) {
    const sinceMs = nowMs - endTimestamp;
    return {
      code: ReasonCode.COMMITS_STOPPED,
      lastOffset: endOffset,
      sinceMs,
      spanMs,
      currentLag,
    };
  }

  // 5. went back and did not come back
  const rewind = firstRewind(samples, first);
  if (rewind >= 0 && !rewindRecovered(samples, rewind)) {
    return {
      code: ReasonCode.OFFSET_REWOUND,
      before: samples.offset(rewind - 1),
      after: samples.offset(rewind),
      at: rewind - first + 1,
      count,
      highest: highestOffsetFrom(samples, rewind),
    };
  }

  // 6. caught up at some point in the window
  const caughtUp = firstCaughtUp(samples, first, allowedLag);
  if (caughtUp >= 0) {
    return {
      code: ReasonCode.CAUGHT_UP_IN_WINDOW,
      lag: samples.lag(caughtUp) ?? 0,
      at: caughtUp - first + 1,
      count,
      allowedLag,
    };
  }

  // lagwatch's rules: WARN and STALL judge a trend, which needs enough samples (7L)
  const minimumSamples = Math.min(options.minimumSamples, intervals);
  const tooFew =
    options.rules === 'lagwatch' && count < minimumSamples
      ? tooFewSamples(count, minimumSamples)
      : null;

  // 7. committing the same offset over and over
  if (offsetsUnchanged(samples, first)) {
    if (tooFew) return tooFew;
    return {
      code: ReasonCode.OFFSET_UNCHANGED,
      offset: endOffset,
      count,
      spanMs,
      allowedLag,
    };
  }

  // 8. moving, but not gaining on the log end: Burrow's WARN; lagwatch's only if it grew (8L)
  const decrease = firstLagDecrease(samples, first);
  if (decrease < 0) {
    const firstLag = firstKnownLag(samples, first);
    const lastLag = lastKnownLag(samples, first);
    const trend = { firstOffset: startOffset, lastOffset: endOffset, count, spanMs } as const;
    if (options.rules === 'burrow') {
      return { code: ReasonCode.LAG_NOT_DECREASING, ...trend, firstLag, lastLag };
    }
    if (!lagGrew(firstLag, lastLag)) {
      return { code: ReasonCode.LAG_NOT_GROWING, ...trend, firstLag, lastLag };
    }
    if (tooFew) return tooFew;
    return { code: ReasonCode.LAG_GROWING, ...trend, firstLag, lastLag };
  }

  // 9. moving and gaining
  return {
    code: ReasonCode.LAG_DECREASING,
    fromLag: knownLagBefore(samples, first, decrease),
    toLag: samples.lag(decrease) ?? 0,
    at: decrease - first + 1,
    count,
  };
}
