// Facts about a report that more than one sink writes, computed the same way for all.
// (Sinks know only the report types, so Burrow's status numbers are restated here; a
// unit test holds them equal to src/status's table.)
import type {
  EvaluationReport,
  GroupStatus,
  PartitionStatus,
  TopicPartitionOffsets,
} from '../src/report/types.js';

/** Burrow's numeric status: NOTFOUND 0, OK 1, WARN 2, ERR 3, STOP 4, STALL 5, REWIND 6. */
export const burrowStatusCode: Readonly<
  Record<GroupStatus['status'] | PartitionStatus['status'], number>
> = Object.freeze({ NOTFOUND: 0, OK: 1, WARN: 2, ERR: 3, STOP: 4, STALL: 5, REWIND: 6 });

/** Seconds from milliseconds, keeping null. */
export function seconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : ms / 1000;
}

export type OffsetsLookup = (topic: string, partition: number) => TopicPartitionOffsets | undefined;

/** Finds a topic-partition's log-end and log-start offsets in a report. */
export function offsetsLookup(report: EvaluationReport): OffsetsLookup {
  const byTopic = new Map<string, Map<number, TopicPartitionOffsets>>();
  for (const o of report.offsets) {
    let partitions = byTopic.get(o.topic);
    if (partitions === undefined) {
      partitions = new Map<number, TopicPartitionOffsets>();
      byTopic.set(o.topic, partitions);
    }
    partitions.set(o.partition, o);
  }
  return (topic, partition) => byTopic.get(topic)?.get(partition);
}
