// Facts about a report that more than one sink writes, computed the same way for all.
import type { EvaluationReport, TopicPartitionOffsets } from '../src/contract/report.js';

/** Seconds from milliseconds, keeping null. */
export function seconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : ms / 1000;
}

export type OffsetsLookup = (topic: string, partition: number) => TopicPartitionOffsets | undefined;

/** A report's lookup, made once however many sinks and parts read it. */
const lookups = new WeakMap<EvaluationReport, OffsetsLookup>();

/**
 * Finds a topic-partition's log-end and log-start offsets in a report. Made once per report
 * (the sinks and every part of a report encoded in parts share it: report-part.ts).
 */
export function offsetsLookup(report: EvaluationReport): OffsetsLookup {
  let lookup = lookups.get(report);
  if (lookup === undefined) {
    lookup = makeOffsetsLookup(report);
    lookups.set(report, lookup);
  }
  return lookup;
}

function makeOffsetsLookup(report: EvaluationReport): OffsetsLookup {
  // Per topic, its offsets indexed by partition number (a topic's partitions are numbered
  // from 0 up): a partition is found by index, not by hashing, and the topic's list is
  // looked up again only when the topic changes (points come topic by topic).
  const byTopic = new Map<string, (TopicPartitionOffsets | undefined)[]>();
  for (const o of report.offsets) {
    let partitions = byTopic.get(o.topic);
    if (partitions === undefined) {
      partitions = [];
      byTopic.set(o.topic, partitions);
    }
    partitions[o.partition] = o;
  }
  let lastTopic: string | null = null;
  let lastPartitions: (TopicPartitionOffsets | undefined)[] | undefined;
  return (topic, partition) => {
    if (topic !== lastTopic) {
      lastTopic = topic;
      lastPartitions = byTopic.get(topic);
    }
    return lastPartitions?.[partition];
  };
}
