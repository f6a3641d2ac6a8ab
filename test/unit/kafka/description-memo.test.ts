// The descriptions a cluster's ticks keep from one to the next: an unchanged one is the
// kept object, any change gives (and keeps) the new one, and the sampler reports the same
// owners and lags with it as without it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DescriptionMemo } from '../../../src/kafka/description-memo.js';
import type { GroupDescription } from '../../../src/kafka/group-description.js';
import { sampleCluster, type SamplerOptions } from '../../../src/kafka/sampler.js';
import { FakeClient } from './fake-client.js';
import { samplerOptions } from './sampler-options.js';

// Strings made at run time, as a response decoder makes them: equal, never the same object.
const fresh = (text: string): string => Buffer.from(text).toString();

function description(change: Partial<GroupDescription> = {}): GroupDescription {
  return {
    groupId: fresh('orders-app'),
    state: fresh('Stable'),
    protocolType: fresh('consumer'),
    members: 2,
    assignments: [
      {
        owner: { consumerId: fresh('m-1'), host: fresh('/10.0.0.1'), clientId: fresh('app') },
        topic: fresh('orders'),
        partitions: [0, 2],
      },
      {
        owner: { consumerId: fresh('m-2'), host: fresh('/10.0.0.2'), clientId: fresh('app') },
        topic: fresh('orders'),
        partitions: [1],
      },
    ],
    groupEpoch: null,
    errorCode: 0,
    errorMessage: null,
    ...change,
  };
}

describe('DescriptionMemo', () => {
  test('an equal description gets the kept one; the first is kept as a copy of what came', () => {
    const memo = new DescriptionMemo();
    const first = description();
    const kept = memo.same(first);
    assert.notEqual(kept, first, 'a copy, so that what came dies young');
    assert.deepEqual(kept, first);
    assert.equal(kept.assignments[0]!.owner.host, first.assignments[0]!.owner.host);
    assert.equal(memo.same(description()), kept);
    assert.equal(memo.size, 1);
  });

  const [a0, a1] = description().assignments;
  const changes: [string, Partial<GroupDescription>][] = [
    ['state', { state: 'PreparingRebalance' }],
    ['protocol type', { protocolType: '' }],
    ['member count', { members: 3 }],
    ['group epoch', { groupEpoch: 8 }],
    ['one assignment fewer', { assignments: [a0!] }],
    [
      'the consumer id',
      { assignments: [a0!, { ...a1!, owner: { ...a1!.owner, consumerId: 'm-3' } }] },
    ],
    ['the host', { assignments: [a0!, { ...a1!, owner: { ...a1!.owner, host: '/10.0.0.9' } }] }],
    [
      'the client id',
      { assignments: [a0!, { ...a1!, owner: { ...a1!.owner, clientId: 'other' } }] },
    ],
    ['the topic', { assignments: [a0!, { ...a1!, topic: 'payments' }] }],
    ['a partition', { assignments: [a0!, { ...a1!, partitions: [3] }] }],
    ['a partition more', { assignments: [a0!, { ...a1!, partitions: [1, 3] }] }],
  ];
  for (const [what, change] of changes) {
    test(`a change of ${what} gives the new description, kept from then on`, () => {
      const memo = new DescriptionMemo();
      const first = memo.same(description());
      const changed = description(change);
      const kept = memo.same(changed);
      assert.notEqual(kept, first);
      assert.deepEqual(kept, changed);
      assert.equal(memo.same(description(change)), kept);
    });
  }

  test('a description with an error is handed back and replaces nothing', () => {
    const memo = new DescriptionMemo();
    const first = memo.same(description());
    const failed = description({ errorCode: 16, errorMessage: 'NOT_COORDINATOR' });
    assert.equal(memo.same(failed), failed);
    assert.equal(memo.same(description()), first);
  });

  test('keepOnly forgets the groups not listed', () => {
    const memo = new DescriptionMemo();
    const kept = memo.same(description());
    memo.same(description({ groupId: 'gone' }));
    memo.keepOnly(new Map([['orders-app', 1]]));
    assert.equal(memo.size, 1);
    assert.equal(memo.same(description()), kept);
  });
});

describe('sampler with a DescriptionMemo', () => {
  const options = (memo: DescriptionMemo): SamplerOptions => samplerOptions({ descriptions: memo });
  const owners = (client: FakeClient, memo: DescriptionMemo) =>
    sampleCluster(client, options(memo)).then((s) =>
      s.groups.map((g) => [
        g.group,
        g.state,
        g.partitions.map((p) => [p.partition, p.lag, p.consumerId, p.host, p.clientId]),
      ]),
    );

  function cluster(): FakeClient {
    const client = new FakeClient();
    client.topicsByName = { orders: { ends: [100, 50, 10] } };
    client.groups = {
      app: {
        state: 'Stable',
        members: [
          { id: 'm-1', host: '/10.0.0.1', clientId: 'app', assignment: { orders: [0, 2] } },
          { id: 'm-2', host: '/10.0.0.2', clientId: 'app', assignment: { orders: [1] } },
        ],
        committed: { orders: [90, 50, 10] },
      },
      idle: { state: 'Empty', committed: { orders: [10, 10, 10] } },
    };
    return client;
  }

  test('keeps each group described once while it stays the same, and what changes shows', async () => {
    const client = cluster();
    const memo = new DescriptionMemo();
    const first = await owners(client, memo);
    assert.equal(memo.size, 2); // the Empty group's description too
    assert.deepEqual(await owners(client, memo), first);
    assert.deepEqual(first, await owners(client, new DescriptionMemo()));

    // A rebalance: m-2 left, m-1 owns every partition.
    client.groups.app!.members = [
      { id: 'm-1', host: '/10.0.0.1', clientId: 'app', assignment: { orders: [0, 1, 2] } },
    ];
    const after = await owners(client, memo);
    assert.deepEqual(after[0], [
      'app',
      'Stable',
      [
        [0, 10, 'm-1', '/10.0.0.1', 'app'],
        [1, 0, 'm-1', '/10.0.0.1', 'app'],
        [2, 0, 'm-1', '/10.0.0.1', 'app'],
      ],
    ]);

    // A group no longer listed is forgotten.
    delete client.groups.idle;
    await owners(client, memo);
    assert.equal(memo.size, 1);
  });
});
