// Descriptions kept from tick to tick: a group described alike keeps the description (and
// so the owner objects and strings) it had; anything that differs replaces it; a group
// not described in a tick is forgotten.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupDescription } from '../../../src/kafka/group-description.js';
import { sampleGroups, type GroupSample } from '../../../src/kafka/group-sampling.js';
import { KnownDescriptions, sameDescription } from '../../../src/kafka/known-descriptions.js';
import { createLogger } from '../../../src/log.js';
import { FakeClient } from './fake-client.js';

/** A new description object each call, as a decoder makes one per answer. */
function described(groupId: string, change: Partial<GroupDescription> = {}): GroupDescription {
  const owner = { consumerId: `${groupId}-m1`, host: '/10.0.0.1', clientId: 'app' };
  return {
    groupId,
    state: 'Stable',
    protocolType: 'consumer',
    members: 1,
    assignments: [
      { owner, topic: 't', partitions: [0, 1] },
      { owner, topic: 'u', partitions: [3] },
    ],
    groupEpoch: null,
    errorCode: 0,
    errorMessage: null,
    ...change,
  };
}

describe('known descriptions', () => {
  test('a group described alike keeps its description; each difference replaces it', () => {
    const known = new KnownDescriptions();
    known.startTick();
    const first = described('g');
    assert.equal(known.settle(first), first);
    known.endTick();

    known.startTick();
    assert.equal(known.settle(described('g')), first, 'equal: the known one');
    // Each change differs from `first` in one thing only.
    const assignments = (host: string, clientId: string, consumerId: string, uParts: number[]) => {
      const owner = { consumerId, host, clientId };
      return [
        { owner, topic: 't', partitions: [0, 1] },
        { owner, topic: 'u', partitions: uParts },
      ];
    };
    const changes: Partial<GroupDescription>[] = [
      { state: 'PreparingRebalance' },
      { members: 2 },
      { groupEpoch: 4 },
      { protocolType: 'connect' },
      { errorMessage: 'gone' },
      { assignments: assignments('/10.0.0.2', 'app', 'g-m1', [3]) },
      { assignments: assignments('/10.0.0.1', 'app2', 'g-m1', [3]) },
      { assignments: assignments('/10.0.0.1', 'app', 'g-m2', [3]) },
      { assignments: assignments('/10.0.0.1', 'app', 'g-m1', [4]) },
      { assignments: assignments('/10.0.0.1', 'app', 'g-m1', [3, 4]) },
      { assignments: [] },
    ];
    assert.ok(
      sameDescription(first, {
        ...first,
        assignments: assignments('/10.0.0.1', 'app', 'g-m1', [3]),
      }),
    );
    for (const change of changes) {
      const fresh = described('g', change);
      assert.ok(!sameDescription(first, fresh), JSON.stringify(change));
      // A store that knows `first`, then sees the change.
      const seeded = new KnownDescriptions();
      seeded.startTick();
      seeded.settle(first);
      assert.equal(seeded.settle(fresh), fresh, `${JSON.stringify(change)}: the fresh one`);
      assert.equal(seeded.settle(described('g', change)), fresh, 'and it is known from then on');
    }
  });

  test('a group not described in a tick is forgotten', () => {
    const known = new KnownDescriptions();
    known.startTick();
    const a = known.settle(described('a'));
    const b = known.settle(described('b'));
    known.endTick();
    assert.equal(known.size, 2);
    known.startTick();
    known.settle(described('b'));
    known.endTick();
    assert.equal(known.size, 1);
    known.startTick();
    assert.equal(known.settle(described('b')), b, 'b is still known');
    const freshA = described('a');
    assert.notEqual(freshA, a);
    assert.equal(known.settle(freshA), freshA, 'a was forgotten: the fresh one');
  });

  test('sampling twice: unchanged groups keep their descriptions, a changed group gets a new one', async () => {
    const client = new FakeClient();
    client.topicsByName = { orders: { ends: [100, 50] } };
    const member = (id: string, partitions: number[]) => ({
      id,
      host: '/10.0.0.7',
      clientId: 'app',
      assignment: { orders: partitions },
    });
    client.groups = {
      steady: { state: 'Stable', members: [member('s1', [0, 1])], committed: { orders: [90, 50] } },
      moving: { state: 'Stable', members: [member('m1', [0, 1])], committed: { orders: [80, 40] } },
    };
    const descriptions = new KnownDescriptions();
    const listing = ['moving', 'steady'].map((groupId) => ({
      groupId,
      protocolType: 'consumer',
      state: 'Stable',
      type: 'classic',
    }));
    const sampled = async (): Promise<Map<string, GroupSample>> => {
      const samples = await sampleGroups(client, listing, {
        groupsPerRequest: 10,
        concurrency: 2,
        signal: new AbortController().signal,
        log: createLogger('silent'),
        descriptions,
      });
      return new Map(samples.map((s) => [s.groupId, s]));
    };
    const first = await sampled();
    client.groups.moving!.members = [member('m1', [0]), member('m2', [1])];
    const second = await sampled();
    assert.ok(first.get('steady')!.description !== null);
    assert.equal(second.get('steady')!.description, first.get('steady')!.description);
    assert.notEqual(second.get('moving')!.description, first.get('moving')!.description);
    assert.equal((second.get('moving')!.description as GroupDescription).members, 2);
  });
});
