// ProtocolClient.topics() right after listGroups(): the listing's Metadata (kafkajs asks it
// for every topic, to learn the brokers) answers it, so a tick sends one Metadata request,
// not two; the topics, partitions and leaders are what Kafka says (admin.fetchTopicMetadata).
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
});
