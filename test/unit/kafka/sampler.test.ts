import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleCluster, type SamplerOptions } from '../../../src/kafka/sampler.js';
import { FakeClient } from './fake-client.js';
import { samplerOptions } from './sampler-options.js';

const options = (extra: Partial<SamplerOptions> = {}): SamplerOptions =>
  samplerOptions({ now: () => 1_000_000, ...extra });

function cluster(): FakeClient {
  const c = new FakeClient();
  c.topicsByName = {
    orders: { ends: [100, 50], starts: [0, 20] },
    audit: { ends: [7] },
    idle: { ends: [3] },
  };
  c.groups = {
    billing: {
      state: 'Stable',
      members: [
        { id: 'm1', host: '/10.0.0.5', clientId: 'billing-1', assignment: { orders: [0, 1] } },
      ],
      committed: { orders: [90, -1] },
    },
    archiver: { state: 'Empty', committed: { orders: [10, 5], audit: [7] } },
  };
  return c;
}

describe('sampler (against a test double of its client)', () => {
  test('lag, messages lost, owners, never-committed partitions, totals and max', async () => {
    const snapshot = await sampleCluster(cluster(), options());
    assert.equal(snapshot.available, true);
    assert.equal(snapshot.takenAt, 1_000_000);
    const [archiver, billing] = snapshot.groups;
    assert.deepEqual(
      billing?.partitions.map((p) => [
        p.topic,
        p.partition,
        p.committedOffset,
        p.lag,
        p.consumerId,
        p.host,
        p.clientId,
      ]),
      [
        ['orders', 0, 90, 10, 'm1', '/10.0.0.5', 'billing-1'],
        ['orders', 1, null, null, 'm1', '/10.0.0.5', 'billing-1'],
      ],
    );
    assert.equal(billing?.totalLag, 10);
    assert.deepEqual(
      archiver?.partitions.map((p) => [p.topic, p.partition, p.lag, p.messagesLost]),
      [
        ['audit', 0, 0, 0],
        ['orders', 0, 90, 0],
        ['orders', 1, 45, 15], // retention removed offsets 5..19 before the group read them
      ],
    );
    assert.equal(archiver?.maxLag?.partition, 0);
    assert.equal(archiver?.totalLag, 135);
    assert.equal(snapshot.maxLag, 90);
    // Offsets of every admitted topic, watched by a group or not (Burrow's topic endpoints).
    assert.deepEqual(
      snapshot.offsets.map((o) => [o.topic, o.partition, o.logEndOffset, o.logStartOffset]),
      [
        ['audit', 0, 7, 0],
        ['idle', 0, 3, 0],
        ['orders', 0, 100, 0],
        ['orders', 1, 50, 20],
      ],
    );
  });

  test('deny wins over allow, and a denied group costs no request', async () => {
    const client = cluster();
    const snapshot = await sampleCluster(
      client,
      options({ groups: { allow: [/.*/], deny: [/^arch/] } }),
    );
    assert.deepEqual(
      snapshot.groups.map((g) => g.group),
      ['billing'],
    );
    assert.deepEqual(client.committedAskedFor, ['billing']);
  });

  test('a topic filter keeps other topics out of every group', async () => {
    const snapshot = await sampleCluster(
      cluster(),
      options({ topics: { allow: [], deny: [/^audit$/] } }),
    );
    assert.ok(snapshot.groups.every((g) => g.partitions.every((p) => p.topic === 'orders')));
    assert.ok(snapshot.offsets.every((o) => o.topic !== 'audit'));
  });

  test('one group whose offsets cannot be fetched: it carries the fault, the rest proceed', async () => {
    const client = cluster();
    client.failOffsetsFor.add('archiver');
    const snapshot = await sampleCluster(client, options());
    const archiver = snapshot.groups.find((g) => g.group === 'archiver');
    assert.equal(archiver?.fault?.code, 'OFFSET_FETCH_FAILED');
    assert.match(archiver?.fault?.message ?? '', /COORDINATOR_LOAD_IN_PROGRESS/);
    assert.equal(snapshot.groups.find((g) => g.group === 'billing')?.totalLag, 10);
  });

  test('describe fails: groups marked, offsets still counted', async () => {
    const client = cluster();
    client.failDescribe = true;
    const snapshot = await sampleCluster(client, options());
    const billing = snapshot.groups.find((g) => g.group === 'billing');
    assert.equal(billing?.fault?.code, 'DESCRIBE_FAILED');
    assert.equal(billing?.totalLag, 10);
    // Listed Empty: never described, so the failure does not touch it.
    const archiver = snapshot.groups.find((g) => g.group === 'archiver');
    assert.equal(archiver?.fault, null);
    assert.equal(archiver?.totalLag, 135);
  });

  test('a topic whose offsets cannot be read (leader moving): lag unknown, not 0', async () => {
    const client = cluster();
    client.failTopics.add('audit');
    const snapshot = await sampleCluster(client, options());
    const audit = snapshot.groups
      .find((g) => g.group === 'archiver')
      ?.partitions.find((p) => p.topic === 'audit');
    assert.equal(audit?.logEndOffset, null);
    assert.equal(audit?.lag, null);
    assert.equal(audit?.fault?.code, 'END_OFFSETS_UNAVAILABLE');
  });

  test('a group that vanished between list and describe is reported as such', async () => {
    const client = cluster();
    client.groups.ghost = { state: 'Dead', committed: {} };
    const snapshot = await sampleCluster(client, options());
    assert.equal(snapshot.groups.find((g) => g.group === 'ghost')?.fault?.code, 'GROUP_VANISHED');
  });

  test('committed offsets of a deleted topic are dropped', async () => {
    const client = cluster();
    delete client.topicsByName.audit;
    const snapshot = await sampleCluster(client, options());
    assert.deepEqual(
      snapshot.groups.find((g) => g.group === 'archiver')?.partitions.map((p) => p.topic),
      ['orders', 'orders'],
    );
    assert.deepEqual(snapshot.topics, ['idle', 'orders']);
  });

  test('an unreachable cluster: unavailable with the cause, never a rejection', async () => {
    const client = cluster();
    client.failConnect = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const snapshot = await sampleCluster(client, options());
    assert.equal(snapshot.available, false);
    assert.equal(snapshot.fault?.code, 'CLUSTER_UNAVAILABLE');
    assert.match(snapshot.fault?.message ?? '', /ECONNREFUSED/);
    assert.deepEqual(snapshot.groups, []);
  });

  test('a tick that outlives its deadline is reported as DEADLINE_EXCEEDED', async () => {
    const client = cluster();
    client.hangCommitted = true;
    const started = Date.now();
    const snapshot = await sampleCluster(client, options({ deadlineMs: 50, now: Date.now }));
    assert.equal(snapshot.available, false);
    assert.equal(snapshot.fault?.code, 'DEADLINE_EXCEEDED');
    assert.ok(Date.now() - started < 1000);
  });
});
