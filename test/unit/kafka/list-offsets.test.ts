// listOffsets' split of an answer into offsets and failed topics, over a broker stand-in
// that answers with bytes as a broker would (the codec itself: messages.test.ts; against
// real brokers: the sampler's integration tests).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KafkaResponseError } from '../../../src/kafka/kafka-errors.js';
import type { KafkajsBroker, KafkajsCluster } from '../../../src/kafka/kafkajs-internals.js';
import { listOffsets } from '../../../src/kafka/list-offsets.js';
import { hex, str } from './hex.js';

const NONE = 'ffffffffffffffff';

/** A ListOffsets v6+ answer (header tagged fields first): per topic, [partition, error, offset]. */
function answer(topics: [string, [number, number, number][]][]): Buffer {
  const int64 = (n: number): string => (n < 0 ? NONE : n.toString(16).padStart(16, '0'));
  let body = `00 00000000 ${(topics.length + 1).toString(16).padStart(2, '0')}`;
  for (const [topic, partitions] of topics) {
    body += ` 0${topic.length + 1}${str(topic)} 0${partitions.length + 1}`;
    for (const [partition, error, offset] of partitions)
      body += ` ${partition.toString(16).padStart(8, '0')} ${error.toString(16).padStart(4, '0')} ${NONE} ${int64(offset)} ffffffff 00`;
    body += ' 00';
  }
  return hex(`${body} 00`);
}

interface SentRequest {
  request: { apiVersion: number; encode(): Promise<{ buf: Buffer }> };
  response: { decode(payload: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
}

/** A broker that answers each request with the next of `answers` (an Error: the request fails). */
function brokerAnswering(answers: (Buffer | Error)[], versions: KafkajsBroker['versions']) {
  const sent: { version: number; bytes: Buffer }[] = [];
  const kafkajsCalls: unknown[] = [];
  const broker = {
    versions,
    connectionPool: {
      async send(request: SentRequest): Promise<unknown> {
        sent.push({
          version: request.request.apiVersion,
          bytes: (await request.request.encode()).buf,
        });
        const next = answers.shift();
        if (next === undefined) throw new Error('no answer left');
        if (next instanceof Error) throw next;
        return request.response.parse(await request.response.decode(next));
      },
    },
    listOffsets(request: unknown) {
      kafkajsCalls.push(request);
      return Promise.resolve({
        responses: [{ topic: 't', partitions: [{ partition: 0, offset: '11' }] }],
      });
    },
  } as unknown as KafkajsBroker;
  const cluster = { findBroker: () => Promise.resolve(broker) } as unknown as KafkajsCluster;
  return { cluster, sent, kafkajsCalls };
}

const leaders = new Map([
  [
    't',
    new Map([
      [0, 1],
      [1, 1],
    ]),
  ],
  ['u', new Map([[0, 1]])],
]);
const counter = () => ({ requests: 0, byApi: {} as Record<string, number> });

describe('listOffsets', () => {
  test('a topic with a partition answered with an error fails alone; the others are listed', async () => {
    const { cluster, sent } = brokerAnswering(
      [
        answer([
          [
            't',
            [
              [0, 0, 42],
              [1, 6, -1],
            ],
          ],
          ['u', [[0, 0, 2 ** 32]]],
        ]),
      ],
      { 2: { minVersion: 1, maxVersion: 10 } },
    );
    const count = counter();
    const { offsets, failures } = await listOffsets(cluster, count, leaders, 'latest');
    assert.deepEqual(offsets.toArray(), [{ topic: 'u', partition: 0, offset: 2 ** 32 }]);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.topic, 't');
    assert.ok(failures[0]!.error instanceof KafkaResponseError);
    assert.equal(failures[0]!.error.errorCode, 6);
    // One request, at the highest version both speak, asking the log end of all three.
    assert.deepEqual(count.byApi, { ListOffsets: 1 });
    assert.deepEqual(
      sent.map((s) => s.version),
      [9],
    );
    assert.equal(sent[0]!.bytes.toString('hex').split(NONE).length - 1, 3);
  });

  test('a request that fails outright is asked again topic by topic; only what still fails is reported', async () => {
    const { cluster, sent } = brokerAnswering(
      [new Error('connection closed'), new Error('still closed'), answer([['u', [[0, 0, 7]]]])],
      { 2: { minVersion: 1, maxVersion: 8 } },
    );
    const { offsets, failures } = await listOffsets(cluster, counter(), leaders, 'earliest');
    assert.deepEqual(offsets.toArray(), [{ topic: 'u', partition: 0, offset: 7 }]);
    assert.deepEqual(
      failures.map((f) => [f.topic, (f.error as Error).message]),
      [['t', 'still closed']],
    );
    assert.deepEqual(
      sent.map((s) => s.version),
      [8, 8, 8],
    );
    // The earliest offset (-2) is what each partition asks for.
    assert.match(sent[0]!.bytes.toString('hex'), /fffffffffffffffe/);
  });

  test('a broker without ListOffsets v6 is asked through kafkajs', async () => {
    const { cluster, sent, kafkajsCalls } = brokerAnswering([], {
      2: { minVersion: 0, maxVersion: 5 },
    });
    const { offsets, failures } = await listOffsets(cluster, counter(), leaders, 'latest');
    assert.equal(sent.length, 0);
    assert.equal(kafkajsCalls.length, 1);
    // kafkajs' request: every partition with the timestamp asked for (-1: the log end).
    assert.deepEqual(kafkajsCalls[0], {
      isolationLevel: 0,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, timestamp: -1 },
            { partition: 1, timestamp: -1 },
          ],
        },
        { topic: 'u', partitions: [{ partition: 0, timestamp: -1 }] },
      ],
    });
    assert.deepEqual(offsets.toArray(), [{ topic: 't', partition: 0, offset: 11 }]);
    assert.deepEqual(failures, []);
  });
});
