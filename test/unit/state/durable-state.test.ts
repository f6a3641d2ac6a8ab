// The state directory end to end, on real files: written after ticks, restored at the
// next start with the same windows and the same statuses, less what the config no longer
// watches; other modules' state kept; off when state.dir is unset.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { admits } from '../../../src/kafka/filters.js';
import { parseConfig } from '../../../src/config/index.js';
import {
  DurableState,
  restoredReports,
  tickRecord,
  watchedBy,
  type OpenStateOptions,
  type Watched,
} from '../../../src/state/index.js';
import { readState } from '../../../src/state/read-state.js';
import { evaluateGroup } from '../../../src/status/index.js';
import { WindowStore } from '../../../src/window/store.js';
import { windowData, withoutMemberIds } from '../window/snapshot-fixtures.js';
import { captureLogger, evaluator, populated, storeOptions, tempDir } from './fixtures.js';

const watchAll: Watched = { cluster: () => true, group: () => true, topic: () => true };
const now = () => 1_065_000; // a minute after the last tick

/** DurableState.open with this file's usual options: everything watched, a fresh store, a write after every tick. */
function openState(
  options: Pick<OpenStateOptions, 'dir'> & Partial<OpenStateOptions>,
): Promise<DurableState> {
  return DurableState.open({
    persistIntervalMs: 0,
    logger: captureLogger().logger,
    watched: watchAll,
    store: new WindowStore(storeOptions),
    ...options,
  });
}

/** Runs the populated store's life, then closes: what a lagwatch leaves behind. */
async function writeOnce(dir: string): Promise<ReturnType<typeof populated>> {
  const life = populated();
  const state = await openState({
    dir,
    now,
  });
  state.track({
    windows: () => life.store.exportState(),
    ticks: () => life.reports.map((r) => tickRecord(r.cluster, r, 1_000_000)),
  });
  state.put('alerts', { open: ['orders'] });
  state.afterTick();
  await state.close();
  return life;
}

describe('durable state', () => {
  test('off without a dir: says so, keeps nothing, writes nothing', async () => {
    const log = captureLogger();
    const state = await openState({
      dir: undefined,
      logger: log.logger,
    });
    assert.equal(state.enabled, false);
    assert.equal(state.restored, null);
    state.afterTick();
    await state.close();
    assert.match(log.text(), /state is not kept/);
  });

  test('first start: empty, and says so; a second lagwatch on the dir is refused', async () => {
    const dir = join(tempDir(), 'created');
    const log = captureLogger();
    const state = await openState({
      dir,
      logger: log.logger,
    });
    assert.equal(state.restored, null);
    assert.match(log.text(), /no state to restore/);
    await assert.rejects(
      openState({
        dir,
        logger: log.logger,
      }),
      { code: 'LAGWATCH_STATE_LOCKED' },
    );
    await state.close();
    assert.equal(existsSync(join(dir, 'lock')), false);
  });

  test('restored after a restart: same windows, same statuses, modules, one log line', async () => {
    const dir = tempDir();
    const before = await writeOnce(dir);
    assert.deepEqual(readdirSync(dir).sort(), ['state.bin']);
    const log = captureLogger();
    const store = new WindowStore(storeOptions);
    const state = await openState({
      dir,
      logger: log.logger,
      store,
      now,
    });
    for (const cluster of ['a', 'b']) {
      assert.deepEqual(
        windowData(store.windows(cluster)),
        withoutMemberIds(before.store.windows(cluster)),
      );
    }
    const reports = restoredReports(state.restored!.ticks, store, (w, at) =>
      evaluateGroup(w, evaluator, at),
    );
    // JSON: what the API and the sinks see of a status, reasonText included.
    assert.equal(JSON.stringify(reports.map((r) => r.report)), JSON.stringify(before.reports));
    // Each group's type is back at once (the first answer shows it), not null until a tick.
    assert.deepEqual(
      reports.flatMap((r) => r.report.groups.map((g) => [g.group, g.type])),
      [
        ['orders', 'consumer'],
        ['payments', 'classic'],
        ['test-tmp', null],
        ['h', 'other'],
      ],
    );
    assert.equal(reports[0]?.firstSampledAt, 1_000_000);
    assert.deepEqual(reports[0]?.report.offsets, before.reports[0]?.offsets);
    assert.deepEqual(state.get('alerts'), { open: ['orders'] });
    const [line] = log
      .lines()
      .filter((l) => typeof l.msg === 'string' && l.msg.startsWith('state restored'));
    assert.equal(line?.groups, 4);
    assert.equal(line?.partitions, 7);
    assert.equal(line?.newestSampleAgeMs, 59_990); // newest sample: cluster b at 1_005_010
    assert.match(String(line?.msg), /4 groups, 7 partitions, newest sample 60 s old/);
    await state.close();
  });

  test('on load, what the config no longer watches is dropped', async () => {
    const dir = tempDir();
    await writeOnce(dir);
    const config = parseConfig(
      [
        'clusters:',
        '  - name: a',
        '    brokers: [k:9092]',
        '    groups: { deny: ["^test-"] }',
        '    topics: { deny: ["^secret-"] }',
      ].join('\n'),
    );
    const store = new WindowStore(storeOptions);
    const state = await openState({
      dir,
      watched: watchedBy(config.clusters, admits),
      store,
      now,
    });
    assert.deepEqual(
      store.windows('a').map((w) => w.group),
      ['orders', 'payments'],
    );
    assert.deepEqual(store.windows('b'), []);
    assert.deepEqual(
      store.window('a', 'payments')?.partitions.map((p) => p.topic),
      ['u'],
    );
    // No history is kept for the denied topic's partitions.
    assert.ok(!store.exportState().clusters[0]!.strings.includes('secret-topic'));
    const restored = state.restored!;
    assert.ok(restored.ticks[0]!.lastGood!.offsets.every((o) => o.topic !== 'secret-topic'));
    assert.deepEqual(
      restored.ticks.map((t) => t.cluster),
      ['a'],
    );
    assert.deepEqual(state.summary?.dropped, { clusters: 1, groups: 2, partitions: 3 });
    await state.close();
  });

  test('writes come after ticks, at most one at a time, at least persistIntervalMs apart', async () => {
    const dir = tempDir();
    const life = populated();
    // When each capture (the start of a write) happened: asserted as intervals, so that a
    // loaded machine that runs the timers late cannot fail the test, only a wrong schedule.
    const capturedAt: number[] = [];
    const state = await openState({
      dir,
      persistIntervalMs: 200,
    });
    state.track({
      windows: () => {
        capturedAt.push(performance.now());
        return life.store.exportState();
      },
      ticks: () => [],
    });
    const until = async (done: () => boolean, what: string): Promise<void> => {
      const deadline = performance.now() + 10_000;
      while (!done()) {
        assert.ok(performance.now() < deadline, `timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const burstAt = performance.now();
    for (let i = 0; i < 5; i++) state.afterTick(); // a burst: one write
    await until(() => state.writeStats?.writes === 1, 'the first write');
    assert.equal(capturedAt.length, 1);
    assert.ok(capturedAt[0]! >= burstAt);
    state.afterTick(); // within 200 ms of the first: waits
    await until(() => state.writeStats?.writes === 2, 'the second write');
    assert.equal(capturedAt.length, 2);
    const apart = capturedAt[1]! - capturedAt[0]!;
    assert.ok(apart >= 195, `writes ${apart.toFixed(0)} ms apart`); // timers may fire 1 ms early
    await state.close(); // nothing new since: no write
    assert.equal(capturedAt.length, 2);
  });

  test('putNow writes at once, whatever persistIntervalMs says, and after a running write', async () => {
    const dir = tempDir();
    const life = populated();
    let captures = 0;
    let duringCapture: (() => void) | null = null;
    const state = await openState({
      dir,
      persistIntervalMs: 600_000,
    });
    state.track({
      windows: () => {
        captures++;
        duringCapture?.();
        duringCapture = null;
        return life.store.exportState();
      },
      ticks: () => [],
    });
    const writes = () => state.writeStats?.writes ?? 0;
    const until = async (what: string, done: () => boolean) => {
      for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(done(), what);
    };
    state.afterTick(); // the first write
    await until('the first write', () => writes() === 1);
    state.afterTick(); // waits ten minutes
    state.put('alerts', { delivered: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(captures, 1, 'a tick and a put wait for persistIntervalMs');
    state.putNow('alerts', { delivered: 1 });
    await until('the urgent write', () => writes() === 2);
    assert.equal(captures, 2);
    // On disk now, before any close: what a kill -9 at this moment leaves.
    const onDisk = await readState(dir, { logger: captureLogger().logger });
    assert.equal(onDisk.kind, 'read');
    assert.deepEqual(onDisk.kind === 'read' && onDisk.state.modules.alerts, { delivered: 1 });

    // During a write: one more write right after it, with the newest value.
    duringCapture = () => state.putNow('alerts', { delivered: 3 });
    state.putNow('alerts', { delivered: 2 });
    await until('both urgent writes', () => writes() === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(writes(), 4, 'then nothing more: the pending tick waits for its interval');
    await state.close();

    const reopened = await openState({
      dir,
    });
    assert.deepEqual(reopened.get('alerts'), { delivered: 3 });
    await reopened.close();
  });
});
