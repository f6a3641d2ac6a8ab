// Judges one partition of one group over its window: Burrow's rules in Burrow's order,
// preceded by lagwatch's membership rule. RULES.md is the specification of this file.
import type { EvaluatorOptions } from './options.js';
import { ReasonCode, reasonText } from './reasons.js';
import {
  brokerReachedCommit,
  commitsStopped,
  firstCaughtUp,
  firstKnownLag,
  firstLagDecrease,
  firstRewind,
  highestOffsetFrom,
  knownLagBefore,
  lastKnownLag,
  offsetsUnchanged,
  rewindRecovered,
} from './rules.js';
import type { PartitionStatusCode } from './statuses.js';
import type { PartitionStatus, PartitionWindow } from './types.js';

/** Kafka's name for a group without members. */
export const EMPTY_GROUP_STATE = 'Empty';

/**
 * The status of one partition at `nowMs`. `groupState` is Kafka's state of the group when
 * known ('Empty' turns on the membership rule); null means Burrow's rules alone.
 */
export function evaluatePartition(
  window: PartitionWindow,
  options: EvaluatorOptions,
  nowMs: number,
  groupState: string | null = null,
): PartitionStatus {
  const { samples, currentLag } = window;
  const { allowedLag, intervals } = options;
  const n = samples.length;
  const first = n > intervals ? n - intervals : 0;
  const count = n - first;
  const complete = count / intervals;
  const lagged = currentLag > allowedLag;

  if (lagged && groupState === EMPTY_GROUP_STATE) {
    return status(
      window,
      complete,
      first,
      'STOP',
      ReasonCode.GROUP_EMPTY,
      reasonText.groupEmpty(currentLag, allowedLag),
    );
  }
  if (count === 0) {
    return status(window, 0, first, 'OK', ReasonCode.NO_SAMPLES, reasonText.noSamples());
  }
  if (complete < options.minimumComplete) {
    const text = reasonText.windowIncomplete(count, intervals, options.minimumComplete);
    return status(window, complete, first, 'OK', ReasonCode.WINDOW_INCOMPLETE, text);
  }
  if (!lagged) {
    const text = reasonText.lagWithinAllowed(currentLag, allowedLag);
    return status(window, complete, first, 'OK', ReasonCode.LAG_WITHIN_ALLOWED, text);
  }

  const start = samples[first]!;
  const end = samples[n - 1]!;
  const spanMs = end.timestamp - start.timestamp;

  if (
    commitsStopped(samples, first, nowMs) &&
    brokerReachedCommit(window.brokerOffsets, end.offset) < 0
  ) {
    const text = reasonText.commitsStopped(end.offset, nowMs - end.timestamp, spanMs, currentLag);
    return status(window, complete, first, 'STOP', ReasonCode.COMMITS_STOPPED, text);
  }

  const rewind = firstRewind(samples, first);
  if (rewind >= 0 && !rewindRecovered(samples, rewind)) {
    const before = samples[rewind - 1]!.offset;
    const text = reasonText.offsetRewound(
      before,
      samples[rewind]!.offset,
      rewind - first + 1,
      count,
      highestOffsetFrom(samples, rewind),
    );
    return status(window, complete, first, 'REWIND', ReasonCode.OFFSET_REWOUND, text);
  }

  const caughtUp = firstCaughtUp(samples, first, allowedLag);
  if (caughtUp >= 0) {
    const lag = samples[caughtUp]!.lag ?? 0;
    const text = reasonText.caughtUpInWindow(lag, caughtUp - first + 1, count, allowedLag);
    return status(window, complete, first, 'OK', ReasonCode.CAUGHT_UP_IN_WINDOW, text);
  }

  if (offsetsUnchanged(samples, first)) {
    const text = reasonText.offsetUnchanged(end.offset, count, spanMs, allowedLag);
    return status(window, complete, first, 'STALL', ReasonCode.OFFSET_UNCHANGED, text);
  }

  const decrease = firstLagDecrease(samples, first);
  if (decrease < 0) {
    const text = reasonText.lagNotDecreasing(
      start.offset,
      end.offset,
      count,
      spanMs,
      firstKnownLag(samples, first),
      lastKnownLag(samples, first),
    );
    return status(window, complete, first, 'WARN', ReasonCode.LAG_NOT_DECREASING, text);
  }

  const text = reasonText.lagDecreasing(
    knownLagBefore(samples, first, decrease),
    samples[decrease]!.lag ?? 0,
    decrease - first + 1,
    count,
  );
  return status(window, complete, first, 'OK', ReasonCode.LAG_DECREASING, text);
}

function status(
  window: PartitionWindow,
  complete: number,
  first: number,
  code: PartitionStatusCode,
  reason: ReasonCode,
  reasonText: string,
): PartitionStatus {
  const { samples } = window;
  const n = samples.length;
  return {
    topic: window.topic,
    partition: window.partition,
    owner: window.owner ?? '',
    clientId: window.clientId ?? '',
    status: code,
    start: n > first ? samples[first]! : null,
    end: n > 0 ? samples[n - 1]! : null,
    currentLag: window.currentLag,
    complete,
    timeLagMs: window.timeLagMs ?? null,
    catchUpMs: window.catchUpMs ?? null,
    messagesLost: window.messagesLost ?? null,
    reason,
    reasonText,
  };
}
