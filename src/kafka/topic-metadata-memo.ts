// Each topic's metadata as kafkajs last held it, handed out again in place of a new answer's
// when the two say the same: the same error, partitions, leaders, epochs and replica sets.
// kafkajs keeps the cluster's last Metadata answer (its broker pool's `metadata`) until the
// next one, and lagwatch has it ask once a tick (listGroups), so every answer lived a whole
// tick and was promoted to V8's old generation, where only a full collection frees it: an
// object and three arrays per topic-partition, about 5.6 MB a tick at 10,000 topic-partitions,
// a quarter of all a tick promoted against a real broker (bench/service,
// LAGWATCH_BENCH_REAL=1, `promoted` profile). Topics seldom change between ticks, so a
// topic equal to the kept one is let go as soon as it is compared and dies young. Kept: the
// topics of the last answer, so a deleted topic is forgotten with the next answer.
import type { MetadataPartition, MetadataTopic } from './metadata.js';

/** A partition as kafkajs' Broker#metadata returns it (kafkajs 2.2.4). */
export interface KafkajsPartitionMetadata {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

/** A topic as kafkajs' Broker#metadata returns it. */
export interface KafkajsTopicMetadata {
  topicErrorCode: number;
  topic: string;
  isInternal: boolean;
  partitionMetadata: KafkajsPartitionMetadata[];
}

export class TopicMetadataMemo {
  #kept = new Map<string, KafkajsTopicMetadata>();
  #next = new Map<string, KafkajsTopicMetadata>();

  /** How many topics are kept. */
  get size(): number {
    return this.#kept.size;
  }

  /** The kept topic of `fresh`'s name when it says the same as `fresh`, else null. */
  kept(fresh: MetadataTopic): KafkajsTopicMetadata | null {
    if (fresh.errorCode !== 0 || fresh.name === null) return null;
    const kept = this.#kept.get(fresh.name);
    return kept !== undefined && sameTopic(kept, fresh) ? kept : null;
  }

  /** Keeps `topic` (one of the answer being read) for the next answer; not one with an error. */
  keep(topic: KafkajsTopicMetadata): void {
    if (topic.topicErrorCode === 0) this.#next.set(topic.topic, topic);
  }

  /** An answer is about to be read (what an answer cut short began to keep is dropped). */
  reading(): void {
    this.#next.clear();
  }

  /** The answer is read: the topics it kept are the ones kept from now on. */
  answered(): void {
    const kept = this.#kept;
    kept.clear();
    this.#kept = this.#next;
    this.#next = kept;
  }
}

function sameTopic(kept: KafkajsTopicMetadata, fresh: MetadataTopic): boolean {
  if (kept.isInternal !== fresh.isInternal) return false;
  const as = kept.partitionMetadata;
  const bs = fresh.partitions;
  if (as.length !== bs.length) return false;
  for (let i = 0; i < as.length; i++) if (!samePartition(as[i]!, bs[i]!)) return false;
  return true;
}

function samePartition(kept: KafkajsPartitionMetadata, fresh: MetadataPartition): boolean {
  return (
    kept.partitionErrorCode === fresh.errorCode &&
    kept.partitionId === fresh.partitionIndex &&
    kept.leader === fresh.leaderId &&
    kept.leaderEpoch === fresh.leaderEpoch &&
    sameNumbers(kept.replicas, fresh.replicaNodes) &&
    sameNumbers(kept.isr, fresh.isrNodes) &&
    sameNumbers(kept.offlineReplicas, fresh.offlineReplicas)
  );
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
