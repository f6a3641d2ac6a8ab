// The sampler with Kafka 4's group types, batched requests, coordinators that move, and
// a tick's deadline that cancels what is left of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleCluster } from '../../../src/kafka/sampler.js';
import { FakeClient } from './fake-client.js';
import { samplerOptions } from './sampler-options.js';

const options = samplerOptions;

function cluster(): FakeClient {
  const c = new FakeClient();
  c.topicsByName = { orders: { ends: [100, 50, 10] } };
  c.groups = {
    modern: {
      state: 'Stable',
      type: 'consumer',
      members: [
        {
          id: 'Mx0Q',
          host: '/10.0.0.7',
          clientId: 'console-consumer',
          assignment: { orders: [0, 2] },
        },
        {
          id: 'Zk9a',
          host: '/10.0.0.8',
          clientId: 'console-consumer',
          assignment: { orders: [1] },
        },
      ],
      committed: { orders: [90, 50, 10] },
    },
    classic: { state: 'Stable', committed: { orders: [100, 50, 10] } },
    shared: { state: 'Stable', type: 'share', committed: {} },
  };
  return c;
}

describe('sampler: group types', () => {
  test('a consumer-protocol group: described by ConsumerGroupDescribe, owners per partition, epoch', async () => {
    const client = cluster();
    const snapshot = await sampleCluster(client, options());
    const modern = snapshot.groups.find((g) => g.group === 'modern');
    assert.equal(modern?.type, 'consumer');
    assert.equal(modern?.state, 'Stable');
    assert.equal(modern?.members, 2);
    assert.equal(modern?.groupEpoch, 7);
    assert.deepEqual(
      modern?.partitions.map((p) => [p.partition, p.lag, p.consumerId, p.host, p.clientId]),
      [
        [0, 10, 'Mx0Q', '/10.0.0.7', 'console-consumer'],
        [1, 0, 'Zk9a', '/10.0.0.8', 'console-consumer'],
        [2, 0, 'Mx0Q', '/10.0.0.7', 'console-consumer'],
      ],
    );
    assert.equal(snapshot.groups.find((g) => g.group === 'classic')?.type, 'classic');
    const described = client.calls.filter(
      (c) => c.api.endsWith('Describe') || c.api === 'DescribeGroups',
    );
    assert.deepEqual(described.map((c) => [c.api, c.groups]).sort(), [
      ['ConsumerGroupDescribe', ['modern']],
      ['DescribeGroups', ['classic']],
    ]);
  });

  test('a consumer-protocol group whose consumers left: Empty, no members, lag kept', async () => {
    const client = cluster();
    client.groups.modern = {
      state: 'Empty',
      type: 'consumer',
      committed: { orders: [90, 50, 10] },
    };
    const snapshot = await sampleCluster(client, options());
    const modern = snapshot.groups.find((g) => g.group === 'modern');
    assert.equal(modern?.state, 'Empty');
    assert.equal(modern?.members, 0);
    assert.equal(modern?.totalLag, 10);
    assert.equal(modern?.fault, null);
  });

  test('a share group is listed with its type and a reason, never described or fetched', async () => {
    const client = cluster();
    const snapshot = await sampleCluster(client, options());
    assert.equal(snapshot.available, true);
    const shared = snapshot.groups.find((g) => g.group === 'shared');
    assert.equal(shared?.type, 'other');
    assert.equal(shared?.typeName, 'share');
    assert.equal(shared?.fault?.code, 'GROUP_TYPE_NOT_JUDGED');
    assert.match(shared?.fault?.message ?? '', /share/);
    assert.ok(client.calls.every((c) => !(c.groups ?? []).includes('shared')));
  });
});

describe('sampler: batches', () => {
  test('groups go in batches of groupsPerRequest: 2,500 groups, 3 requests per kind', async () => {
    const client = new FakeClient();
    client.topicsByName = { t: { ends: [5] } };
    for (let i = 0; i < 2500; i++)
      client.groups[`g${i}`] = { state: 'Stable', committed: { t: [i % 5] } };
    const snapshot = await sampleCluster(client, options({ groupsPerRequest: 1000 }));
    assert.equal(snapshot.groups.length, 2500);
    assert.equal(client.counter.byApi.OffsetFetch, 3);
    assert.equal(client.counter.byApi.DescribeGroups, 3);
    assert.equal(client.counter.byApi.FindCoordinator, 1);
    assert.deepEqual(
      client.calls.filter((c) => c.api === 'OffsetFetch').map((c) => c.groups?.length),
      [1000, 1000, 500],
    );
  });

  test('groups ListGroups says are Empty are not described: nothing more to learn', async () => {
    const client = cluster();
    client.groups.idle = { state: 'Empty', committed: { orders: [1, 1, 1] } };
    const snapshot = await sampleCluster(client, options());
    const idle = snapshot.groups.find((g) => g.group === 'idle');
    assert.equal(idle?.state, 'Empty');
    assert.equal(idle?.members, 0);
    assert.equal(idle?.totalLag, 99 + 49 + 9);
    assert.equal(idle?.fault, null);
    assert.ok(
      client.calls
        .filter((c) => c.api === 'DescribeGroups' || c.api === 'ConsumerGroupDescribe')
        .every((c) => !(c.groups ?? []).includes('idle')),
    );
  });

  test('one bad group in a batch: its own fault, the others of the same request are fine', async () => {
    const client = cluster();
    client.failOffsetsFor.add('classic');
    const snapshot = await sampleCluster(client, options());
    assert.equal(
      snapshot.groups.find((g) => g.group === 'classic')?.fault?.code,
      'OFFSET_FETCH_FAILED',
    );
    assert.equal(snapshot.groups.find((g) => g.group === 'modern')?.totalLag, 10);
    assert.equal(snapshot.groups.find((g) => g.group === 'modern')?.fault, null);
  });

  test('a coordinator that moved (NOT_COORDINATOR) is found again and asked again within the tick', async () => {
    const client = cluster();
    client.movedCoordinatorOf.add('modern');
    const snapshot = await sampleCluster(client, options());
    const modern = snapshot.groups.find((g) => g.group === 'modern');
    assert.equal(modern?.fault, null);
    assert.equal(modern?.totalLag, 10);
    assert.ok(client.forgotten.includes('modern'));
    const lookups = client.calls.filter((c) => c.api === 'FindCoordinator');
    assert.deepEqual(lookups[1]?.groups, ['modern']);
  });

  test('a coordinator that moved answers the describe NOT_COORDINATOR: found again and described within the tick', async () => {
    const client = cluster();
    client.movedDescribeOf = new Set(['modern', 'classic']);
    const snapshot = await sampleCluster(client, options());
    for (const group of ['modern', 'classic']) {
      const sampled = snapshot.groups.find((g) => g.group === group);
      assert.equal(sampled?.fault, null, group);
      assert.equal(sampled?.state, 'Stable', group);
    }
    assert.equal(snapshot.groups.find((g) => g.group === 'modern')?.members, 2);
    assert.equal(
      snapshot.groups.find((g) => g.group === 'modern')?.partitions[0]?.consumerId,
      'Mx0Q',
    );
    assert.deepEqual(client.forgotten.sort(), ['classic', 'modern']);
    const lookups = client.calls.filter((c) => c.api === 'FindCoordinator');
    assert.equal(lookups.length, 2, 'one lookup more, for the moved groups only');
    assert.deepEqual([...(lookups[1]?.groups ?? [])].sort(), ['classic', 'modern']);
    const asked = (api: string): number => client.calls.filter((c) => c.api === api).length;
    assert.equal(asked('DescribeGroups'), 2, 'classic described again');
    assert.equal(asked('ConsumerGroupDescribe'), 2, 'modern described again');
  });

  test('a coordinator that is still not ready when asked again: that group alone has a fault, no third ask', async () => {
    const client = cluster();
    client.failOffsetsFor.add('classic'); // COORDINATOR_LOAD_IN_PROGRESS, every time
    const snapshot = await sampleCluster(client, options());
    assert.equal(
      snapshot.groups.find((g) => g.group === 'classic')?.fault?.code,
      'OFFSET_FETCH_FAILED',
    );
    assert.equal(snapshot.groups.find((g) => g.group === 'modern')?.fault, null);
    assert.equal(client.committedAskedFor.filter((g) => g === 'classic').length, 2);
    assert.equal(client.calls.filter((c) => c.api === 'FindCoordinator').length, 2);
  });
});

describe('sampler: the deadline cancels the tick', () => {
  test('requests after the deadline are never issued, and every request carried the signal', async () => {
    const client = cluster();
    client.committedDelayMs = 120; // answers after the 40 ms deadline
    const snapshot = await sampleCluster(client, options({ deadlineMs: 40 }));
    assert.equal(snapshot.fault?.code, 'DEADLINE_EXCEEDED');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the late answer arrives
    assert.ok(client.calls.length > 0);
    assert.ok(client.calls.every((c) => c.hadSignal));
    assert.deepEqual(
      client.calls.filter((c) => c.afterAbort),
      [],
    );
    assert.ok(
      !client.calls.some((c) => c.api === 'ListOffsets'),
      'ListOffsets sent after the deadline',
    );
  });

  test("the caller's signal ends the tick the same way", async () => {
    const client = cluster();
    client.committedDelayMs = 120;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const snapshot = await sampleCluster(client, options({ signal: controller.signal }));
    assert.equal(snapshot.available, false);
    assert.equal(snapshot.fault?.code, 'DEADLINE_EXCEEDED');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(
      client.calls.filter((c) => c.afterAbort),
      [],
    );
    assert.ok(!client.calls.some((c) => c.api === 'ListOffsets'));
  });
});
