// The incident's worst partition: the one an on-call engineer should look at first
// (src/contract/worst-partition.ts), with what a notification says of it.
import type { WorstPartition } from '../contract/incident.js';
import type { GroupStatus } from '../contract/report.js';
import { worstPartition as worstOf } from '../contract/worst-partition.js';

export function worstPartition(group: GroupStatus): WorstPartition | null {
  const worst = worstOf(group);
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
