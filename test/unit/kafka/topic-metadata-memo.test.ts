// A Metadata answer in kafkajs' shape keeps the last answer's topic objects where a topic
// says the same, and only there: a changed leader, epoch, replica set, partition count or
// error makes a new object; a deleted topic is forgotten with the next answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toKafkajsMetadata } from '../../../src/kafka/kafkajs-metadata.js';
import type {
  MetadataPartition,
  MetadataResponse,
  MetadataTopic,
} from '../../../src/kafka/metadata.js';
import { TopicMetadataMemo } from '../../../src/kafka/topic-metadata-memo.js';

function partition(index: number, change: Partial<MetadataPartition> = {}): MetadataPartition {
  return {
    errorCode: 0,
    partitionIndex: index,
    leaderId: 1,
    leaderEpoch: 4,
    replicaNodes: [1, 2],
    isrNodes: [1, 2],
    offlineReplicas: [],
    ...change,
  };
}

function topic(name: string, partitions: MetadataPartition[], errorCode = 0): MetadataTopic {
  return { errorCode, name, topicId: null, isInternal: false, partitions };
}

function answer(...topics: MetadataTopic[]): MetadataResponse {
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId: 1, host: 'a', port: 9092, rack: null }],
    clusterId: 'c',
    controllerId: 1,
    topics,
  };
}

const twoPartitions = (change: Partial<MetadataPartition> = {}): MetadataPartition[] => [
  partition(0),
  partition(1, change),
];

describe('TopicMetadataMemo', () => {
  test('an answer that says the same again hands out the last answer’s topic objects', () => {
    const memo = new TopicMetadataMemo();
    const first = toKafkajsMetadata(answer(topic('a', twoPartitions()), topic('b', [])), memo);
    const second = toKafkajsMetadata(answer(topic('a', twoPartitions()), topic('b', [])), memo);
    assert.equal(second.topicMetadata[0], first.topicMetadata[0]);
    assert.equal(second.topicMetadata[1], first.topicMetadata[1]);
    assert.deepEqual(second, first);
    assert.equal(memo.size, 2);
  });

  const changes: [string, Partial<MetadataPartition>][] = [
    ['leader', { leaderId: 2 }],
    ['leader epoch', { leaderEpoch: 5 }],
    ['replicas', { replicaNodes: [1, 3] }],
    ['in-sync replicas', { isrNodes: [1] }],
    ['offline replicas', { offlineReplicas: [2] }],
    ['partition error', { errorCode: 5, leaderId: -1 }],
  ];
  for (const [what, change] of changes) {
    test(`a changed ${what} makes a new topic object that says what the answer says`, () => {
      const memo = new TopicMetadataMemo();
      const first = toKafkajsMetadata(answer(topic('a', twoPartitions())), memo);
      const second = toKafkajsMetadata(answer(topic('a', twoPartitions(change))), memo);
      assert.notEqual(second.topicMetadata[0], first.topicMetadata[0]);
      const changed = second.topicMetadata[0]!.partitionMetadata[1]!;
      assert.equal(changed.leader, change.leaderId ?? 1);
      assert.equal(changed.leaderEpoch, change.leaderEpoch ?? 4);
      assert.deepEqual(changed.replicas, change.replicaNodes ?? [1, 2]);
      assert.deepEqual(changed.isr, change.isrNodes ?? [1, 2]);
      assert.deepEqual(changed.offlineReplicas, change.offlineReplicas ?? []);
      assert.equal(changed.partitionErrorCode, change.errorCode ?? 0);
      // The new one is kept: the next equal answer hands it out again.
      const third = toKafkajsMetadata(answer(topic('a', twoPartitions(change))), memo);
      assert.equal(third.topicMetadata[0], second.topicMetadata[0]);
    });
  }

  test('a partition added makes a new topic object', () => {
    const memo = new TopicMetadataMemo();
    const first = toKafkajsMetadata(answer(topic('a', twoPartitions())), memo);
    const grown = toKafkajsMetadata(answer(topic('a', [...twoPartitions(), partition(2)])), memo);
    assert.notEqual(grown.topicMetadata[0], first.topicMetadata[0]);
    assert.equal(grown.topicMetadata[0]!.partitionMetadata.length, 3);
  });

  test('a topic gone from an answer is forgotten: it comes back as a new object', () => {
    const memo = new TopicMetadataMemo();
    const first = toKafkajsMetadata(answer(topic('a', twoPartitions()), topic('b', [])), memo);
    toKafkajsMetadata(answer(topic('b', [])), memo);
    assert.equal(memo.size, 1);
    const back = toKafkajsMetadata(answer(topic('a', twoPartitions()), topic('b', [])), memo);
    assert.notEqual(back.topicMetadata[0], first.topicMetadata[0]);
    assert.deepEqual(back.topicMetadata[0], first.topicMetadata[0]);
  });

  test('a topic with an error is handed out fresh each time and never kept', () => {
    const memo = new TopicMetadataMemo();
    const failed = (): MetadataResponse => answer(topic('a', [], 3));
    const first = toKafkajsMetadata(failed(), memo);
    const second = toKafkajsMetadata(failed(), memo);
    assert.notEqual(second.topicMetadata[0], first.topicMetadata[0]);
    assert.equal(second.topicMetadata[0]!.topicErrorCode, 3);
    assert.equal(memo.size, 0);
  });

  test('without a memo every answer is new objects', () => {
    const first = toKafkajsMetadata(answer(topic('a', twoPartitions())));
    const second = toKafkajsMetadata(answer(topic('a', twoPartitions())));
    assert.notEqual(second.topicMetadata[0], first.topicMetadata[0]);
  });
});
