// Metadata v9–v12 byte for byte against vectors written out by hand from Apache Kafka's
// MetadataRequest.json / MetadataResponse.json (kafka-clients 4.1), and its use behind
// kafkajs' Broker#metadata: a leaderless partition is data (error 5, leader -1), never
// an exception.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeAfterCorrelationId, encodeAfterHeaderV1 } from '../../../src/kafka/api.js';
import { toKafkajsMetadata, useOwnMetadata } from '../../../src/kafka/kafkajs-metadata.js';
import { Metadata } from '../../../src/kafka/metadata.js';
import { hex, str } from './hex.js';

const UUID = '000102030405060708090a0b0c0d0e0f';

const brokers =
  // two brokers: a null rack, then a rack and an unknown tagged field (tag 5, 2 bytes)
  `03  00000001 02${str('a')} 00002384 00 00` +
  `    00000002 02${str('b')} 00002384 03${str('r1')} 01 05 02 abcd`;
const partitions =
  // partition 0 led by 1; partition 1 LEADER_NOT_AVAILABLE (5) with leader -1
  `03  0000 00000000 00000001 00000003  03 00000001 00000002  02 00000001  01  00` +
  `    0005 00000001 ffffffff 00000002  02 00000002  01  02 00000002  00`;

function response(version: number): Buffer {
  return hex(
    `00 00000000 ${brokers} 03${str('id')} 00000001` +
      `  02 0000 02${str('t')} ${version >= 10 ? UUID : ''} 00 ${partitions} 80000000 00` +
      `  ${version <= 10 ? '80000000' : ''} 00`,
  );
}

describe('Metadata request', () => {
  test('v9, every topic: a null topic array, then three false booleans', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(Metadata, 9, { topics: [], allowAutoTopicCreation: false }),
      hex('00  00  00 00 00  00'),
    );
  });

  test('v10 adds a zero topic id before each name; IncludeClusterAuthorizedOperations stays', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(Metadata, 10, { topics: ['t'], allowAutoTopicCreation: true }),
      hex(`00  02 ${'00'.repeat(16)} 02${str('t')} 00  01 00 00  00`),
    );
  });

  test('v12 drops IncludeClusterAuthorizedOperations', () => {
    assert.deepEqual(
      encodeAfterHeaderV1(Metadata, 12, { topics: ['t'], allowAutoTopicCreation: false }),
      hex(`00  02 ${'00'.repeat(16)} 02${str('t')} 00  00 00  00`),
    );
  });
});

describe('Metadata response', () => {
  const expectedPartitions = [
    {
      errorCode: 0,
      partitionIndex: 0,
      leaderId: 1,
      leaderEpoch: 3,
      replicaNodes: [1, 2],
      isrNodes: [1],
      offlineReplicas: [],
    },
    {
      errorCode: 5,
      partitionIndex: 1,
      leaderId: -1,
      leaderEpoch: 2,
      replicaNodes: [2],
      isrNodes: [],
      offlineReplicas: [2],
    },
  ];
  const expectedBrokers = [
    { nodeId: 1, host: 'a', port: 9092, rack: null },
    { nodeId: 2, host: 'b', port: 9092, rack: 'r1' },
  ];

  for (const version of [9, 10, 11, 12]) {
    test(`v${version}: a leaderless partition decodes (error 5, leader -1), unknown tags skipped`, () => {
      const decoded = decodeAfterCorrelationId(Metadata, version, response(version));
      assert.deepEqual(decoded, {
        throttleTimeMs: 0,
        brokers: expectedBrokers,
        clusterId: 'id',
        controllerId: 1,
        topics: [
          {
            errorCode: 0,
            name: 't',
            topicId: version >= 10 ? 'AAECAwQFBgcICQoLDA0ODw' : null,
            isInternal: false,
            partitions: expectedPartitions,
          },
        ],
      });
    });
  }

  test('a message cut short is a decoding error, not a silent half answer', () => {
    const whole = response(12);
    assert.throws(
      () => decodeAfterCorrelationId(Metadata, 12, whole.subarray(0, whole.length - 2)),
      { name: 'WireError' },
    );
  });

  test("kafkajs' shape: leader -1 and the partition's error code kept, brokers as kafkajs keys them", () => {
    const shape = toKafkajsMetadata(decodeAfterCorrelationId(Metadata, 12, response(12)));
    assert.deepEqual(shape.brokers, expectedBrokers);
    assert.equal(shape.controllerId, 1);
    assert.deepEqual(shape.topicMetadata, [
      {
        topicErrorCode: 0,
        topic: 't',
        isInternal: false,
        partitionMetadata: [
          {
            partitionErrorCode: 0,
            partitionId: 0,
            leader: 1,
            leaderEpoch: 3,
            replicas: [1, 2],
            isr: [1],
            offlineReplicas: [],
          },
          {
            partitionErrorCode: 5,
            partitionId: 1,
            leader: -1,
            leaderEpoch: 2,
            replicas: [2],
            isr: [],
            offlineReplicas: [2],
          },
        ],
      },
    ]);
  });
});

describe("kafkajs' Broker#metadata replaced", () => {
  function fakeBroker(maxVersion: number) {
    const sent: { apiKey: number; apiVersion: number; body: Buffer }[] = [];
    const kafkajsCalls: string[][] = [];
    const broker = {
      versions: { 3: { minVersion: 0, maxVersion } },
      connectionPool: {
        async send(request: {
          request: { apiKey: number; apiVersion: number; encode: () => Promise<{ buf: Buffer }> };
          response: { decode: (payload: Buffer) => Promise<unknown> };
        }): Promise<unknown> {
          const { buf } = await request.request.encode();
          sent.push({
            apiKey: request.request.apiKey,
            apiVersion: request.request.apiVersion,
            body: buf,
          });
          return request.response.decode(response(request.request.apiVersion));
        },
      },
      metadata(topics: string[] = []): Promise<unknown> {
        kafkajsCalls.push(topics);
        return Promise.reject(new Error('kafkajs: There is no leader for this topic-partition'));
      },
    };
    useOwnMetadata(broker);
    return { broker, sent, kafkajsCalls };
  }

  test('a broker with Metadata v12+: our request at v12, kafkajs shape back, no throw', async () => {
    const { broker, sent, kafkajsCalls } = fakeBroker(13);
    const answer = (await broker.metadata([])) as ReturnType<typeof toKafkajsMetadata>;
    assert.deepEqual(
      sent.map((s) => [s.apiKey, s.apiVersion]),
      [[3, 12]],
    );
    assert.deepEqual(sent[0]?.body, hex('00  00  00 00  00'));
    assert.deepEqual(kafkajsCalls, []);
    assert.equal(answer.topicMetadata[0]?.partitionMetadata[1]?.leader, -1);
  });

  test('an answer equal to the last hands out the last answer’s topic objects', async () => {
    const { broker } = fakeBroker(13);
    type Shape = ReturnType<typeof toKafkajsMetadata>;
    const first = (await broker.metadata([])) as Shape;
    const second = (await broker.metadata([])) as Shape;
    assert.notEqual(second, first);
    assert.equal(second.topicMetadata[0], first.topicMetadata[0]);
    assert.deepEqual(second, first);
  });

  test('a broker older than Metadata v9 keeps kafkajs’ path', async () => {
    const { broker, sent, kafkajsCalls } = fakeBroker(8);
    await assert.rejects(broker.metadata(['t']), /no leader/);
    assert.deepEqual(sent, []);
    assert.deepEqual(kafkajsCalls, [['t']]);
  });
});
