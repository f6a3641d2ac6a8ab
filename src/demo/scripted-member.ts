// A consumer-group member whose committed offsets a script decides: it joins the group
// (so the group has a live member, as a real application would), fetches nothing, and
// commits what it is told. This is how the demo shows WARN, STALL and REWIND on purpose.
import type { Consumer, Kafka } from 'kafkajs';

export class ScriptedMember {
  readonly groupId: string;
  readonly #consumer: Consumer;
  readonly #topic: string;
  #joined: Promise<void> | null = null;

  constructor(kafka: Kafka, groupId: string, topic: string) {
    this.groupId = groupId;
    this.#topic = topic;
    this.#consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  }

  /** Joins the group and stops fetching; resolves once a member. */
  join(): Promise<void> {
    this.#joined ??= (async () => {
      const joined = new Promise<void>((resolve) => {
        this.#consumer.on(this.#consumer.events.GROUP_JOIN, () => resolve());
      });
      await this.#consumer.connect();
      await this.#consumer.subscribe({ topic: this.#topic, fromBeginning: true });
      await this.#consumer.run({ autoCommit: false, eachBatch: () => Promise.resolve() });
      this.#consumer.pause([{ topic: this.#topic }]);
      await joined;
    })();
    return this.#joined;
  }

  async commit(offsets: ReadonlyMap<number, number>): Promise<void> {
    await this.#consumer.commitOffsets(
      [...offsets].map(([partition, offset]) => ({
        topic: this.#topic,
        partition,
        offset: String(Math.max(0, Math.floor(offset))),
      })),
    );
  }

  leave(): Promise<void> {
    return this.#consumer.disconnect();
  }
}
