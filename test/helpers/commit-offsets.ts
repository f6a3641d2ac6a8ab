// Commits offsets for a group with no members in one OffsetCommit request (generation -1,
// no member id: what Kafka allows for groups that only store offsets). kafkajs' admin
// setOffsets joins the group first, which takes seconds per group; benchmarks that set up
// hundreds of groups use this instead. lagwatch itself never commits.
import type { Kafka } from 'kafkajs';
import { createInternalCluster, type KafkajsCluster } from '../../src/kafka/protocol-client.js';

interface CommitBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

export class OffsetCommitter {
  readonly #cluster: KafkajsCluster;

  constructor(kafka: Kafka) {
    this.#cluster = createInternalCluster(kafka);
  }

  async commit(groupId: string, topic: string, offsets: readonly number[]): Promise<void> {
    if (!this.#cluster.isConnected()) {
      await this.#cluster.connect();
      await this.#cluster.refreshMetadata();
    }
    const { coordinator } = await this.#cluster.findGroupCoordinatorMetadata({ groupId });
    const broker = (await this.#cluster.findBroker({
      nodeId: coordinator.nodeId,
    })) as unknown as CommitBroker;
    await broker.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      topics: [
        {
          topic,
          partitions: offsets.map((offset, partition) => ({ partition, offset: String(offset) })),
        },
      ],
    });
  }

  disconnect(): Promise<void> {
    return this.#cluster.disconnect();
  }
}
