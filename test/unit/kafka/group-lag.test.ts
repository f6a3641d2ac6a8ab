// groupLag on its own: which partitions a group reports (committed, owned, both), in which
// order, with which owner and fault, against a tick's PartitionLogs shared by every group.
// The last test compares it with a plain restatement of those rules on generated groups
// (duplicates, gaps, foreign topics, every order), so a shortcut that changes the output fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultCode } from '../../../src/contract/errors.js';
import type { GroupLag, PartitionLag, SampleFault } from '../../../src/contract/snapshot.js';
import type { OwnedPartitions, PartitionOwner } from '../../../src/kafka/assignment.js';
import type { GroupDescription } from '../../../src/kafka/group-description.js';
import {
  groupLag,
  INSERTION_SORT_UP_TO,
  PartitionLagPool,
  sortByTopicThenPartition,
} from '../../../src/kafka/group-lag.js';
import { byTopicThenPartition } from '../../../src/contract/sort-orders.js';
import type { GroupSample } from '../../../src/kafka/group-sampling.js';
import { offsetList, type OffsetEntry } from '../../../src/kafka/offset-list.js';
import { PartitionLogs } from '../../../src/kafka/partition-logs.js';

const leaderMoving: SampleFault = {
  code: FaultCode.END_OFFSETS_UNAVAILABLE,
  message: 'leader not available',
};

/** orders: 3 partitions; audit: 1, its offsets unreadable; no other topic is admitted. */
function tickLogs(): PartitionLogs {
  return new PartitionLogs(
    [
      { topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }, { partition: 2 }] },
      { topic: 'audit', partitions: [{ partition: 0 }] },
    ],
    offsetList([
      { topic: 'orders', partition: 0, offset: 100 },
      { topic: 'orders', partition: 1, offset: 50 },
      { topic: 'orders', partition: 2, offset: 10 },
    ]),
    offsetList([
      { topic: 'orders', partition: 0, offset: 0 },
      { topic: 'orders', partition: 1, offset: 20 },
      { topic: 'orders', partition: 2, offset: 0 },
    ]),
    new Map([['audit', leaderMoving]]),
  );
}

const member = (id: string): PartitionOwner => ({
  consumerId: id,
  host: `/10.0.0.${id.length}`,
  clientId: `${id}-client`,
});

function described(
  owned: [topic: string, partition: number, owner: PartitionOwner][],
  state = 'Stable',
): GroupDescription {
  return {
    groupId: 'g',
    state,
    protocolType: 'consumer',
    members: new Set(owned.map(([, , o]) => o.consumerId)).size,
    assignments: assignmentsFrom(owned),
    groupEpoch: null,
    errorCode: 0,
    errorMessage: null,
  };
}

/** Each run of one member's partitions of one topic as one entry, as descriptions list them. */
function assignmentsFrom(
  owned: [topic: string, partition: number, owner: PartitionOwner][],
): OwnedPartitions[] {
  const assignments: { owner: PartitionOwner; topic: string; partitions: number[] }[] = [];
  for (const [topic, partition, owner] of owned) {
    const last = assignments.at(-1);
    if (last?.owner === owner && last.topic === topic) last.partitions.push(partition);
    else assignments.push({ owner, topic, partitions: [partition] });
  }
  return assignments;
}

/** The key the plain rules below look owners up by. */
const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

function sampleOf(
  offsets: [topic: string, partition: number, offset: number][] | null,
  description: GroupDescription | Error | null,
  fault: SampleFault | null = null,
): GroupSample {
  return {
    groupId: 'g',
    type: 'classic',
    typeName: 'classic',
    listedState: 'Stable',
    listedProtocolType: 'consumer',
    description,
    offsets:
      offsets === null
        ? null
        : offsetList(offsets.map(([topic, partition, offset]) => ({ topic, partition, offset }))),
    fault,
  };
}

/** [topic, partition, committed, lag, consumerId] per partition, in the reported order. */
const rows = (g: GroupLag): unknown[][] =>
  g.partitions.map((p) => [p.topic, p.partition, p.committedOffset, p.lag, p.consumerId]);

describe('groupLag', () => {
  test('every committed partition owned: owners on each, lag, messages lost, totals, max', () => {
    const a = member('a');
    const b = member('b');
    const g = groupLag(
      sampleOf(
        [
          ['orders', 0, 90],
          ['orders', 1, 5],
          ['orders', 2, 10],
        ],
        described([
          ['orders', 0, a],
          ['orders', 1, b],
          ['orders', 2, a],
        ]),
      ),
      tickLogs(),
    );
    assert.deepEqual(rows(g), [
      ['orders', 0, 90, 10, 'a'],
      ['orders', 1, 5, 45, 'b'],
      ['orders', 2, 10, 0, 'a'],
    ]);
    assert.deepEqual(
      g.partitions.map((p) => [
        p.host,
        p.clientId,
        p.logEndOffset,
        p.logStartOffset,
        p.messagesLost,
      ]),
      [
        ['/10.0.0.1', 'a-client', 100, 0, 0],
        ['/10.0.0.1', 'b-client', 50, 20, 15],
        ['/10.0.0.1', 'a-client', 10, 0, 0],
      ],
    );
    assert.equal(g.totalLag, 55);
    assert.equal(g.maxLag, g.partitions[1]);
    assert.equal(g.fault, null);
  });

  test('owned but never committed (or -1): reported with the owner and no lag, in order', () => {
    const a = member('a');
    const g = groupLag(
      sampleOf(
        [
          ['orders', 0, 90],
          ['orders', 1, -1],
        ],
        described([
          ['orders', 2, a],
          ['orders', 1, a],
          ['orders', 0, a],
        ]),
      ),
      tickLogs(),
    );
    assert.deepEqual(rows(g), [
      ['orders', 0, 90, 10, 'a'],
      ['orders', 1, null, null, 'a'],
      ['orders', 2, null, null, 'a'],
    ]);
    assert.equal(g.partitions[2]?.messagesLost, 0);
    assert.equal(g.totalLag, 10);
  });

  test('committed but owned by nobody: no owner, beside the owned ones', () => {
    const g = groupLag(
      sampleOf(
        [
          ['orders', 0, 90],
          ['orders', 2, 4],
        ],
        described([['orders', 0, member('a')]]),
      ),
      tickLogs(),
    );
    assert.deepEqual(rows(g), [
      ['orders', 0, 90, 10, 'a'],
      ['orders', 2, 4, 6, null],
    ]);
    assert.deepEqual([g.partitions[1]?.host, g.partitions[1]?.clientId], [null, null]);
  });

  test('a partition two members list (mid-rebalance): one row, owned by the last to list it', () => {
    const a = member('a');
    const b = member('b');
    const owners = described([
      ['orders', 0, a],
      ['orders', 1, a],
      ['orders', 1, b],
      ['orders', 2, b],
    ]);
    // Committed: its owner is the last member to list it.
    assert.deepEqual(rows(groupLag(sampleOf([['orders', 1, 5]], owners), tickLogs())), [
      ['orders', 0, null, null, 'a'],
      ['orders', 1, 5, 45, 'b'],
      ['orders', 2, null, null, 'b'],
    ]);
    // Never committed: still one row, with the same owner.
    assert.deepEqual(rows(groupLag(sampleOf([['orders', 0, 5]], owners), tickLogs())), [
      ['orders', 0, 5, 95, 'a'],
      ['orders', 1, null, null, 'b'],
      ['orders', 2, null, null, 'b'],
    ]);
  });

  test('no owners at all (Empty, not described, describe failed): offsets alone', () => {
    const offsets: [string, number, number][] = [
      ['orders', 1, 40],
      ['orders', 0, 100],
    ];
    const expected = [
      ['orders', 0, 100, 0, null],
      ['orders', 1, 40, 10, null],
    ];
    assert.deepEqual(
      rows(groupLag(sampleOf(offsets, described([], 'Empty')), tickLogs())),
      expected,
    );
    assert.deepEqual(rows(groupLag(sampleOf(offsets, null), tickLogs())), expected);
    const failed = groupLag(sampleOf(offsets, new Error('DescribeGroups timed out')), tickLogs());
    assert.deepEqual(rows(failed), expected);
    assert.deepEqual(failed.fault, {
      code: FaultCode.DESCRIBE_FAILED,
      message: 'DescribeGroups timed out',
    });
    assert.equal(failed.state, 'Stable'); // as listed
  });

  test('the topic filter and metadata decide: other topics and partitions are left out', () => {
    const g = groupLag(
      sampleOf(
        [
          ['denied', 0, 5], // not admitted (or deleted): not in the tick's logs
          ['orders', 7, 5], // no such partition
          ['orders', 1, 30],
        ],
        described([
          ['denied', 1, member('a')],
          ['orders', 9, member('a')],
          ['orders', 2, member('b')],
        ]),
      ),
      tickLogs(),
    );
    assert.deepEqual(rows(g), [
      ['orders', 1, 30, 20, null],
      ['orders', 2, null, null, 'b'],
    ]);
  });

  test('offsets in any order are reported sorted by topic, then partition', () => {
    const shuffled = groupLag(
      sampleOf(
        [
          ['orders', 2, 1],
          ['audit', 0, 3],
          ['orders', 0, 2],
        ],
        null,
      ),
      tickLogs(),
    );
    assert.deepEqual(
      shuffled.partitions.map((p) => [p.topic, p.partition]),
      [
        ['audit', 0],
        ['orders', 0],
        ['orders', 2],
      ],
    );
  });

  test('a partition listed twice is reported twice (as before), and hides no owned one', () => {
    const a = member('a');
    const g = groupLag(
      sampleOf(
        [
          ['orders', 0, 90],
          ['orders', 0, 80],
        ],
        described([
          ['orders', 0, a],
          ['orders', 1, a],
        ]),
      ),
      tickLogs(),
    );
    assert.deepEqual(rows(g), [
      ['orders', 0, 90, 10, 'a'],
      ['orders', 0, 80, 20, 'a'],
      ['orders', 1, null, null, 'a'],
    ]);
    assert.equal(g.totalLag, 30);
    assert.equal(g.maxLag, g.partitions[1]);
  });

  test("one group's commits do not count for the next group of the same tick", () => {
    const logs = tickLogs();
    const owners = described([
      ['orders', 0, member('a')],
      ['orders', 1, member('a')],
    ]);
    const first = groupLag(sampleOf([['orders', 0, 1]], owners), logs);
    const second = groupLag(sampleOf([['orders', 1, 1]], owners), logs);
    assert.deepEqual(
      rows(first).map((r) => r.slice(1, 3)),
      [
        [0, 1],
        [1, null],
      ],
    );
    assert.deepEqual(
      rows(second).map((r) => r.slice(1, 3)),
      [
        [0, null],
        [1, 1],
      ],
    );
  });

  test("faults: the topic's when its log end is unknown, the sample's first, a vanished group", () => {
    const g = groupLag(
      sampleOf([['audit', 0, 3]], described([['audit', 0, member('a')]])),
      tickLogs(),
    );
    assert.equal(g.partitions[0]?.logEndOffset, null);
    assert.equal(g.partitions[0]?.lag, null);
    assert.equal(g.partitions[0]?.fault, leaderMoving);
    assert.equal(g.totalLag, 0);
    assert.equal(g.maxLag, null);
    assert.equal(g.fault, null);

    const fetchFailed: SampleFault = { code: FaultCode.OFFSET_FETCH_FAILED, message: 'x' };
    const failed = groupLag(
      sampleOf(null, described([['orders', 0, member('a')]]), fetchFailed),
      tickLogs(),
    );
    assert.equal(failed.fault, fetchFailed);
    assert.deepEqual(rows(failed), [['orders', 0, null, null, 'a']]);

    const vanished = groupLag(sampleOf([], described([], 'Dead')), tickLogs());
    assert.equal(vanished.fault?.code, FaultCode.GROUP_VANISHED);
    const deadWithCommits = groupLag(
      sampleOf([['orders', 0, 1]], described([], 'Dead')),
      tickLogs(),
    );
    assert.equal(deadWithCommits.fault, null);
  });

  test('an Empty group with no committed offset at all is gone (deleted after the listing)', () => {
    // Listed Empty (so not described), deleted before its offsets were fetched: none come back.
    const deleted = groupLag(sampleOf([], described([], 'Empty')), tickLogs());
    assert.equal(deleted.fault?.code, FaultCode.GROUP_VANISHED);
    const allUnset = groupLag(sampleOf([['orders', 0, -1]], described([], 'Empty')), tickLogs());
    assert.equal(allUnset.fault?.code, FaultCode.GROUP_VANISHED, '-1: no commit');
    // An Empty group that commits, even only to a topic the filter leaves out, is still there.
    const idle = groupLag(sampleOf([['orders', 1, 30]], described([], 'Empty')), tickLogs());
    assert.equal(idle.fault, null);
    assert.deepEqual(rows(idle), [['orders', 1, 30, 20, null]]);
    const elsewhere = groupLag(sampleOf([['payments', 0, 7]], described([], 'Empty')), tickLogs());
    assert.equal(elsewhere.fault, null);
    assert.equal(elsewhere.partitions.length, 0);
  });

  test('with a pool, the next group takes the same partition objects and list again', () => {
    const logs = tickLogs();
    const pool = new PartitionLagPool();
    const g = sampleOf(
      [
        ['orders', 0, 40],
        ['orders', 1, 45],
      ],
      null,
    );
    const h = sampleOf(
      [
        ['orders', 2, 4],
        ['orders', 0, 90],
      ],
      null,
    );
    const first = groupLag(g, logs, pool);
    assert.deepEqual(
      first.partitions.map((p) => [p.partition, p.lag]),
      [
        [0, 60],
        [1, 5],
      ],
    );
    const objects = [...first.partitions];
    const second = groupLag(h, logs, pool);
    assert.equal(second.partitions, first.partitions, 'the same list (same length)');
    assert.deepEqual(
      second.partitions.map((p) => [p.partition, p.lag]),
      [
        [0, 10],
        [2, 6],
      ],
      'sorted, with the numbers of the second group',
    );
    assert.deepEqual(new Set(second.partitions), new Set(objects), 'the same objects, reset');
    assert.equal(second.maxLag?.lag, 10);
    assert.notEqual(groupLag(h, logs).partitions[0], objects[0], 'without a pool: new objects');
  });

  test('equals a plain restatement of the rules on generated groups', () => {
    let seed = 15;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the high bits: the low ones of an LCG cycle
    };
    const topics = ['a', 'b', 'c', 'gone'];
    const admitted = new Map([
      ['a', 4],
      ['b', 3],
      ['c', 2],
    ]);
    const logs = new PartitionLogs(
      [...admitted].map(([topic, n]) => ({
        topic,
        partitions: Array.from({ length: n }, (_, partition) => ({ partition })),
      })),
      offsetList(
        [...admitted]
          .filter(([topic]) => topic !== 'c') // c's log ends unreadable
          .flatMap(([topic, n]) =>
            Array.from({ length: n }, (_, partition) => ({
              topic,
              partition,
              offset: 100 + partition,
            })),
          ),
      ),
      offsetList([{ topic: 'a', partition: 1, offset: 60 }]),
      new Map([['c', leaderMoving]]),
    );
    const members = [member('m1'), member('m22'), member('m333')];
    // The service's way too: one pool whose objects every round's group takes again.
    const pool = new PartitionLagPool();
    for (let round = 0; round < 400; round++) {
      const offsets: [string, number, number][] = [];
      for (let i = random(9); i > 0; i--)
        offsets.push([topics[random(4)]!, random(5), random(4) === 0 ? -1 : random(120)]);
      if (random(2) === 0)
        offsets.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
      const owned: [string, number, PartitionOwner][] = [];
      for (let i = random(8); i > 0; i--)
        owned.push([topics[random(4)]!, random(5), members[random(3)]!]);
      const description = random(5) === 0 ? null : described(owned);
      const sample = sampleOf(offsets, description);
      // As JSON: the partitions read their numbers through getters (logged-partition-lag.ts),
      // which toJSON lists, so this also checks that JSON carries every field.
      const expected = JSON.parse(JSON.stringify(expectedLag(sample, admitted))) as unknown;
      const context = `round ${round}: ${JSON.stringify({ offsets, owned, described: description !== null })}`;
      assert.deepEqual(JSON.parse(JSON.stringify(groupLag(sample, logs))), expected, context);
      const pooled = groupLag(sample, logs, pool);
      assert.deepEqual(JSON.parse(JSON.stringify(pooled)), expected, `${context} (pooled)`);
    }
  });
});

/** The rules, written plainly (a Set, a key string per partition, a sort every time). */
function expectedLag(
  sample: GroupSample,
  admitted: ReadonlyMap<string, number>,
): Pick<GroupLag, 'partitions' | 'totalLag' | 'maxLag'> & Partial<GroupLag> {
  const description = sample.description instanceof Error ? null : sample.description;
  const owners = new Map<string, PartitionOwner>();
  for (const { owner, topic, partitions } of description?.assignments ?? [])
    for (const partition of partitions) owners.set(partitionKey(topic, partition), owner);
  const counts = (topic: string, partition: number): boolean =>
    partition < (admitted.get(topic) ?? 0);
  const row = (
    o: OffsetEntry | { topic: string; partition: number; offset: null },
  ): PartitionLag => {
    const owner = owners.get(partitionKey(o.topic, o.partition));
    const end = o.topic === 'c' ? null : 100 + o.partition;
    const start = o.topic === 'a' && o.partition === 1 ? 60 : null;
    return {
      topic: o.topic,
      partition: o.partition,
      committedOffset: o.offset,
      logEndOffset: end,
      logStartOffset: start,
      lag: o.offset !== null && end !== null ? Math.max(0, end - o.offset) : null,
      messagesLost: o.offset !== null && start !== null && start > o.offset ? start - o.offset : 0,
      consumerId: owner?.consumerId ?? null,
      host: owner?.host ?? null,
      clientId: owner?.clientId ?? null,
      fault: end === null ? leaderMoving : null,
    };
  };
  const committed = (sample.offsets?.toArray() ?? []).filter(
    (o) => o.offset >= 0 && counts(o.topic, o.partition),
  );
  const committedKeys = new Set(committed.map((o) => partitionKey(o.topic, o.partition)));
  const partitions = committed.map(row);
  for (const key of owners.keys()) {
    const [topic, partition] = key.split('\u0000') as [string, string];
    if (!committedKeys.has(key) && counts(topic, Number(partition)))
      partitions.push(row({ topic, partition: Number(partition), offset: null }));
  }
  partitions.sort((x, y) =>
    x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition,
  );
  const withLag = partitions.filter((p) => p.lag !== null);
  const totalLag = withLag.reduce((sum, p) => sum + p.lag!, 0);
  const maxLag = withLag.reduce<PartitionLag | null>(
    (m, p) => (m === null || p.lag! > m.lag! ? p : m),
    null,
  );
  return {
    group: 'g',
    state: description?.state ?? 'Stable',
    protocolType: description?.protocolType ?? '',
    type: 'classic',
    typeName: 'classic',
    groupEpoch: null,
    members: description?.members ?? 0,
    partitions,
    totalLag,
    maxLag,
    fault: null,
  };
}

describe('sortByTopicThenPartition', () => {
  test('sorts as a stable Array.prototype.sort does, by insertion and past its length limit', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    for (const length of [0, 1, 2, 3, 10, INSERTION_SORT_UP_TO, INSERTION_SORT_UP_TO + 1, 200]) {
      for (let round = 0; round < 20; round++) {
        // Few topics and partitions: many equal keys, so a sort that is not stable shows.
        const list = Array.from(
          { length },
          () => ({ topic: ['a', 'b', 'c'][random(3)]!, partition: random(4) }) as PartitionLag,
        );
        const expected = list.slice().sort(byTopicThenPartition);
        sortByTopicThenPartition(list);
        for (let i = 0; i < length; i++)
          assert.equal(list[i], expected[i], `length ${length}, round ${round}, at ${i}`);
      }
    }
  });
});
