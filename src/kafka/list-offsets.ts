// Log-end (high watermark, READ_UNCOMMITTED) or log-start offsets of the given partitions:
// one ListOffsets request per leader broker, through kafkajs. Kafka answers a batch with
// one error code per partition and kafkajs fails the whole batch on the first; so a batch
// that fails is asked again topic by topic, and only the topics that still fail are
// reported as failed (a deleted topic, a leader on the move).
import { countRequest, type RequestCounter } from './broker-request.js';
import {
  READ_UNCOMMITTED,
  type KafkajsBroker,
  type KafkajsCluster,
  type ListedOffset,
} from './kafkajs-internals.js';

const LATEST = -1;
const EARLIEST = -2;

type PartitionTimestamps = { partition: number; timestamp: number }[];

export interface ListedOffsets {
  offsets: ListedOffset[];
  failures: { topic: string; error: unknown }[];
}

export async function listOffsets(
  cluster: KafkajsCluster,
  counter: RequestCounter,
  leaderOf: ReadonlyMap<string, ReadonlyMap<number, number>>,
  which: 'latest' | 'earliest',
  signal?: AbortSignal,
): Promise<ListedOffsets> {
  const timestamp = which === 'latest' ? LATEST : EARLIEST;
  const byLeader = new Map<number, Map<string, PartitionTimestamps>>();
  for (const [topic, partitions] of leaderOf) {
    for (const [partition, leader] of partitions) {
      let topics = byLeader.get(leader);
      if (!topics) byLeader.set(leader, (topics = new Map<string, PartitionTimestamps>()));
      let list = topics.get(topic);
      if (!list) topics.set(topic, (list = []));
      list.push({ partition, timestamp });
    }
  }
  const offsets: ListedOffset[] = [];
  const failures: { topic: string; error: unknown }[] = [];
  const ask = async (
    broker: KafkajsBroker,
    topics: [string, PartitionTimestamps][],
  ): Promise<void> => {
    signal?.throwIfAborted();
    countRequest(counter, 'ListOffsets');
    const { responses } = await broker.listOffsets({
      isolationLevel: READ_UNCOMMITTED,
      topics: topics.map(([topic, partitions]) => ({ topic, partitions })),
    });
    for (const { topic, partitions } of responses) {
      for (const p of partitions) {
        offsets.push({ topic, partition: p.partition, offset: Number(p.offset) });
      }
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
      try {
        await ask(broker, [...topics]);
      } catch (error) {
        if (signal?.aborted) throw error;
        for (const entry of topics) {
          await ask(broker, [entry]).catch((error: unknown) => {
            if (signal?.aborted) throw error;
            failures.push({ topic: entry[0], error });
          });
        }
      }
    }),
  );
  return { offsets, failures };
}
