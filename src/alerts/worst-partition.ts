// The partition an on-call engineer should look at first: the highest status (REWIND >
// STALL > STOP > ERR > WARN > OK, Burrow's order), then the highest lag.
import type { WorstPartition } from '../contract/incident.js';
import type { GroupStatus } from '../contract/report.js';
import { statusNumber } from '../contract/statuses.js';

export function worstPartition(group: GroupStatus): WorstPartition | null {
  let worst: GroupStatus['partitions'][number] | null = null;
  for (const p of group.partitions) {
    if (
      worst === null ||
      statusNumber[p.status] > statusNumber[worst.status] ||
      (p.status === worst.status && p.currentLag > worst.currentLag)
    ) {
      worst = p;
    }
  }
  if (worst === null) return null;
  return {
    topic: worst.topic,
    partition: worst.partition,
    status: worst.status,
    currentLag: worst.currentLag,
    timeLagMs: worst.timeLagMs,
    reason: worst.reasonText,
  };
}

/** Whether a change of worst partition is news: another partition, or another status. */
export function sameWorst(a: WorstPartition | null, b: WorstPartition | null): boolean {
  if (a === null || b === null) return a === b;
  return a.topic === b.topic && a.partition === b.partition && a.status === b.status;
}
