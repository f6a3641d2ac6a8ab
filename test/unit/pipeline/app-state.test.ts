// The composition root with a state directory: a second start restores the windows and the
// latest evaluations before any tick (the API answers at once), and a second lagwatch on
// the same directory is refused, naming who holds it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildApp, type App, type AppDeps } from '../../../src/app/app.js';
import type { Config } from '../../../src/config/index.js';
import { MemorySink, SinkFanout } from '../../../sinks/index.js';
import { fakeClients, silent, twoClusterConfig } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lagwatch-app-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function built(config: Config, deps: Partial<AppDeps> = {}): App {
  const result = buildApp(config, { logger: silent, env: {}, ...deps });
  assert.equal(result.kind, 'built', JSON.stringify(result));
  return (result as { app: App }).app;
}

const withState = (): Config =>
  twoClusterConfig(`api: {enabled: false}\nstate: {dir: '${join(dir, 'state')}'}\n`);

describe('buildApp with state.dir', () => {
  test('a restart restores windows and evaluations before its first tick', async () => {
    const first = built(withState(), {
      clientFor: fakeClients().clientFor,
      sinksFor: (_c, logger) => new SinkFanout([new MemorySink('m')], logger),
    });
    assert.equal((await first.start()).kind, 'started');
    await first.tickAll();
    await first.tickAll();
    const before = first.latest.cluster('a')?.groups.get('billing');
    assert.ok(before, 'judged before the restart');
    const samplesBefore = first.service.store.window('a', 'billing')?.partitions[0]?.samples;
    assert.ok(samplesBefore && samplesBefore.length >= 2);
    await first.stop();

    // The second one never ticks: what it knows, it restored.
    const { clientFor, clients } = fakeClients();
    const sink = new MemorySink('m');
    const second = built(withState(), {
      clientFor,
      sinksFor: (_c, logger) => new SinkFanout([sink], logger),
    });
    const restoredBeforeStart = second.latest.cluster('a')?.groups.get('billing');
    assert.equal(restoredBeforeStart, undefined, 'nothing before start');
    // start() ticks once in the background; the restored state is there when it returns.
    assert.equal((await second.start()).kind, 'started');
    const after = second.latest.cluster('a')?.groups.get('billing');
    assert.ok(after, 'the API has the group at once');
    assert.equal(after.status, before.status);
    assert.equal(after.totallag, before.totallag);
    const samplesAfter = second.service.store.window('a', 'billing')?.partitions[0]?.samples;
    assert.deepEqual(samplesAfter?.slice(0, samplesBefore.length), samplesBefore);
    assert.ok(clients.size > 0);
    await second.stop();
    assert.ok(
      !sink.reports.some(
        (r) => r.takenAt <= (first.latest.cluster('a')?.lastGood?.report.takenAt ?? 0),
      ),
      'restored reports are not sent to the sinks again',
    );
  });

  test('a second lagwatch on the same state.dir: state-unavailable naming the directory', async () => {
    const holder = built(withState(), {
      clientFor: fakeClients().clientFor,
      sinksFor: (_c, l) => new SinkFanout([], l),
    });
    assert.equal((await holder.start()).kind, 'started');
    try {
      const { clientFor, clients } = fakeClients();
      const second = built(withState(), { clientFor, sinksFor: (_c, l) => new SinkFanout([], l) });
      const started = await second.start();
      assert.equal(started.kind, 'state-unavailable');
      // In one process the lock says so; across processes it names pid, host and since
      // (test/unit/state/state-lock.test.ts).
      assert.match((started as { error: string }).error, /state dir .*state is already open/);
      assert.equal(clients.get('a')?.listings ?? 0, 0, 'no tick ran');
    } finally {
      await holder.stop();
    }
  });
});
