// Readiness probe for one Kafka cluster of the test stack: a real round trip.
// First proves the broker is ours: it must report CLUSTER_ID, the id scripts/stack
// formatted its storage with (another checkout's broker on the same port reports its
// own). Then creates a topic, produces one message, consumes it in a group that
// commits, and reads the commit back. Exits 0 only if all of that worked.
// With BROKER_COUNT, every one of that many brokers must have joined the cluster.
// usage: node --import tsx scripts/stack.d/probe-kafka.ts HOST:PORT CLUSTER_ID [BROKER_COUNT]
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const [brokers, expectedClusterId, brokerCount] = process.argv.slice(2);
if (!brokers || !expectedClusterId) {
  console.error('usage: probe-kafka.ts HOST:PORT CLUSTER_ID');
  process.exit(2);
}

const kafka = new Kafka({
  clientId: 'lagwatch-stack-probe',
  brokers: [brokers],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2000,
  retry: { retries: 2 },
});
const topic = '__lagwatch_stack_probe';
const groupId = `lagwatch-stack-probe-${randomUUID()}`;
const value = randomUUID();

async function probe(): Promise<void> {
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.clusterId !== expectedClusterId) {
      throw new Error(
        `answers with cluster id ${cluster.clusterId}, not ours (${expectedClusterId})`,
      );
    }
    if (brokerCount !== undefined && cluster.brokers.length !== Number(brokerCount)) {
      throw new Error(`${cluster.brokers.length} of ${brokerCount} brokers have joined`);
    }
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    }
    await producer.connect();
    const [sent] = await producer.send({ topic, messages: [{ value }] });
    const offset = sent?.baseOffset;
    if (offset === undefined) throw new Error('produce returned no offset');

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message consumed within 15 s')), 15_000);
      consumer
        .run({
          eachMessage: ({ message }) => {
            if (message.value?.toString() === value) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    // kafkajs commits after each batch; wait until the broker has the commit.
    const expected = String(BigInt(offset) + 1n);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const mine = committed?.partitions.find((p) => p.partition === 0)?.offset;
      if (mine === expected) break;
      if (Date.now() > deadline) throw new Error(`committed offset ${mine}, expected ${expected}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

probe().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`kafka probe ${brokers}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
