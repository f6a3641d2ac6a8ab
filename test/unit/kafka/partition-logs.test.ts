import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultCode } from '../../../src/contract/errors.js';
import type { SampleFault } from '../../../src/contract/snapshot.js';
import { offsetList, type OffsetList } from '../../../src/kafka/offset-list.js';
import { KeptPartitionLogs, PartitionLogs } from '../../../src/kafka/partition-logs.js';

const none = (): OffsetList => offsetList([]);
const unreadable: SampleFault = { code: FaultCode.END_OFFSETS_UNAVAILABLE, message: 'x' };

describe("a tick's PartitionLogs", () => {
  const logs = new PartitionLogs(
    [
      { topic: 'orders', partitions: [{ partition: 0 }] }, // replaced by the entry below
      { topic: 'audit', partitions: [{ partition: 1 }, { partition: 0 }] },
      { topic: 'orders', partitions: [{ partition: 2 }, { partition: 1 }] },
    ],
    offsetList([
      { topic: 'orders', partition: 1, offset: 50 },
      { topic: 'orders', partition: 2, offset: 9 },
      { topic: 'orders', partition: 0, offset: 99 }, // not in metadata (any more): ignored
      { topic: 'audit', partition: 1, offset: 7 },
      { topic: 'other', partition: 0, offset: 1 }, // not admitted: ignored
    ]),
    offsetList([{ topic: 'orders', partition: 1, offset: 20 }]),
    new Map([['audit', unreadable]]),
  );
  const row = (topic: string, partition: number): unknown[] | undefined => {
    const log = logs.byTopic.get(topic)?.[partition];
    return log && [log.topic, log.partition, log.logEndOffset, log.logStartOffset, log.fault];
  };

  test('each listed partition of each topic, indexed by number, with its offsets', () => {
    assert.deepEqual(row('orders', 1), ['orders', 1, 50, 20, null]);
    assert.deepEqual(row('orders', 2), ['orders', 2, 9, null, null]);
    assert.equal(row('orders', 0), undefined);
    assert.equal(row('orders', 3), undefined);
    assert.equal(logs.byTopic.has('other'), false);
  });

  test("a topic's fault only where its log end is unknown", () => {
    assert.deepEqual(row('audit', 1), ['audit', 1, 7, null, null]);
    assert.deepEqual(row('audit', 0), ['audit', 0, null, null, unreadable]);
  });
});

describe('PartitionLogs kept from one tick to the next', () => {
  const orders = { topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }] };
  const member = { consumerId: 'c', host: '/h', clientId: 'id' };

  test("the same partitions: the last tick's objects, cleared and filled with this tick's offsets", () => {
    const kept = new KeptPartitionLogs();
    const first = new PartitionLogs(
      [orders],
      offsetList([
        { topic: 'orders', partition: 0, offset: 10 },
        { topic: 'orders', partition: 1, offset: 11 },
      ]),
      offsetList([{ topic: 'orders', partition: 0, offset: 1 }]),
      new Map(),
      kept,
    );
    const log0 = first.byTopic.get('orders')![0]!;
    log0.committedInTurn = 7;
    log0.ownedInTurn = 7;
    log0.owner = member;
    const second = new PartitionLogs(
      [{ topic: 'orders', partitions: [{ partition: 1 }, { partition: 0 }] }],
      offsetList([{ topic: 'orders', partition: 0, offset: 20 }]),
      none(),
      new Map([['orders', unreadable]]),
      kept,
    );
    const again = second.byTopic.get('orders')!;
    assert.equal(again[0], log0, 'the same object');
    assert.deepEqual(
      [again[0].logEndOffset, again[0].logStartOffset, again[0].fault],
      [20, null, null],
    );
    assert.deepEqual(
      [again[1]!.logEndOffset, again[1]!.logStartOffset, again[1]!.fault],
      [null, null, unreadable],
      'nothing of the last tick is left: its end, start and fault are this tick’s',
    );
    assert.deepEqual([log0.committedInTurn, log0.ownedInTurn, log0.owner], [0, 0, null]);
  });

  test('other partitions, or a topic gone for a tick: new objects', () => {
    const kept = new KeptPartitionLogs();
    const logsOf = (topics: (typeof orders)[]) =>
      new PartitionLogs(topics, none(), none(), new Map(), kept).byTopic.get('orders');
    const first = logsOf([orders])!;
    const grown = logsOf([
      { topic: 'orders', partitions: [...orders.partitions, { partition: 2 }] },
    ])!;
    assert.notEqual(grown[0], first[0]);
    assert.equal(grown.length, 3);
    const shrunk = logsOf([{ topic: 'orders', partitions: [{ partition: 0 }] }])!;
    assert.notEqual(shrunk[0], grown[0]);
    logsOf([]);
    assert.notEqual(logsOf([{ topic: 'orders', partitions: [{ partition: 0 }] }])![0], shrunk[0]);
  });

  test('without a keeper every tick makes its own', () => {
    const a = new PartitionLogs([orders], none(), none(), new Map()).byTopic.get('orders')!;
    const b = new PartitionLogs([orders], none(), none(), new Map()).byTopic.get('orders')!;
    assert.notEqual(a[0], b[0]);
  });
});
