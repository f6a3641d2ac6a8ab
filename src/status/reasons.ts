// Why a partition got its status: one code per rule that can decide, and the sentence
// a person reads, with the numbers that made the rule fire. RULES.md lists them.
import { formatDuration } from './duration.js';

export const ReasonCode = {
  /** Membership: the group has no members but the partition has lag. STOP. */
  GROUP_EMPTY: 'GROUP_EMPTY',
  /** The window holds no samples. OK. */
  NO_SAMPLES: 'NO_SAMPLES',
  /** The window is less full than minimumComplete; not judged. OK. */
  WINDOW_INCOMPLETE: 'WINDOW_INCOMPLETE',
  /** The current lag is within allowedLag. OK. */
  LAG_WITHIN_ALLOWED: 'LAG_WITHIN_ALLOWED',
  /** No commit for longer than the window spans, and the log end never came down to the commit. STOP. */
  COMMITS_STOPPED: 'COMMITS_STOPPED',
  /** The offset went back and has not returned. REWIND. */
  OFFSET_REWOUND: 'OFFSET_REWOUND',
  /** Some sample in the window had lag within allowedLag. OK. */
  CAUGHT_UP_IN_WINDOW: 'CAUGHT_UP_IN_WINDOW',
  /** The offset is the same in every sample. STALL. */
  OFFSET_UNCHANGED: 'OFFSET_UNCHANGED',
  /** The offset moves but the lag never falls. WARN. */
  LAG_NOT_DECREASING: 'LAG_NOT_DECREASING',
  /** The offset moves and the lag fell at least once. OK. */
  LAG_DECREASING: 'LAG_DECREASING',
} as const;

export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

const samplesWord = (n: number): string => (n === 1 ? '1 sample' : `${n} samples`);
const lagWord = (lag: number | null): string => (lag === null ? 'unknown' : String(lag));

export const reasonText = {
  groupEmpty: (currentLag: number, allowedLag: number): string =>
    `STOP: the group has no members (state Empty) and current lag ${currentLag} is above ${allowedLag}`,

  noSamples: (): string => 'OK: no consumer samples in the window yet, nothing to judge',

  windowIncomplete: (count: number, intervals: number, minimumComplete: number): string =>
    `OK: not judged, the window holds ${count} of ${intervals} samples, ` +
    `below minimumComplete ${minimumComplete}`,

  lagWithinAllowed: (currentLag: number, allowedLag: number): string =>
    `OK: current lag ${currentLag} is within the allowed lag ${allowedLag}`,

  commitsStopped: (
    lastOffset: number,
    sinceMs: number,
    spanMs: number,
    currentLag: number,
  ): string =>
    `STOP: no commit since offset ${lastOffset} ${formatDuration(sinceMs)} ago, longer than ` +
    `the window spans (${formatDuration(spanMs)}); current lag ${currentLag}`,

  offsetRewound: (
    before: number,
    after: number,
    at: number,
    count: number,
    highest: number,
  ): string =>
    `REWIND: offset went back from ${before} to ${after} at sample ${at} ` +
    `of ${count} and has not returned to ${before} since (highest ${highest})`,

  caughtUpInWindow: (lag: number, at: number, count: number, allowedLag: number): string =>
    `OK: lag ${lag} at sample ${at} of ${count} was within the allowed lag ${allowedLag}`,

  offsetUnchanged: (offset: number, count: number, spanMs: number, allowedLag: number): string =>
    `STALL: offset ${offset} unchanged over ${samplesWord(count)} (${formatDuration(spanMs)}), ` +
    `lag always above ${allowedLag}`,

  lagNotDecreasing: (
    firstOffset: number,
    lastOffset: number,
    count: number,
    spanMs: number,
    firstLag: number | null,
    lastLag: number | null,
  ): string =>
    `WARN: offset moving (${firstOffset} to ${lastOffset} over ${samplesWord(count)}, ` +
    `${formatDuration(spanMs)}) but lag never fell (${lagWord(firstLag)} to ${lagWord(lastLag)})`,

  lagDecreasing: (from: number | null, to: number, at: number, count: number): string =>
    `OK: offset moving and lag fell from ${lagWord(from)} to ${to} at sample ${at} of ${count}`,
} as const;
