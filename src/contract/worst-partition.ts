// The partition an on-call engineer should look at first, shared by every view of a group
// (the status page, the demo's table, the alerts): the highest status (REWIND > STALL >
// STOP > WARN > OK, Burrow's order), then the highest lag.
import type { GroupStatus, PartitionStatus } from './report.js';
import { statusNumber } from './statuses.js';

export function worstPartition(group: GroupStatus): PartitionStatus | null {
  let worst: PartitionStatus | null = null;
  for (const p of group.partitions) {
    if (
      worst === null ||
      statusNumber[p.status] > statusNumber[worst.status] ||
      (p.status === worst.status && p.currentLag > worst.currentLag)
    ) {
      worst = p;
    }
  }
  return worst;
}
