// Coordinators found in batches and cached; group listing with types where the broker
// says them. Against a stand-in for kafkajs' Cluster whose brokers decode our own bytes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoordinatorCache } from '../../../src/kafka/coordinators.js';
import { listAllGroups, type HeldListings } from '../../../src/kafka/group-listing.js';
import { KafkaErrorCode, KafkaResponseError } from '../../../src/kafka/kafka-errors.js';
import type { KafkajsCluster } from '../../../src/kafka/kafkajs-internals.js';
import { Reader, Writer } from '../../../src/kafka/wire.js';
import { WireNames } from '../../../src/kafka/wire-names.js';

type Versions = Record<number, { minVersion: number; maxVersion: number }>;

interface ProtocolRequest {
  request: { apiKey: number; apiVersion: number; encode: () => Promise<{ buffer: Buffer }> };
  response: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> };
}

/** One broker (node 1) answering FindCoordinator v4+ and ListGroups v5 with our own bytes. */
function fakeCluster(
  versions: Versions,
  coordinatorErrors: Record<string, number> = {},
  /** ListGroups answers these error codes first, one a request, then lists the groups. */
  listGroupsErrors: number[] = [],
  /** The groups ListGroups lists, read at each answer (a test may change them between). */
  listed: { id: string; state: string }[] = [
    { id: 'm', state: 'Stable' },
    { id: 'c', state: 'Stable' },
  ],
) {
  const sent: { apiKey: number; apiVersion: number; keys?: string[] }[] = [];
  const kafkajsCalls: string[] = [];
  const broker = {
    versions,
    connectionPool: {
      async send(r: ProtocolRequest) {
        const body = new Reader((await r.request.encode()).buffer);
        body.skipTaggedFields(); // request header v2's tagged fields
        const out = new Writer().noTaggedFields(); // response header v1
        if (r.request.apiKey === 10) {
          body.int8();
          const keys = body.compactArray(() => body.compactString() ?? '') ?? [];
          sent.push({ apiKey: 10, apiVersion: r.request.apiVersion, keys });
          out.int32(0).compactArray(keys, (key) => {
            const error = coordinatorErrors[key] ?? 0;
            out
              .compactString(key)
              .int32(error ? -1 : 1)
              .compactString('localhost')
              .int32(9092);
            out
              .int16(error)
              .compactString(error ? 'not yet' : null)
              .noTaggedFields();
          });
        } else {
          sent.push({ apiKey: r.request.apiKey, apiVersion: r.request.apiVersion });
          const error = listGroupsErrors.shift() ?? 0;
          out.int32(0).int16(error);
          out.compactArray(error ? [] : listed, ({ id, state }) => {
            out.compactString(id).compactString('consumer').compactString(state);
            if (r.request.apiVersion >= 5) out.compactString(id === 'm' ? 'consumer' : 'classic');
            out.noTaggedFields();
          });
        }
        out.noTaggedFields();
        return r.response.parse(await r.response.decode(out.bytes()));
      },
    },
    listGroups() {
      kafkajsCalls.push('listGroups');
      return Promise.resolve({ groups: [{ groupId: 'old', protocolType: 'consumer' }] });
    },
  };
  const cluster = {
    getNodeIds: () => [1],
    findBroker: () => Promise.resolve(broker),
    refreshMetadata: () => Promise.resolve(),
    findGroupCoordinatorMetadata: ({ groupId }: { groupId: string }) => {
      kafkajsCalls.push(`find:${groupId}`);
      return Promise.resolve({ coordinator: { nodeId: 1 } });
    },
  } as unknown as KafkajsCluster;
  return { cluster, sent, kafkajsCalls };
}

const counter = () => ({ requests: 0, byApi: {} as Record<string, number> });
const listing = (held: HeldListings = new Map()) => ({ held, retryDelaysMs: [1, 1] });
const options = { batchSize: 2, concurrency: 2 };

describe('coordinators', () => {
  test('FindCoordinator v4+: keys in batches, then cached: the next tick sends nothing', async () => {
    const { cluster, sent } = fakeCluster({ 10: { minVersion: 0, maxVersion: 6 } });
    const c = counter();
    const cache = new CoordinatorCache(cluster, c);
    const first = await cache.find(['a', 'b', 'c'], options);
    assert.deepEqual(
      [...first.ids],
      [
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ],
    );
    assert.deepEqual(
      sent.map((s) => [s.apiVersion, s.keys]),
      [
        [6, ['a', 'b']],
        [6, ['c']],
      ],
    );
    await cache.find(['a', 'b', 'c'], options);
    assert.equal(c.byApi.FindCoordinator, 2);
    cache.forget('b');
    await cache.find(['a', 'b', 'c'], options);
    assert.deepEqual(sent.at(-1)?.keys, ['b']);
  });

  test('a group no longer listed is forgotten: found again if it comes back', async () => {
    const { cluster, sent } = fakeCluster({ 10: { minVersion: 0, maxVersion: 6 } });
    const cache = new CoordinatorCache(cluster, counter());
    await cache.find(['a', 'b', 'c'], options);
    assert.equal(cache.size, 3);
    cache.keepOnly([{ groupId: 'a' }, { groupId: 'c' }, { groupId: 'new' }]);
    assert.equal(cache.size, 2, 'b is gone; new was never found');
    const before = sent.length;
    await cache.find(['a', 'c'], options);
    assert.equal(sent.length, before, 'a and c are still known');
    await cache.find(['b'], options);
    assert.deepEqual(sent.at(-1)?.keys, ['b'], 'b is asked for again');
  });

  test('an error for one key stays with that key; it is not cached', async () => {
    const { cluster } = fakeCluster({ 10: { minVersion: 0, maxVersion: 4 } }, { b: 15 });
    const cache = new CoordinatorCache(cluster, counter());
    const found = await cache.find(['a', 'b'], options);
    assert.deepEqual([...found.ids.keys()], ['a']);
    assert.match(found.errors.get('b')?.message ?? '', /COORDINATOR_NOT_AVAILABLE: not yet/);
    const again = await cache.find(['b'], options);
    assert.ok(again.errors.has('b'), 'asked again, not served from the cache');
  });

  test('a FindCoordinator request that fails: its groups carry the error, nothing throws', async () => {
    const { cluster } = fakeCluster({ 10: { minVersion: 0, maxVersion: 6 } });
    const broker = await cluster.findBroker({ nodeId: 1 });
    broker.connectionPool = { send: () => Promise.reject(new Error('Connection timeout')) };
    const found = await new CoordinatorCache(cluster, counter()).find(['a', 'b', 'c'], options);
    assert.equal(found.ids.size, 0);
    assert.deepEqual([...found.errors.keys()], ['a', 'b', 'c']);
    assert.match(found.errors.get('c')?.message ?? '', /Connection timeout/);
  });

  test('a broker without FindCoordinator v4: one kafkajs lookup per group', async () => {
    const { cluster, sent, kafkajsCalls } = fakeCluster({ 10: { minVersion: 0, maxVersion: 3 } });
    const found = await new CoordinatorCache(cluster, counter()).find(['a', 'b'], options);
    assert.deepEqual(sent, []);
    assert.deepEqual(kafkajsCalls.sort(), ['find:a', 'find:b']);
    assert.equal(found.ids.size, 2);
  });
});

describe('group listing', () => {
  test('ListGroups v5: state and type of every group', async () => {
    const { cluster, sent } = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } });
    const groups = await listAllGroups(cluster, counter(), listing());
    assert.deepEqual(
      sent.map((s) => [s.apiKey, s.apiVersion]),
      [[16, 5]],
    );
    assert.deepEqual(
      groups.map((g) => [g.groupId, g.state, g.type]),
      [
        ['m', 'Stable', 'consumer'],
        ['c', 'Stable', 'classic'],
      ],
    );
  });

  test('ListGroups v4: state, no type; older: kafkajs, neither', async () => {
    const v4 = fakeCluster({ 16: { minVersion: 0, maxVersion: 4 } });
    assert.deepEqual(
      (await listAllGroups(v4.cluster, counter(), listing())).map((g) => [
        g.groupId,
        g.state,
        g.type,
      ]),
      [
        ['m', 'Stable', null],
        ['c', 'Stable', null],
      ],
    );
    const v2 = fakeCluster({ 16: { minVersion: 0, maxVersion: 2 } });
    assert.deepEqual(await listAllGroups(v2.cluster, counter(), listing()), [
      { groupId: 'old', protocolType: 'consumer', state: null, type: null },
    ]);
    assert.deepEqual(v2.sent, []);
  });

  test('a broker loading its groups is asked again, and its groups listed once it answers', async () => {
    const { cluster, sent } = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } }, {}, [
      KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
      KafkaErrorCode.COORDINATOR_NOT_AVAILABLE,
    ]);
    const c = counter();
    const groups = await listAllGroups(cluster, c, listing());
    assert.deepEqual(
      groups.map((g) => g.groupId),
      ['m', 'c'],
    );
    assert.equal(sent.filter((s) => s.apiKey === 16).length, 3);
    assert.equal(c.byApi.ListGroups, 3, 'every ListGroups sent is counted');
  });

  test('still loading when the waits are spent: its previous listing stands in, or the error', async () => {
    const loading = KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    const held: HeldListings = new Map();
    const { cluster } = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } }, {}, [
      loading,
      loading,
      loading,
    ]);
    // No listing of that broker yet: the tick cannot say which groups it has.
    await assert.rejects(
      listAllGroups(cluster, counter(), listing(held)),
      (error: unknown) => error instanceof KafkaResponseError && error.errorCode === loading,
    );
    const answered = await listAllGroups(cluster, counter(), listing(held));
    assert.deepEqual(
      answered.map((g) => g.groupId),
      ['m', 'c'],
    );
    assert.equal(held.get(1)?.groups.length, 2, 'the answer is kept');
    const again = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } }, {}, [
      loading,
      loading,
      loading,
    ]);
    const stood = await listAllGroups(again.cluster, counter(), listing(held));
    assert.deepEqual(stood, answered, 'the previous listing stands in');
    assert.equal(again.sent.length, 3, 'asked three times first');
  });

  test('a group listed as before is the held object; a changed or new one is the fresh one', async () => {
    const held: HeldListings = new Map();
    const listed = [
      { id: 'm', state: 'Stable' },
      { id: 'c', state: 'Stable' },
    ];
    const { cluster } = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } }, {}, [], listed);
    const names = new WireNames();
    const first = await listAllGroups(cluster, counter(), { ...listing(held), names });
    const heldFirst = held.get(1)!.groups;
    await listAllGroups(cluster, counter(), { ...listing(held), names });
    assert.equal(held.get(1)!.groups, heldFirst, 'nothing changed: the held listing itself');
    assert.equal(held.get(1)!.groups[0], first[0]);

    listed[1]!.state = 'Empty';
    listed.unshift({ id: 'n', state: 'Stable' }); // out of place: m and c found by id
    const changed = await listAllGroups(cluster, counter(), { ...listing(held), names });
    assert.deepEqual(
      changed.map((g) => [g.groupId, g.state]),
      [
        ['n', 'Stable'],
        ['m', 'Stable'],
        ['c', 'Empty'],
      ],
    );
    assert.equal(changed[1], first[0], 'm says the same: the held object');
    assert.notEqual(changed[2], first[1], 'c changed its state: the fresh object');
    assert.notEqual(held.get(1)!.groups, heldFirst, 'the held listing is the new one');
  });

  test('an error that is not about loading fails the listing at once', async () => {
    const { cluster, sent } = fakeCluster({ 16: { minVersion: 0, maxVersion: 5 } }, {}, [
      KafkaErrorCode.GROUP_AUTHORIZATION_FAILED,
    ]);
    await assert.rejects(
      listAllGroups(cluster, counter(), listing()),
      /GROUP_AUTHORIZATION_FAILED/,
    );
    assert.equal(sent.length, 1);
  });
});
