// What a tick knows of each partition a group's lag may count (every partition of every
// topic that exists and that the topic filter admits): its log end and start, why they are
// missing. Built once per tick and shared by every group, so a group's lag looks a topic
// up once per run of its partitions and makes nothing per partition but the PartitionLag
// it reports (100,000 of those a tick at 10,000 groups).
import type { SampleFault } from '../contract/snapshot.js';
import type { PartitionOwner } from './assignment.js';
import { offsetList, type OffsetList } from './offset-list.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import type { Mutable } from '../contract/mutable.js';

export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly logEndOffset: number | null;
  readonly logStartOffset: number | null;
  /** Why logEndOffset is unknown; null when it is known. */
  readonly fault: SampleFault | null;
  /**
   * Scratch for groupLag: the turn of the last group that committed this partition. Lets a
   * group tell its owned-but-uncommitted partitions (and duplicates) without a Set.
   */
  committedInTurn: number;
  /** Scratch for groupLag: the turn of the last group that has an owner for this partition. */
  ownedInTurn: number;
  /** Scratch for groupLag: that owner (valid only while `ownedInTurn` is the group's turn). */
  owner: PartitionOwner | null;
}

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number }[];
}

type Building = Mutable<PartitionLog>;

/** A partition's log before its offsets are read: nothing known, no group's turn. */
export function unreadLog(topic: string, partition: number): Building {
  return {
    topic,
    partition,
    logEndOffset: null,
    logStartOffset: null,
    fault: null,
    committedInTurn: 0,
    ownedInTurn: 0,
    owner: null,
  };
}

export class PartitionLogs {
  /** Topic -> its partitions indexed by partition number (a hole: no such partition). */
  readonly byTopic: ReadonlyMap<string, readonly (PartitionLog | undefined)[]>;

  /**
   * `topics`: the admitted topics as metadata lists them (a later entry of the same topic
   * replaces an earlier one); `ends`, `starts`: their listed offsets (for other partitions:
   * ignored); `faultOf`: why a topic's offsets could not be read.
   */
  constructor(
    topics: readonly TopicPartitions[],
    ends: OffsetList,
    starts: OffsetList,
    faultOf: ReadonlyMap<string, SampleFault>,
    kept?: KeptPartitionLogs,
  ) {
    const byTopic = new Map<string, (Building | undefined)[]>();
    // Index loops: this runs once a tick, over every topic-partition, mostly before V8
    // optimizes it, and there a for-of made a result object per step.
    for (let t = 0; t < topics.length; t++) {
      const { topic, partitions } = topics[t]!;
      byTopic.set(topic, kept?.unread(topic, partitions) ?? unreadLogs(topic, partitions));
    }
    kept?.keepOnly(byTopic);
    for (let i = 0; i < ends.length; i++) {
      const log = byTopic.get(ends.topic(i))?.[ends.partition(i)];
      if (log !== undefined) log.logEndOffset = ends.offset(i);
    }
    for (let i = 0; i < starts.length; i++) {
      const log = byTopic.get(starts.topic(i))?.[starts.partition(i)];
      if (log !== undefined) log.logStartOffset = starts.offset(i);
    }
    for (const [topic, fault] of faultOf) {
      for (const log of byTopic.get(topic) ?? [])
        if (log !== undefined && log.logEndOffset === null) log.fault = fault;
    }
    this.byTopic = byTopic;
  }
}

/** A topic's partitions' logs, indexed by partition number, nothing read yet. */
function unreadLogs(
  topic: string,
  partitions: TopicPartitions['partitions'],
): (Building | undefined)[] {
  const logs: (Building | undefined)[] = [];
  for (let i = 0; i < partitions.length; i++) {
    const partition = partitions[i]!.partition;
    logs[partition] = unreadLog(topic, partition);
  }
  return logs;
}

/**
 * A cluster's PartitionLog objects, kept from one tick to the next and cleared for each. A
 * tick's logs live from its last requests until its last group's lag is made, so each was
 * promoted to V8's old generation and dropped there by the next tick: 10,000 objects a tick
 * at 10,000 topic-partitions (bench/service, `promoted` profile). Only for ticks that keep
 * no lag once the next tick starts: a lag reads its partition's log (LoggedPartitionLag),
 * which the next tick clears and fills again. Kept: the topics of the last tick.
 */
export class KeptPartitionLogs {
  #byTopic: ReadonlyMap<string, (Building | undefined)[]> = new Map();

  /** The kept logs of `topic`, cleared, when it has the same partitions; else null. */
  unread(
    topic: string,
    partitions: TopicPartitions['partitions'],
  ): (Building | undefined)[] | null {
    const logs = this.#byTopic.get(topic);
    if (logs === undefined || !samePartitions(logs, partitions)) return null;
    for (let i = 0; i < partitions.length; i++) {
      const log = logs[partitions[i]!.partition]!;
      log.logEndOffset = null;
      log.logStartOffset = null;
      log.fault = null;
      log.committedInTurn = 0;
      log.ownedInTurn = 0;
      log.owner = null;
    }
    return logs;
  }

  /** The tick's logs by topic: kept for the next tick (topics gone from it are let go). */
  keepOnly(byTopic: ReadonlyMap<string, (Building | undefined)[]>): void {
    this.#byTopic = byTopic;
  }
}

/** Whether `logs` holds a log for exactly the partitions listed (none more, none fewer). */
function samePartitions(
  logs: readonly (Building | undefined)[],
  partitions: TopicPartitions['partitions'],
): boolean {
  let held = 0;
  for (let p = 0; p < logs.length; p++) if (logs[p] !== undefined) held++;
  if (held !== partitions.length) return false;
  for (let i = 0; i < partitions.length; i++)
    if (logs[partitions[i]!.partition] === undefined) return false;
  return true;
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PartitionLogs([], offsetList([]), offsetList([]), new Map()));
