// Version negotiation per broker, and what each path sends: our batched requests to a
// broker that speaks them, kafkajs' older ones to a broker that advertises only old versions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OffsetList } from '../../../src/kafka/offset-list.js';
import { committedOffsets } from '../../../src/kafka/committed-offsets.js';
import { describeGroups } from '../../../src/kafka/group-describe.js';
import type { KafkajsBroker } from '../../../src/kafka/kafkajs-internals.js';
import { negotiate } from '../../../src/kafka/negotiation.js';
import { FindCoordinator } from '../../../src/kafka/find-coordinator.js';
import { OffsetFetch } from '../../../src/kafka/offset-fetch.js';
import { ConsumerGroupDescribe } from '../../../src/kafka/consumer-group-describe.js';
import { sendRequest } from '../../../src/kafka/broker-request.js';
import { hex, str } from './hex.js';

/** A group's committed offsets as objects; an error as it is. */
const entriesOf = (answer: OffsetList | Error | undefined): unknown =>
  answer instanceof OffsetList ? answer.toArray() : answer;

/** A Kafka 2.8 broker: OffsetFetch up to v7, FindCoordinator up to v3, no ConsumerGroupDescribe. */
const oldVersions = {
  9: { minVersion: 0, maxVersion: 7 },
  10: { minVersion: 0, maxVersion: 3 },
  15: { minVersion: 0, maxVersion: 5 },
  16: { minVersion: 0, maxVersion: 4 },
};
/** A Kafka 4.1 broker. */
const newVersions = {
  9: { minVersion: 1, maxVersion: 9 },
  10: { minVersion: 0, maxVersion: 6 },
  15: { minVersion: 0, maxVersion: 6 },
  16: { minVersion: 0, maxVersion: 5 },
  69: { minVersion: 0, maxVersion: 1 },
};

interface Sent {
  apiKey: number;
  apiVersion: number;
  body: Buffer;
}

function fakeBroker(
  versions: Record<number, { minVersion: number; maxVersion: number }>,
  answer: (sent: Sent) => Buffer,
) {
  const sent: Sent[] = [];
  const kafkajsCalls: string[] = [];
  const broker = {
    versions,
    connectionPool: {
      async send(r: {
        request: { apiKey: number; apiVersion: number; encode: () => Promise<{ buffer: Buffer }> };
        response: {
          decode: (b: Buffer) => Promise<unknown>;
          parse: (d: unknown) => Promise<unknown>;
        };
      }) {
        const entry = {
          apiKey: r.request.apiKey,
          apiVersion: r.request.apiVersion,
          body: (await r.request.encode()).buffer,
        };
        sent.push(entry);
        return r.response.parse(await r.response.decode(answer(entry)));
      },
    },
    offsetFetch({ groupId }: { groupId: string }) {
      kafkajsCalls.push(`offsetFetch:${groupId}`);
      return Promise.resolve({
        responses: [{ topic: 't', partitions: [{ partition: 0, offset: '5', metadata: null }] }],
      });
    },
    describeGroups({ groupIds }: { groupIds: string[] }) {
      kafkajsCalls.push(`describeGroups:${groupIds.join(',')}`);
      return Promise.resolve({
        groups: groupIds.map((groupId) => ({
          errorCode: 0,
          groupId,
          state: 'Empty',
          protocolType: 'consumer',
          protocol: '',
          members: [],
        })),
      });
    },
  } as unknown as KafkajsBroker;
  return { broker, sent, kafkajsCalls };
}

const counter = () => ({ requests: 0, byApi: {} as Record<string, number> });

describe('negotiation', () => {
  test('the highest version both sides speak', () => {
    assert.equal(negotiate(newVersions, OffsetFetch), 9);
    assert.equal(negotiate(newVersions, FindCoordinator), 6);
    assert.equal(negotiate(newVersions, ConsumerGroupDescribe), 1);
    assert.equal(negotiate({ 9: { minVersion: 8, maxVersion: 8 } }, OffsetFetch), 8);
  });

  test('a broker advertising only old versions (or nothing) gets null: the older path', () => {
    assert.equal(negotiate(oldVersions, OffsetFetch), null);
    assert.equal(negotiate(oldVersions, FindCoordinator), null);
    assert.equal(negotiate(oldVersions, ConsumerGroupDescribe), null);
    assert.equal(negotiate(undefined, OffsetFetch), null);
    // A broker whose lowest version is above ours: no overlap, no hard failure either.
    assert.equal(negotiate({ 9: { minVersion: 12, maxVersion: 14 } }, OffsetFetch), null);
  });

  test('OffsetFetch on an old broker: one kafkajs request per group, nothing of ours sent', async () => {
    const { broker, sent, kafkajsCalls } = fakeBroker(oldVersions, () => Buffer.alloc(0));
    const c = counter();
    const result = await committedOffsets(broker, c, ['a', 'b'], { concurrency: 2 });
    assert.deepEqual(sent, []);
    assert.deepEqual(kafkajsCalls.sort(), ['offsetFetch:a', 'offsetFetch:b']);
    assert.deepEqual(entriesOf(result.get('a')), [{ topic: 't', partition: 0, offset: 5 }]);
    assert.equal(c.byApi.OffsetFetch, 2);
  });

  test('OffsetFetch on a new broker: one request at v9 for both groups; a group error stays its own', async () => {
    const { broker, sent, kafkajsCalls } = fakeBroker(newVersions, () =>
      hex(
        `00 00000000 03` +
          ` 02${str('a')} 02 02${str('t')} 02 00000000 0000000000000007 ffffffff 00 0000 00 00 0000 00` +
          ` 02${str('b')} 01 0010 00 00`,
      ),
    );
    const result = await committedOffsets(broker, counter(), ['a', 'b'], { concurrency: 2 });
    assert.deepEqual(kafkajsCalls, []);
    assert.deepEqual(
      sent.map((s) => [s.apiKey, s.apiVersion]),
      [[9, 9]],
    );
    assert.deepEqual(entriesOf(result.get('a')), [{ topic: 't', partition: 0, offset: 7 }]);
    assert.match((result.get('b') as Error).message, /NOT_COORDINATOR/);
  });

  test('consumer-protocol groups on a broker without ConsumerGroupDescribe: described the classic way', async () => {
    const { broker, sent, kafkajsCalls } = fakeBroker(oldVersions, () => Buffer.alloc(0));
    const described = await describeGroups(broker, counter(), ['g'], 'consumer');
    assert.deepEqual(sent, []);
    assert.deepEqual(kafkajsCalls, ['describeGroups:g']);
    assert.equal(described[0]?.state, 'Empty');
  });

  test('an aborted signal: the request is never handed to the connection', async () => {
    const { broker, sent } = fakeBroker(newVersions, () => Buffer.alloc(0));
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const c = counter();
    await assert.rejects(
      sendRequest(broker, OffsetFetch, 9, { groupIds: ['a'] }, c, controller.signal),
      /deadline/,
    );
    await assert.rejects(
      committedOffsets(broker, c, ['a'], { concurrency: 1, signal: controller.signal }),
      /deadline/,
    );
    assert.deepEqual(sent, []);
    assert.equal(c.requests, 0);
  });
});
