// Why a partition got its status: one code per rule that can decide, and the numbers the
// rule saw (a ReasonDetail). The evaluator (src/status) decides them and words them;
// every reader of a report may branch on them. src/status/RULES.md lists the rules.

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
  /** lagwatch's rules: the window would be WARN or STALL, but holds too few samples to say so. OK. */
  TOO_FEW_SAMPLES: 'TOO_FEW_SAMPLES',
  /** lagwatch's rules: the offset moves, the lag never fell and ended higher than it began. WARN. */
  LAG_GROWING: 'LAG_GROWING',
  /** lagwatch's rules: the offset moves and the lag never fell but did not grow either. OK. */
  LAG_NOT_GROWING: 'LAG_NOT_GROWING',
} as const;

export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** Every reason, each at its number (REASON_NUMBER): how packed numbers hold a reason. */
export const REASON_CODES: readonly ReasonCode[] = Object.values(ReasonCode);

/** Each reason's place in REASON_CODES. */
export const REASON_NUMBER: Readonly<Record<ReasonCode, number>> = Object.fromEntries(
  REASON_CODES.map((code, i) => [code, i]),
) as Record<ReasonCode, number>;

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
      readonly code: 'TOO_FEW_SAMPLES';
      readonly count: number;
      readonly minimumSamples: number;
    }
  | {
      readonly code: 'LAG_GROWING' | 'LAG_NOT_GROWING';
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

/**
 * Each reason's numbers, in the order its detail lists them after `code`: the evaluator
 * stores them so (src/status/partition-numbers.ts), and an encoder can write a detail from
 * them without the object (PartitionStatus.reasonNumber).
 */
export const REASON_KEYS: Readonly<Record<ReasonCode, readonly string[]>> = {
  GROUP_EMPTY: ['currentLag', 'allowedLag'],
  NO_SAMPLES: [],
  WINDOW_INCOMPLETE: ['count', 'intervals', 'minimumComplete'],
  LAG_WITHIN_ALLOWED: ['currentLag', 'allowedLag'],
  COMMITS_STOPPED: ['lastOffset', 'sinceMs', 'spanMs', 'currentLag'],
  OFFSET_REWOUND: ['before', 'after', 'at', 'count', 'highest'],
  CAUGHT_UP_IN_WINDOW: ['lag', 'at', 'count', 'allowedLag'],
  OFFSET_UNCHANGED: ['offset', 'count', 'spanMs', 'allowedLag'],
  LAG_NOT_DECREASING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  TOO_FEW_SAMPLES: ['count', 'minimumSamples'],
  LAG_GROWING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  LAG_NOT_GROWING: ['firstOffset', 'lastOffset', 'count', 'spanMs', 'firstLag', 'lastLag'],
  LAG_DECREASING: ['fromLag', 'toLag', 'at', 'count'],
};
