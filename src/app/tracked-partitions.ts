// How many group-partitions the service tracks, over all its clusters: what the heap's
// tuning (heap-tuning.ts, after-tick-collection.ts) goes by. Each cluster counts as its
// last report that sampled it said; a report of a cluster that could not be sampled keeps
// the cluster's previous count.
import type { EvaluationReport } from '../contract/report.js';

export class TrackedPartitions {
  readonly #byCluster = new Map<string, number>();

  /** Counts `report`'s group-partitions for its cluster; returns the total of all clusters. */
  record(report: EvaluationReport): number {
    if (report.available) {
      let groupPartitions = 0;
      for (const group of report.groups) groupPartitions += group.partitionCount;
      this.#byCluster.set(report.cluster, groupPartitions);
    }
    let total = 0;
    for (const count of this.#byCluster.values()) total += count;
    return total;
  }
}
