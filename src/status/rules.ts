// The window tests behind each status, one small function per test. Each looks at the
// judged samples (the window's newest `intervals`, oldest first, copied into columns:
// judged-samples.ts; callers guarantee there is at least one) and allocates nothing.
// RULES.md says what each test means and in which order they are asked.
import type { JudgedSamples } from './judged-samples.js';

type Samples = JudgedSamples;

/** The consumer stopped committing: the time since the newest sample is longer than the window spans. */
export function commitsStopped(samples: Samples, nowMs: number): boolean {
  const firstTs = samples.timestamp(0);
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
export function firstRewind(samples: Samples): number {
  const offsets = samples.offsets;
  for (let i = 1; i < samples.length; i++) {
    if (offsets[i]! < offsets[i - 1]!) return i;
  }
  return -1;
}

/** Whether some sample after a rewind at `at` is back at or above the offset just before it. */
export function rewindRecovered(samples: Samples, at: number): boolean {
  const offsets = samples.offsets;
  const before = offsets[at - 1]!;
  for (let i = at + 1; i < samples.length; i++) {
    if (offsets[i]! >= before) return true;
  }
  return false;
}

/** The highest offset at or after index `from`. */
export function highestOffsetFrom(samples: Samples, from: number): number {
  const offsets = samples.offsets;
  let highest = offsets[from]!;
  for (let i = from + 1; i < samples.length; i++) {
    const offset = offsets[i]!;
    if (offset > highest) highest = offset;
  }
  return highest;
}

/** Index of the first sample with a known lag at or below `allowedLag`, or -1. */
export function firstCaughtUp(samples: Samples, allowedLag: number): number {
  const lags = samples.lags;
  for (let i = 0; i < samples.length; i++) {
    // An unknown lag (NaN) compares false.
    if (lags[i]! <= allowedLag) return i;
  }
  return -1;
}

/** Whether every sample in the window has the same offset (always true for one sample). */
export function offsetsUnchanged(samples: Samples): boolean {
  const offsets = samples.offsets;
  const offset = offsets[0]!;
  for (let i = 1; i < samples.length; i++) {
    if (offsets[i]! !== offset) return false;
  }
  return true;
}

/**
 * Index of the first sample whose lag is lower than the previous known lag (unknown lags
 * are skipped), or -1 when the known lags never decrease.
 */
export function firstLagDecrease(samples: Samples): number {
  const lags = samples.lags;
  // NaN until a lag is known: comparing with it is false.
  let previous = NaN;
  for (let i = 0; i < samples.length; i++) {
    const lag = lags[i]!;
    if (Number.isNaN(lag)) continue;
    if (lag < previous) return i;
    previous = lag;
  }
  return -1;
}

/** The known lag nearest before index `i`, or null. */
export function knownLagBefore(samples: Samples, i: number): number | null {
  const lags = samples.lags;
  for (let j = i - 1; j >= 0; j--) {
    const lag = lags[j]!;
    if (!Number.isNaN(lag)) return lag;
  }
  return null;
}

/** The first known lag, or null. */
export function firstKnownLag(samples: Samples): number | null {
  const lags = samples.lags;
  for (let i = 0; i < samples.length; i++) {
    const lag = lags[i]!;
    if (!Number.isNaN(lag)) return lag;
  }
  return null;
}

/** The last known lag, or null. */
export function lastKnownLag(samples: Samples): number | null {
  return knownLagBefore(samples, samples.length);
}

/** Whether the lag grew over the window: both ends known and the last above the first. */
export function lagGrew(firstLag: number | null, lastLag: number | null): boolean {
  return firstLag !== null && lastLag !== null && lastLag > firstLag;
}
