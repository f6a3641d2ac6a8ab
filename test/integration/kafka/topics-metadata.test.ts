// ProtocolClient.topics() right after listGroups(): the listing's Metadata (kafkajs asks it
// for every topic, to learn the brokers) answers it, so a tick sends one Metadata request,
// not two; the topics, partitions and leaders are what Kafka says (admin.fetchTopicMetadata).
// A topic that says the same in the next answer is the same object (topic-metadata-memo.ts);
// one whose partitions change is a new one, with the new partitions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin } from 'kafkajs';
import { ProtocolClient } from '../../../src/kafka/protocol-client.js';
import { kafkaFor } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';

describe('topics from the listing Metadata (real stack, cluster a)', { timeout: 60_000 }, () => {
  const kafka = kafkaFor('a');
  const admin: Admin = kafka.admin();
  const client = new ProtocolClient(kafka);
  const topic = uniqueName('lw-topics-metadata');

  before(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await client.connect();
  });

  after(async () => {
    await client.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const metadataSent = (): number => client.counter.byApi.Metadata ?? 0;

  test('listGroups then topics: one Metadata request, the topic as Kafka reports it', async () => {
    const before = metadataSent();
    await client.listGroups();
    const topics = await client.topics();
    assert.equal(metadataSent() - before, 1, 'the listing asks; topics() reads its answer');
    const expected = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!;
    const found = topics.find((t) => t.topic === topic);
    assert.ok(found, `${topic} is among the ${topics.length} topics`);
    assert.deepEqual(
      found.partitions.toSorted((a, b) => a.partition - b.partition),
      expected.partitions
        .map((p) => ({ partition: p.partitionId, leader: p.leader }))
        .toSorted((a, b) => a.partition - b.partition),
    );
  });

  test('topics without a listing just before it asks for itself, once per call', async () => {
    await client.listGroups();
    await client.topics();
    const before = metadataSent();
    const topics = await client.topics();
    assert.equal(metadataSent() - before, 1, 'the listing answer serves one topics() only');
    assert.ok(topics.some((t) => t.topic === topic));
  });

  test('the next tick hands out the same topic object until the topic changes', async () => {
    await client.listGroups();
    const first = (await client.topics()).find((t) => t.topic === topic);
    await client.listGroups();
    const again = (await client.topics()).find((t) => t.topic === topic);
    assert.ok(first && again);
    assert.equal(again, first, "an unchanged topic is the last answer's object");
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    // Kafka's metadata takes a moment to show the new partition on every path.
    let grown = again;
    for (let i = 0; i < 50 && grown.partitions.length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await client.listGroups();
      grown = (await client.topics()).find((t) => t.topic === topic) ?? grown;
    }
    assert.notEqual(grown, first, 'a changed topic is a new object');
    assert.deepEqual(
      grown.partitions.map((p) => p.partition).toSorted((a, b) => a - b),
      [0, 1, 2, 3],
    );
  });
});
