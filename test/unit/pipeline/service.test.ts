// The service against client doubles from an injected factory: every cluster ticked (or
// only those asked for), the injected clock on every snapshot, one evaluator and one store
// shared, and stop() disconnecting every client.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { fakeClients, silent, twoClusterConfig } from './helpers.js';

describe('LagwatchService', () => {
  test('ticks every cluster with its own client and the injected clock', async () => {
    const { clientFor, clients } = fakeClients();
    const heard: EvaluationReport[] = [];
    const service = new LagwatchService({
      config: twoClusterConfig(),
      logger: silent,
      clientFor,
      now: () => 1_234_000,
      onReport: (report) => heard.push(report),
    });
    assert.deepEqual([...clients.keys()], ['a', 'b']);
    const reports = await service.tickAll();
    assert.deepEqual(reports.map((r) => r.cluster).sort(), ['a', 'b']);
    assert.deepEqual(heard.map((r) => r.cluster).sort(), ['a', 'b']);
    for (const r of reports) {
      assert.equal(r.available, true);
      assert.equal(r.takenAt, 1_234_000);
      assert.equal(r.maxLag, 10);
    }
    assert.equal(clients.get('a')?.listings, 1);
    assert.equal(clients.get('b')?.listings, 1);
    // One store for every cluster.
    assert.notEqual(service.store.window('a', 'billing'), null);
    assert.notEqual(service.store.window('b', 'billing'), null);
    await service.stop();
  });

  test('only the clusters asked for', async () => {
    const { clientFor, clients } = fakeClients();
    const service = new LagwatchService({
      config: twoClusterConfig(),
      logger: silent,
      clientFor,
      clusters: ['b'],
      onReport: () => undefined,
    });
    assert.deepEqual(
      (await service.tickAll()).map((r) => r.cluster),
      ['b'],
    );
    assert.deepEqual([...clients.keys()], ['b']);
    await service.stop();
  });

  test('stop() waits for running ticks, then disconnects every client', async () => {
    const { clientFor, clients } = fakeClients();
    const service = new LagwatchService({
      config: twoClusterConfig(),
      logger: silent,
      clientFor,
      onReport: () => undefined,
    });
    clients.get('a')!.hold();
    const ticking = service.tickAll();
    let stopped = false;
    const stopping = service.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(stopped, false);
    assert.equal(clients.get('a')?.disconnects, 0);
    clients.get('a')!.open();
    await stopping;
    await ticking;
    assert.equal(clients.get('a')?.disconnects, 1);
    assert.equal(clients.get('b')?.disconnects, 1);
  });
});
