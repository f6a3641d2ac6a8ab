// Why a partition got its status: one code per rule that can decide, the numbers the
// rule saw (a ReasonDetail), and the sentence a person reads, made from those numbers.
// RULES.md lists the rules.
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

/** The numbers behind each reason. `at` counts samples from 1, oldest first, within the window. */
export type ReasonDetail =
  | { readonly code: 'GROUP_EMPTY'; readonly currentLag: number; readonly allowedLag: number }
  | { readonly code: 'NO_SAMPLES' }
  | {
      readonly code: 'WINDOW_INCOMPLETE';
      readonly count: number;
      readonly intervals: number;
      readonly minimumComplete: number;
    }
  | {
      readonly code: 'LAG_WITHIN_ALLOWED';
      readonly currentLag: number;
      readonly allowedLag: number;
    }
  | {
      readonly code: 'COMMITS_STOPPED';
      readonly lastOffset: number;
      readonly sinceMs: number;
      readonly spanMs: number;
      readonly currentLag: number;
    }
  | {
      readonly code: 'OFFSET_REWOUND';
      readonly before: number;
      readonly after: number;
      readonly at: number;
      readonly count: number;
      readonly highest: number;
    }
  | {
      readonly code: 'CAUGHT_UP_IN_WINDOW';
      readonly lag: number;
      readonly at: number;
      readonly count: number;
      readonly allowedLag: number;
    }
  | {
      readonly code: 'OFFSET_UNCHANGED';
      readonly offset: number;
      readonly count: number;
      readonly spanMs: number;
      readonly allowedLag: number;
    }
  | {
      readonly code: 'LAG_NOT_DECREASING';
      readonly firstOffset: number;
      readonly lastOffset: number;
      readonly count: number;
      readonly spanMs: number;
      readonly firstLag: number | null;
      readonly lastLag: number | null;
    }
  | {
      readonly code: 'LAG_DECREASING';
      readonly fromLag: number | null;
      readonly toLag: number;
      readonly at: number;
      readonly count: number;
    };

const samplesWord = (n: number): string => (n === 1 ? '1 sample' : `${n} samples`);
const lagWord = (lag: number | null): string => (lag === null ? 'unknown' : String(lag));

/** The sentence for a reason: the status, a colon, then what the rule saw. */
export function describeReason(d: ReasonDetail): string {
  switch (d.code) {
    case 'GROUP_EMPTY':
      return `STOP: the group has no members (state Empty) and current lag ${d.currentLag} is above ${d.allowedLag}`;
    case 'NO_SAMPLES':
      return 'OK: no consumer samples in the window yet, nothing to judge';
    case 'WINDOW_INCOMPLETE':
      return (
        `OK: not judged, the window holds ${d.count} of ${d.intervals} samples, ` +
        `below minimumComplete ${d.minimumComplete}`
      );
    case 'LAG_WITHIN_ALLOWED':
      return `OK: current lag ${d.currentLag} is within the allowed lag ${d.allowedLag}`;
    case 'COMMITS_STOPPED':
      return (
        `STOP: no commit since offset ${d.lastOffset} ${formatDuration(d.sinceMs)} ago, ` +
        `longer than the window spans (${formatDuration(d.spanMs)}); current lag ${d.currentLag}`
      );
    case 'OFFSET_REWOUND':
      return (
        `REWIND: offset went back from ${d.before} to ${d.after} at sample ${d.at} of ${d.count} ` +
        `and has not returned to ${d.before} since (highest ${d.highest})`
      );
    case 'CAUGHT_UP_IN_WINDOW':
      return `OK: lag ${d.lag} at sample ${d.at} of ${d.count} was within the allowed lag ${d.allowedLag}`;
    case 'OFFSET_UNCHANGED':
      return (
        `STALL: offset ${d.offset} unchanged over ${samplesWord(d.count)} ` +
        `(${formatDuration(d.spanMs)}), lag always above ${d.allowedLag}`
      );
    case 'LAG_NOT_DECREASING':
      return (
        `WARN: offset moving (${d.firstOffset} to ${d.lastOffset} over ${samplesWord(d.count)}, ` +
        `${formatDuration(d.spanMs)}) but lag never fell (${lagWord(d.firstLag)} to ${lagWord(d.lastLag)})`
      );
    case 'LAG_DECREASING':
      return (
        `OK: offset moving and lag fell from ${lagWord(d.fromLag)} to ${d.toLag} ` +
        `at sample ${d.at} of ${d.count}`
      );
  }
}
