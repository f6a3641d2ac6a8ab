// Lag in time and the time to catch up, from what the window store keeps.
//
// Lag in seconds (as kafka-lag-exporter and Burrow's users mean it): how old the
// group's oldest unread message is. The end-offset history says when the log end
// passed the committed offset (interpolated between the bracketing ticks, extrapolated
// from the oldest ones when the commit is older than the history); the lag is the tick
// time minus that, 0 when the group has read everything, and unknown (null) — never
// 0 — when the history cannot tell. It is a count of whole milliseconds: the
// interpolation gives fractions (19428.61…), rounded here so every sink and the API
// get an integer.
//
// Catch-up: at the rate the group consumed over its window, net of the rate the log
// grew over the same time, how long until the lag is 0. Unknown when the group is not
// consuming, or consumes no faster than the log grows (it will not catch up).
import type { EndOffsetHistory } from './end-offset-history.js';

export function timeLagMs(
  history: EndOffsetHistory | undefined,
  committedOffset: number,
  logEndOffset: number,
  tickTime: number,
): number | null {
  if (committedOffset >= logEndOffset) return 0;
  const appendedAt = history?.timeAtOffset(committedOffset) ?? null;
  if (appendedAt === null) return null;
  return Math.max(0, Math.round(tickTime - appendedAt));
}

/**
 * How long the group needs to catch up at its window's pace, from the oldest and newest
 * samples' offsets and times (the window store's columns hold them; no span object is
 * made). Fewer than two samples: pass equal times (unknown).
 */
export function catchUpOver(
  firstOffset: number,
  firstTime: number,
  lastOffset: number,
  lastTime: number,
  history: EndOffsetHistory | undefined,
  currentLag: number,
): number | null {
  if (currentLag <= 0) return 0;
  if (lastTime <= firstTime) return null;
  const consumedPerMs = (lastOffset - firstOffset) / (lastTime - firstTime);
  if (consumedPerMs <= 0) return null;
  const producedPerMs = history?.growthPerMs(firstTime, lastTime) ?? 0;
  const netPerMs = consumedPerMs - producedPerMs;
  if (netPerMs <= 0) return null;
  return Math.round(currentLag / netPerMs);
}
