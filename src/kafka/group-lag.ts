// From what a tick read to each group's lag: committed offsets against log ends and
// starts, owners as kafka-consumer-groups shows them, totals, the worst partition, and
// the fault that explains anything missing.
import { FaultCode } from '../contract/errors.js';
import type { GroupLag, PartitionLag, SampleFault } from '../contract/snapshot.js';
import { partitionKey, type PartitionOwner } from './assignment.js';
import type { GroupSample } from './group-sampling.js';

export interface LogOffsets {
  readonly endOf: ReadonlyMap<string, number>;
  readonly startOf: ReadonlyMap<string, number>;
  readonly faultOf: ReadonlyMap<string, SampleFault>;
  /** A group's partition counts if its topic exists and the topic filter admits it. */
  readonly include: (topic: string, partition: number) => boolean;
}

export function groupLag(sample: GroupSample, log: LogOffsets): GroupLag {
  const description = sample.description instanceof Error ? null : sample.description;
  const owners = new Map<string, PartitionOwner>();
  for (const [key, owner] of description?.owners ?? []) {
    const [topic, partition] = splitKey(key);
    if (log.include(topic, partition)) owners.set(key, owner);
  }
  const committed = new Map<string, number>();
  for (const o of sample.offsets ?? []) {
    if (o.offset < 0) continue; // -1: no commit for this partition
    if (log.include(o.topic, o.partition))
      committed.set(partitionKey(o.topic, o.partition), o.offset);
  }
  const partitions = [...new Set([...committed.keys(), ...owners.keys()])].map((key) => {
    const [topic, partition] = splitKey(key);
    return partitionLag(
      topic,
      partition,
      committed.get(key) ?? null,
      log.endOf.get(key) ?? null,
      log.startOf.get(key) ?? null,
      owners.get(key) ?? null,
      log.faultOf.get(topic) ?? null,
    );
  });
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
      : description?.state === 'Dead' && committed.size === 0
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
  logEndOffset: number | null,
  logStartOffset: number | null,
  owner: PartitionOwner | null,
  fault: SampleFault | null,
): PartitionLag {
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
    fault: logEndOffset === null ? fault : null,
  };
}

export function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('\u0000');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
