// A cluster's group samples kept from one tick to the next (KeptSamples): each tick's lags
// are its own; a group listed differently, or gone, gets a new sample or none; and an answer
// that arrives after its tick was cut short never lands in the next tick's samples.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupLag } from '../../../src/contract/snapshot.js';
import { KeptSamples } from '../../../src/kafka/group-sampling.js';
import { sampleClusterLazily, type SamplerOptions } from '../../../src/kafka/sampler.js';
import { FakeClient } from './fake-client.js';
import { samplerOptions } from './sampler-options.js';

function cluster(): FakeClient {
  const c = new FakeClient();
  c.topicsByName = { orders: { ends: [100, 50] } };
  c.groups = {
    billing: { state: 'Empty', committed: { orders: [90, 40] } },
    archiver: { state: 'Empty', committed: { orders: [10, 5] } },
  };
  return c;
}

/** Every group's lag of one tick, made as the service makes them (one after another). */
async function tick(client: FakeClient, options: Partial<SamplerOptions>): Promise<GroupLag[]> {
  const { lags } = await sampleClusterLazily(client, samplerOptions(options));
  const made: GroupLag[] = [];
  for (let lag = lags?.next() ?? null; lag !== null; lag = lags!.next()) made.push(lag);
  return made;
}

const totals = (lags: GroupLag[]): [string, number][] => lags.map((g) => [g.group, g.totalLag]);

describe('KeptSamples', () => {
  test('each tick judges its own answers with the samples of the last', async () => {
    const client = cluster();
    const samples = new KeptSamples();
    assert.deepEqual(totals(await tick(client, { samples })), [
      ['archiver', 135],
      ['billing', 20],
    ]);
    const billing = samples.byId.get('billing');
    client.groups.billing!.committed = { orders: [100, 50] };
    assert.deepEqual(totals(await tick(client, { samples })), [
      ['archiver', 135],
      ['billing', 0],
    ]);
    assert.equal(samples.byId.get('billing'), billing, 'the same sample object');
    assert.equal(billing?.offsets, null, "a made lag lets go of the tick's answers");
    assert.equal(billing?.description, null);
  });

  test('a group listed in another state gets a new sample; a group gone is let go', async () => {
    const client = cluster();
    const samples = new KeptSamples();
    await tick(client, { samples });
    const archiver = samples.byId.get('archiver');
    const billing = samples.byId.get('billing');
    client.groups.billing!.state = 'Stable';
    delete client.groups.archiver;
    const lags = await tick(client, { samples });
    assert.deepEqual(
      lags.map((g) => g.group),
      ['billing'],
    );
    assert.notEqual(samples.byId.get('billing'), billing);
    assert.equal(samples.byId.get('billing')?.listedState, 'Stable');
    assert.equal(samples.byId.has('archiver'), false);
    assert.ok(archiver);
  });

  test("an answer that comes after its tick was cut short stays out of the next tick's samples", async () => {
    const client = cluster();
    const samples = new KeptSamples();
    client.committedDelayMs = 150;
    assert.deepEqual(await tick(client, { samples, deadlineMs: 30 }), []);
    client.committedDelayMs = 0;
    const lags = await tick(client, { samples });
    assert.equal(lags.length, 2);
    // The first tick's OffsetFetch answers now, after the second tick made its lags.
    await new Promise((resolve) => setTimeout(resolve, 250));
    for (const [groupId, sample] of samples.byId)
      assert.equal(sample.offsets, null, `${groupId}: nothing written after its tick`);
  });
});
