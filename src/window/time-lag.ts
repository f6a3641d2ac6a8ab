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
  return history?.ageMs(committedOffset, tickTime) ?? null;
}

/**
 * How long the group needs to catch up at its window's pace: it read `consumed` offsets
 * from its oldest sample, `fromAgoMs` before the tick at `tickTime`, to its newest,
 * `toAgoMs` before it (the window store's columns hold them; no span object is made, and
 * no epoch time is passed: EndOffsetHistory.catchUpMs says why). Fewer than two samples:
 * pass equal distances (unknown).
 */
export function catchUpOver(
  consumed: number,
  fromAgoMs: number,
  toAgoMs: number,
  tickTime: number,
  history: EndOffsetHistory | undefined,
  currentLag: number,
): number | null {
  if (currentLag <= 0) return 0;
  if (fromAgoMs <= toAgoMs || consumed <= 0) return null;
  if (history === undefined) return Math.round(currentLag / (consumed / (fromAgoMs - toAgoMs)));
  return history.catchUpMs(consumed, fromAgoMs, toAgoMs, tickTime, currentLag);
}
