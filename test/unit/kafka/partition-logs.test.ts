import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultCode } from '../../../src/contract/errors.js';
import type { SampleFault } from '../../../src/contract/snapshot.js';
import { PartitionLogs } from '../../../src/kafka/partition-logs.js';

const unreadable: SampleFault = { code: FaultCode.END_OFFSETS_UNAVAILABLE, message: 'x' };

describe("a tick's PartitionLogs", () => {
  const logs = new PartitionLogs(
    [
      { topic: 'orders', partitions: [{ partition: 0 }] }, // replaced by the entry below
      { topic: 'audit', partitions: [{ partition: 1 }, { partition: 0 }] },
      { topic: 'orders', partitions: [{ partition: 2 }, { partition: 1 }] },
    ],
    [
      { topic: 'orders', partition: 1, offset: 50 },
      { topic: 'orders', partition: 2, offset: 9 },
      { topic: 'orders', partition: 0, offset: 99 }, // not in metadata (any more): ignored
      { topic: 'audit', partition: 1, offset: 7 },
      { topic: 'other', partition: 0, offset: 1 }, // not admitted: ignored
    ],
    [{ topic: 'orders', partition: 1, offset: 20 }],
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
