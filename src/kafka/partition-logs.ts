// What a tick knows of each partition a group's lag may count (every partition of every
// topic that exists and that the topic filter admits): its log end and start, why they are
// missing, and its owner-lookup key. Built once per tick and shared by every group, so a
// group's lag looks a topic up once per run of its partitions and makes nothing per
// partition but the PartitionLag it reports (100,000 of those a tick at 10,000 groups).
import type { SampleFault } from '../contract/snapshot.js';
import { partitionKey } from './assignment.js';
import type { ListedOffset } from './kafkajs-internals.js';

export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** partitionKey(topic, partition), as descriptions key their owners. */
  readonly key: string;
  readonly logEndOffset: number | null;
  readonly logStartOffset: number | null;
  /** Why logEndOffset is unknown; null when it is known. */
  readonly fault: SampleFault | null;
  /**
   * Scratch for groupLag: the turn of the last group that committed this partition. Lets a
   * group tell its owned-but-uncommitted partitions (and duplicates) without a Set.
   */
  committedInTurn: number;
}

export interface PartitionLogs {
  /** Topic -> its partitions indexed by partition number (a hole: no such partition). */
  readonly byTopic: ReadonlyMap<string, readonly (PartitionLog | undefined)[]>;
  /** partitionKey -> the same partition: how an owner finds it. */
  readonly byKey: ReadonlyMap<string, PartitionLog>;
}

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number }[];
}

/**
 * `topics`: the admitted topics as metadata lists them (a later entry of the same topic
 * replaces an earlier one); `ends`, `starts`: listed offsets; `faultOf`: per topic.
 */
export function partitionLogs(
  topics: Iterable<TopicPartitions>,
  ends: ReadonlyMap<string, ReadonlyMap<number, number>>,
  starts: ReadonlyMap<string, ReadonlyMap<number, number>>,
  faultOf: ReadonlyMap<string, SampleFault>,
): PartitionLogs {
  const byTopic = new Map<string, (PartitionLog | undefined)[]>();
  for (const { topic, partitions } of topics) {
    const endOf = ends.get(topic);
    const startOf = starts.get(topic);
    const fault = faultOf.get(topic) ?? null;
    const logs: (PartitionLog | undefined)[] = [];
    for (const { partition } of partitions) {
      const logEndOffset = endOf?.get(partition) ?? null;
      logs[partition] = {
        topic,
        partition,
        key: partitionKey(topic, partition),
        logEndOffset,
        logStartOffset: startOf?.get(partition) ?? null,
        fault: logEndOffset === null ? fault : null,
        committedInTurn: 0,
      };
    }
    byTopic.set(topic, logs);
  }
  const byKey = new Map<string, PartitionLog>();
  for (const logs of byTopic.values())
    for (const log of logs) if (log !== undefined) byKey.set(log.key, log);
  return { byTopic, byKey };
}

/** Offsets by topic, then partition. */
export function offsetsByTopic(offsets: readonly ListedOffset[]): Map<string, Map<number, number>> {
  const map = new Map<string, Map<number, number>>();
  for (const { topic, partition, offset } of offsets) {
    let partitions = map.get(topic);
    if (!partitions) map.set(topic, (partitions = new Map<number, number>()));
    partitions.set(partition, offset);
  }
  return map;
}
