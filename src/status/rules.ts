// The window tests behind each status, one small function per test. Each looks at the
// samples from index `first` to the end of the series (the judged window, oldest first;
// callers guarantee it holds at least one sample) and allocates nothing.
// RULES.md says what each test means and in which order they are asked.
import type { SampleSeries } from '../contract/evaluation.js';

type Samples = SampleSeries;

/** The consumer stopped committing: the time since the newest sample is longer than the window spans. */
export function commitsStopped(samples: Samples, first: number, nowMs: number): boolean {
  const firstTs = samples.timestamp(first);
  const lastTs = samples.timestamp(samples.length - 1);
  return nowMs - lastTs > lastTs - firstTs;
}

/**
 * Index of the first recent log-end offset at or below the last committed offset (the
 * consumer had no lag recently), or -1.
 */
export function brokerReachedCommit(brokerOffsets: readonly number[], lastOffset: number): number {
  for (let i = 0; i < brokerOffsets.length; i++) {
    if (brokerOffsets[i]! <= lastOffset) return i;
  }
  return -1;
}

/** Index of the first sample whose offset is lower than the one before it, or -1. */
export function firstRewind(samples: Samples, first: number): number {
  for (let i = first + 1; i < samples.length; i++) {
    if (samples.offset(i) < samples.offset(i - 1)) return i;
  }
  return -1;
}

/** Whether some sample after a rewind at `at` is back at or above the offset just before it. */
export function rewindRecovered(samples: Samples, at: number): boolean {
  const before = samples.offset(at - 1);
  for (let i = at + 1; i < samples.length; i++) {
    if (samples.offset(i) >= before) return true;
  }
  return false;
}

/** The highest offset at or after index `from`. */
export function highestOffsetFrom(samples: Samples, from: number): number {
  let highest = samples.offset(from);
  for (let i = from + 1; i < samples.length; i++) {
    const offset = samples.offset(i);
    if (offset > highest) highest = offset;
  }
  return highest;
}

/** Index of the first sample with a known lag at or below `allowedLag`, or -1. */
export function firstCaughtUp(samples: Samples, first: number, allowedLag: number): number {
  for (let i = first; i < samples.length; i++) {
    const lag = samples.lag(i);
    if (lag !== null && lag <= allowedLag) return i;
  }
  return -1;
}

/** Whether every sample in the window has the same offset (always true for one sample). */
export function offsetsUnchanged(samples: Samples, first: number): boolean {
  const offset = samples.offset(first);
  for (let i = first + 1; i < samples.length; i++) {
    if (samples.offset(i) !== offset) return false;
  }
  return true;
}

/**
 * Index of the first sample whose lag is lower than the previous known lag (unknown lags
 * are skipped), or -1 when the known lags never decrease.
 */
export function firstLagDecrease(samples: Samples, first: number): number {
  let previous: number | null = null;
  for (let i = first; i < samples.length; i++) {
    const lag = samples.lag(i);
    if (lag === null) continue;
    if (previous !== null && lag < previous) return i;
    previous = lag;
  }
  return -1;
}

/** The known lag nearest before index `i`, or null. */
export function knownLagBefore(samples: Samples, first: number, i: number): number | null {
  for (let j = i - 1; j >= first; j--) {
    const lag = samples.lag(j);
    if (lag !== null) return lag;
  }
  return null;
}

/** The first known lag from index `from` onwards, or null. */
export function firstKnownLag(samples: Samples, from: number): number | null {
  for (let i = from; i < samples.length; i++) {
    const lag = samples.lag(i);
    if (lag !== null) return lag;
  }
  return null;
}

/** The last known lag at or after index `first`, or null. */
export function lastKnownLag(samples: Samples, first: number): number | null {
  return knownLagBefore(samples, first, samples.length);
}

/** Whether the lag grew over the window: both ends known and the last above the first. */
export function lagGrew(firstLag: number | null, lastLag: number | null): boolean {
  return firstLag !== null && lastLag !== null && lastLag > firstLag;
}
