// Kafka fixtures for integration tests: topics with known counts, groups in known shapes.
// Every helper that creates something registers its own cleanup through `cleanup`.
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { multiBrokerKafkaEnv, stackEnv } from './stack.js';

export function kafkaFor(cluster: string, clientId = 'lagwatch-test'): Kafka {
  const brokers = stackEnv().kafkaClusters[cluster]?.brokers;
  if (!brokers) throw new Error(`the stack has no Kafka cluster '${cluster}'`);
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

/** A kafkajs client of the three-broker cluster `multi` (all its brokers as bootstrap). */
export function multiBrokerKafka(clientId = 'lagwatch-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: multiBrokerKafkaEnv().brokers,
    logLevel: logLevel.NOTHING,
  });
}

/**
 * A producer whose retries never write a batch twice. A plain kafkajs producer resends a
 * batch whose answer timed out, and the broker may have stored the first one: on a busy
 * CI machine a test that produced 10 messages found 20. The idempotent producer numbers
 * its batches, so the broker drops the resent copy; one request in flight keeps the
 * numbers in order.
 */
export function exactProducer(kafka: Kafka): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
}

/** Creates a topic and produces `counts[p]` messages to partition p. */
export async function topicWithCounts(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  counts: readonly number[],
): Promise<void> {
  await admin.createTopics({
    topics: [{ topic, numPartitions: counts.length }],
    waitForLeaders: true,
  });
  await produce(kafka, topic, counts);
}

export async function produce(
  kafka: Kafka,
  topic: string,
  counts: readonly number[],
): Promise<void> {
  const producer = exactProducer(kafka);
  await producer.connect();
  try {
    const messages = counts.flatMap((count, partition) =>
      Array.from({ length: count }, (_, i) => ({ partition, value: `${partition}:${i}` })),
    );
    if (messages.length > 0) await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * A consumer of `groupId` that reads `commits[p]` messages of partition p of `topic` from
 * the beginning, commits exactly that position, and pauses the partition. Partitions with
 * 0 are never committed (assigned, never committed) and paused at their first message.
 * Resolves once every partition to commit is committed; the consumer stays in the group
 * (owning all its partitions) until `leave()`.
 */
export async function groupAt(
  kafka: Kafka,
  topic: string,
  groupId: string,
  commits: readonly number[],
): Promise<{ consumer: Consumer; leave: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const pending = new Set(commits.flatMap((n, p) => (n > 0 ? [p] : [])));
  let joined = false;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`partitions ${[...pending].join(',')} not settled in 60 s`)),
      60_000,
    );
    const check = (): void => {
      if (joined && pending.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
      check();
    });
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const target = commits[partition] ?? 0;
          if (target === 0 || !pending.has(partition)) {
            consumer.pause([{ topic, partitions: [partition] }]);
            return;
          }
          const next = Number(message.offset) + 1;
          if (next !== target) return;
          await consumer.commitOffsets([{ topic, partition, offset: String(next) }]);
          consumer.pause([{ topic, partitions: [partition] }]);
          pending.delete(partition);
          check();
        },
      })
      .catch(reject);
  });
  return { consumer, leave: () => consumer.disconnect() };
}
