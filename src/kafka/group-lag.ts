// From what a tick read to each group's lag: committed offsets against log ends and
// starts, owners as kafka-consumer-groups shows them, totals, the worst partition, and
// the fault that explains anything missing.
import { FaultCode } from '../contract/errors.js';
import type { GroupLag, PartitionLag, SampleFault } from '../contract/snapshot.js';
import { partitionKey, type PartitionOwner } from './assignment.js';
import type { GroupSample } from './group-sampling.js';

export interface LogOffsets {
  /** Log-end offsets by topic, then partition. */
  readonly endOf: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Log-start offsets by topic, then partition. */
  readonly startOf: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly faultOf: ReadonlyMap<string, SampleFault>;
  /** A group's partition counts if its topic exists and the topic filter admits it. */
  readonly include: (topic: string, partition: number) => boolean;
}

// Called for every group of every tick (100,000 partitions at 10,000 groups): no string is
// made per partition except to look an owner up, and nothing is collected twice.
export function groupLag(sample: GroupSample, log: LogOffsets): GroupLag {
  const description = sample.description instanceof Error ? null : sample.description;
  const owners = description?.owners;
  const partitions: PartitionLag[] = [];
  const committedKeys = owners !== undefined && owners.size > 0 ? new Set<string>() : null;
  let committedCount = 0;
  for (const o of sample.offsets ?? []) {
    if (o.offset < 0) continue; // -1: no commit for this partition
    if (!log.include(o.topic, o.partition)) continue;
    committedCount++;
    let owner: PartitionOwner | null = null;
    if (committedKeys) {
      const key = partitionKey(o.topic, o.partition);
      committedKeys.add(key);
      owner = owners!.get(key) ?? null;
    }
    partitions.push(partitionLag(o.topic, o.partition, o.offset, log, owner));
  }
  for (const [key, owner] of owners ?? []) {
    if (committedKeys?.has(key)) continue; // owned and committed: done above
    const [topic, partition] = splitKey(key);
    if (log.include(topic, partition))
      partitions.push(partitionLag(topic, partition, null, log, owner));
  }
  partitions.sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  let totalLag = 0;
  let max: PartitionLag | null = null;
  for (const p of partitions) {
    if (p.lag === null) continue;
    totalLag += p.lag;
    if (max === null || p.lag > (max.lag ?? -1)) max = p;
  }
  const describeFault: SampleFault | null =
    sample.description instanceof Error
      ? { code: FaultCode.DESCRIBE_FAILED, message: sample.description.message }
      : description?.state === 'Dead' && committedCount === 0
        ? {
            code: FaultCode.GROUP_VANISHED,
            message: 'the group was deleted between list and describe',
          }
        : null;
  return {
    group: sample.groupId,
    state: description?.state ?? sample.listedState,
    protocolType: description?.protocolType ?? '',
    type: sample.type,
    typeName: sample.typeName,
    groupEpoch: description?.groupEpoch ?? null,
    members: description?.members ?? 0,
    partitions,
    totalLag,
    maxLag: max,
    fault: sample.fault ?? describeFault,
  };
}

function partitionLag(
  topic: string,
  partition: number,
  committedOffset: number | null,
  log: LogOffsets,
  owner: PartitionOwner | null,
): PartitionLag {
  const logEndOffset = log.endOf.get(topic)?.get(partition) ?? null;
  const logStartOffset = log.startOf.get(topic)?.get(partition) ?? null;
  const lag =
    committedOffset !== null && logEndOffset !== null
      ? Math.max(0, logEndOffset - committedOffset)
      : null;
  const messagesLost =
    committedOffset !== null && logStartOffset !== null && logStartOffset > committedOffset
      ? logStartOffset - committedOffset
      : 0;
  return {
    topic,
    partition,
    committedOffset,
    logEndOffset,
    logStartOffset,
    lag,
    messagesLost,
    consumerId: owner?.consumerId ?? null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
    fault: logEndOffset === null ? (log.faultOf.get(topic) ?? null) : null,
  };
}

export function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('\u0000');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
