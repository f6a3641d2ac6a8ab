// The committed offsets of groups that share a coordinator: one OffsetFetch v8+ request
// for all of them (the caller splits by batch size), each group with its own error, so
// one bad group never spoils the others. An older broker gets one kafkajs request per group.
import { mapLimit } from '../util/map-limit.js';
import { countRequest, sendRequest, type RequestCounter } from './broker-request.js';
import { KafkaResponseError } from './kafka-errors.js';
import type { KafkajsBroker } from './kafkajs-internals.js';
import { offsetList, type OffsetList } from './offset-list.js';
import { negotiate } from './negotiation.js';
import { OffsetFetch } from './offset-fetch.js';
import type { WireNames } from './wire-names.js';

export interface CommittedOffsetsOptions {
  /** Requests in flight at once on the one-group-per-request path. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** The client's names read before (wire-names.ts). */
  readonly names?: WireNames;
}

/** groupId -> its offsets (-1 where a partition has none), or why they could not be read. */
export type CommittedOffsets = Map<string, OffsetList | KafkaResponseError | Error>;

export async function committedOffsets(
  broker: KafkajsBroker,
  counter: RequestCounter,
  groupIds: readonly string[],
  options: CommittedOffsetsOptions,
): Promise<CommittedOffsets> {
  const result: CommittedOffsets = new Map();
  const version = negotiate(broker.versions, OffsetFetch);
  if (version !== null) {
    const response = await sendRequest(
      broker,
      OffsetFetch,
      version,
      { groupIds },
      counter,
      options.signal,
      options.names,
    );
    for (const group of response.groups) {
      if (group.errorCode !== 0) {
        result.set(group.groupId, new KafkaResponseError(group.errorCode));
        continue;
      }
      result.set(group.groupId, group.offsets);
    }
    for (const groupId of groupIds)
      if (!result.has(groupId))
        result.set(groupId, new Error('the coordinator did not answer for this group'));
    return result;
  }
  await mapLimit([...groupIds], options.concurrency, async (groupId) => {
    options.signal?.throwIfAborted();
    countRequest(counter, 'OffsetFetch');
    try {
      // An empty topic list asks for all topics the group has committed offsets for.
      const { responses } = await broker.offsetFetch({ groupId, topics: [] });
      result.set(
        groupId,
        offsetList(
          responses.flatMap(({ topic, partitions }) =>
            partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
          ),
        ),
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      result.set(groupId, error instanceof Error ? error : new Error(String(error)));
    }
  });
  return result;
}
