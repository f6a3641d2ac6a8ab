// Log-end (high watermark, READ_UNCOMMITTED) or log-start offsets of the given partitions:
// one ListOffsets request per leader broker, in lagwatch's own encoding (list-offsets-api.ts)
// where the broker speaks v6+, through kafkajs otherwise. A topic with a partition answered
// with an error is reported as failed, with no offsets (a deleted topic, a leader on the
// move). kafkajs fails a whole batch on the first such partition, so on its path a batch
// that fails is asked again topic by topic; on either path a request that fails outright
// (a dropped connection) is asked again topic by topic, and only the topics that still fail
// are reported.
import { countRequest, sendRequest, type RequestCounter } from './broker-request.js';
import { KafkaResponseError } from './kafka-errors.js';
import { READ_UNCOMMITTED, type KafkajsBroker, type KafkajsCluster } from './kafkajs-internals.js';
import { LISTED_PARTITION_FIELDS, ListOffsets } from './list-offsets-api.js';
import { OffsetColumns, type OffsetList } from './offset-list.js';
import { negotiate } from './negotiation.js';
import type { WireNames } from './wire-names.js';

const LATEST = -1;
const EARLIEST = -2;

/** A leader's topics, each with the partitions asked of it. */
type TopicPartitionList = [topic: string, partitions: number[]][];

export interface ListedOffsets {
  /** Each partition's offset (topic, partition, offset), packed (offset-list.ts). */
  offsets: OffsetList;
  failures: { topic: string; error: unknown }[];
}

export async function listOffsets(
  cluster: KafkajsCluster,
  counter: RequestCounter,
  leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
  which: 'latest' | 'earliest',
  signal?: AbortSignal,
  names?: WireNames,
): Promise<ListedOffsets> {
  const timestamp = which === 'latest' ? LATEST : EARLIEST;
  // Partition numbers only: lagwatch's own encoding takes them as they are (one timestamp
  // for all), and only kafkajs' path makes an object per partition.
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const [topic, partitions] of leaderOf) {
    for (const [partition, leader] of partitions) {
      let topics = byLeader.get(leader);
      if (!topics) byLeader.set(leader, (topics = new Map<string, number[]>()));
      let list = topics.get(topic);
      if (!list) topics.set(topic, (list = []));
      list.push(partition);
    }
  }
  // Every leader's answer writes into the same columns (offset-list.ts): no object per
  // partition, 20,000 a tick at 10,000 topic-partitions, held until the logs are built.
  const offsets = new OffsetColumns();
  const failures: { topic: string; error: unknown }[] = [];
  /** Through kafkajs: a broker older than ListOffsets v6. */
  const askKafkajs = async (broker: KafkajsBroker, topics: TopicPartitionList): Promise<void> => {
    signal?.throwIfAborted();
    countRequest(counter, 'ListOffsets');
    const { responses } = await broker.listOffsets({
      isolationLevel: READ_UNCOMMITTED,
      topics: topics.map(([topic, partitions]) => ({
        topic,
        partitions: partitions.map((partition) => ({ partition, timestamp })),
      })),
    });
    for (const { topic, partitions } of responses) {
      for (const p of partitions) {
        offsets.add(topic, p.partition, Number(p.offset));
      }
    }
  };
  const askOwn = async (
    broker: KafkajsBroker,
    version: number,
    topics: TopicPartitionList,
  ): Promise<void> => {
    const request = {
      isolationLevel: READ_UNCOMMITTED,
      timestamp,
      topics: topics.map(([topic, partitions]) => ({ topic, partitions })),
    };
    const response = await sendRequest(
      broker,
      ListOffsets,
      version,
      request,
      counter,
      signal,
      names,
    );
    for (const { topic, partitions } of response.topics) {
      const failed = firstError(partitions);
      if (failed !== 0) {
        failures.push({ topic, error: new KafkaResponseError(failed) });
        continue;
      }
      for (let i = 0; i < partitions.length; i += LISTED_PARTITION_FIELDS)
        offsets.add(topic, partitions[i]!, partitions[i + 2]!);
    }
  };
  await Promise.all(
    [...byLeader].map(async ([nodeId, topics]) => {
      let broker: KafkajsBroker;
      try {
        broker = await cluster.findBroker({ nodeId });
      } catch (error) {
        for (const topic of topics.keys()) failures.push({ topic, error });
        return;
      }
      const version = negotiate(broker.versions, ListOffsets);
      const ask = (entries: TopicPartitionList): Promise<void> =>
        version === null ? askKafkajs(broker, entries) : askOwn(broker, version, entries);
      try {
        await ask([...topics]);
      } catch (error) {
        if (signal?.aborted) throw error;
        for (const entry of topics) {
          await ask([entry]).catch((error: unknown) => {
            if (signal?.aborted) throw error;
            failures.push({ topic: entry[0], error });
          });
        }
      }
    }),
  );
  return { offsets: offsets.listFrom(0), failures };
}

/** The first error code among a topic's listed partitions, 0 when none has one. */
function firstError(partitions: readonly number[]): number {
  for (let i = 1; i < partitions.length; i += LISTED_PARTITION_FIELDS)
    if (partitions[i] !== 0) return partitions[i]!;
  return 0;
}
