// Why a partition got its status: one code per rule that can decide, the numbers the
// rule saw (a ReasonDetail), and the sentence a person reads, made from those numbers.
// RULES.md lists the rules.
import type { ReasonCode, ReasonDetail } from '../contract/reasons.js';
import type { PartitionStatusCode } from '../contract/statuses.js';
import { formatDuration } from './duration.js';

export { ReasonCode } from '../contract/reasons.js';
export type { ReasonDetail } from '../contract/reasons.js';

/** The status each reason gives: a rule decides both, so the status follows from the reason. */
export const REASON_STATUS: Readonly<Record<ReasonCode, PartitionStatusCode>> = {
  GROUP_EMPTY: 'STOP',
  NO_SAMPLES: 'OK',
  WINDOW_INCOMPLETE: 'OK',
  LAG_WITHIN_ALLOWED: 'OK',
  COMMITS_STOPPED: 'STOP',
  OFFSET_REWOUND: 'REWIND',
  CAUGHT_UP_IN_WINDOW: 'OK',
  OFFSET_UNCHANGED: 'STALL',
  LAG_NOT_DECREASING: 'WARN',
  TOO_FEW_SAMPLES: 'OK',
  LAG_GROWING: 'WARN',
  LAG_NOT_GROWING: 'OK',
  LAG_DECREASING: 'OK',
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
    case 'TOO_FEW_SAMPLES':
      return (
        `OK: not judged stalled or falling behind yet, the window holds ${samplesWord(d.count)}; ` +
        `WARN and STALL need ${d.minimumSamples}`
      );
    case 'LAG_GROWING':
      return (
        `WARN: offset moving (${d.firstOffset} to ${d.lastOffset} over ${samplesWord(d.count)}, ` +
        `${formatDuration(d.spanMs)}) but lag grew (${lagWord(d.firstLag)} to ${lagWord(d.lastLag)}) ` +
        'and never fell'
      );
    case 'LAG_NOT_GROWING':
      return (
        `OK: offset moving (${d.firstOffset} to ${d.lastOffset} over ${samplesWord(d.count)}, ` +
        `${formatDuration(d.spanMs)}) and lag did not grow (${lagWord(d.firstLag)} to ` +
        `${lagWord(d.lastLag)}): keeping pace`
      );
    case 'LAG_DECREASING':
      return (
        `OK: offset moving and lag fell from ${lagWord(d.fromLag)} to ${d.toLag} ` +
        `at sample ${d.at} of ${d.count}`
      );
  }
}
