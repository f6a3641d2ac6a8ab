// The API's read model: what it keeps of each tick, what a failed tick leaves alone, the
// lists it derives, its version, and Burrow's DELETEs applied through the window store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReport } from '../../../src/pipeline/build-report.js';
import { evaluatorFor } from '../../../src/pipeline/evaluator-options.js';
import { StoreGroupDeletes } from '../../../src/pipeline/group-deletes.js';
import { byCodeUnit } from '../../../src/contract/sort-orders.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { GroupSummary } from '../../../src/status/index.js';
import { WindowStore } from '../../../src/window/store.js';
import { MINUTE, T0, testConfig, tickOfA, unavailableTick } from './fixtures.js';

function state(wholeClusters: readonly string[] = []) {
  const config = testConfig();
  const store = new WindowStore({
    intervals: 4,
    expireGroupAfterMs: 60 * MINUTE,
    endOffsetHistory: 10,
  });
  const evaluator = evaluatorFor(config);
  const latest = new LatestState({ clusters: ['b', 'a', 'a'], store, evaluator, wholeClusters });
  const deletes = new StoreGroupDeletes({ store, latest });
  const tick = (snapshot: ReturnType<typeof tickOfA>) => {
    store.record(snapshot);
    latest.record(buildReport(snapshot, store, evaluator));
  };
  return { latest, deletes, store, tick };
}

describe('LatestState', () => {
  test('clusters are known, sorted and unique before any tick; others are ignored', () => {
    const { latest, tick } = state();
    assert.deepEqual(latest.clusterNames(), ['a', 'b']);
    assert.equal(latest.cluster('a')?.lastReport, null);
    assert.equal(latest.cluster('a')?.firstSampledAt, null);
    tick({ ...tickOfA(0), cluster: 'zz' });
    assert.equal(latest.cluster('zz'), undefined);
  });

  test('a tick: groups, topics and consumers of each topic, sorted', () => {
    const { latest, tick } = state();
    tick(tickOfA(0));
    const a = latest.cluster('a')!;
    assert.deepEqual(a.groupNames(), ['billing', 'slash/team a', 'sleepy', 'stalled']);
    assert.deepEqual(a.topicNames(), ['idle', 'orders', 'payments']);
    assert.deepEqual(
      a.topic('orders')?.map((o) => o.logEndOffset),
      [1000, 500, 40],
    );
    assert.equal(a.topic('nope'), undefined);
    assert.deepEqual(a.consumersOf('orders'), ['billing', 'stalled']);
    assert.deepEqual(a.consumersOf('idle'), []);
    assert.equal(a.firstSampledAt, T0);
    // Between ticks the read model holds the report, not the snapshot (its groups' objects).
    assert.deepEqual(Object.keys(a.lastGood ?? {}), ['report']);
  });

  test('a failed tick is the last report, but the data stays that of the last good one', () => {
    const { latest, tick } = state();
    tick(tickOfA(0));
    tick(unavailableTick('a', T0 + MINUTE));
    const a = latest.cluster('a')!;
    assert.equal(a.lastReport?.available, false);
    assert.equal(a.lastGood?.report.takenAt, T0);
    assert.equal(a.groups.size, 4);
  });

  test('the version changes with every report and every DELETE', () => {
    const { latest, deletes, tick } = state();
    const v0 = latest.version;
    tick(tickOfA(0));
    const v1 = latest.version;
    assert.ok(v1 > v0);
    deletes.deleteGroup('a', 'nope');
    assert.ok(latest.version > v1);
    const v2 = latest.version;
    deletes.deleteGroupTopic('a', 'billing', 'orders');
    assert.ok(latest.version > v2);
  });

  test('groupWindow reads the store, only for groups the read model has', () => {
    const { latest, deletes, tick } = state();
    tick(tickOfA(0));
    tick(tickOfA(1));
    assert.equal(latest.groupWindow('a', 'billing')?.partitions[0]?.samples.length, 2);
    deletes.deleteGroup('a', 'billing');
    assert.equal(latest.groupWindow('a', 'billing'), null);
    assert.equal(latest.groupWindow('b', 'billing'), null);
    assert.equal(latest.intervals, 4);
  });

  test('a tick of the same groups replaces their statuses and keeps their list; others change it', () => {
    const { latest, deletes, tick } = state();
    tick(tickOfA(0));
    const a = latest.cluster('a')!;
    const names = a.groupNames();
    const json = a.groupNamesJson();
    tick(tickOfA(1));
    assert.equal(
      a.groups.get('billing'),
      a.lastGood?.report.groups.find((g) => g.group === 'billing'),
    );
    assert.equal(
      a.groups.get('billing')?.partitions[0]?.end?.offset,
      tickOfA(1).groups[0]?.partitions[0]?.committedOffset,
    );
    assert.equal(a.groupNames(), names, 'the same list');
    assert.equal(a.groupNamesJson(), json, 'the same JSON');
    assert.deepEqual([...a.groups.keys()], names, 'in the order the report has them');

    tick(tickOfA(2, ['sleepy']));
    assert.deepEqual(a.groupNames(), ['billing', 'slash/team a', 'stalled']);
    assert.equal(a.groups.has('sleepy'), false);
    assert.equal(a.groupNamesJson(), JSON.stringify(['billing', 'slash/team a', 'stalled']));

    deletes.deleteGroup('a', 'billing');
    assert.deepEqual(a.groupNames(), ['slash/team a', 'stalled']);
    tick(tickOfA(3));
    assert.deepEqual(a.groupNames(), ['billing', 'slash/team a', 'sleepy', 'stalled']);
    assert.deepEqual([...a.groups.keys()], a.groupNames(), 'in the report order again');
  });

  test('byCodeUnit sorts the same whatever the locale', () => {
    assert.deepEqual(['b', 'B', 'a', 'é', '_'].sort(byCodeUnit), ['B', '_', 'a', 'b', 'é']);
  });
});

describe('LatestState: what it keeps of a tick between ticks', () => {
  /** A tick of `a`, and its report as the tick handed it on. */
  function tickWithReport(s: ReturnType<typeof state>, k: number) {
    const snapshot = tickOfA(k);
    s.store.record(snapshot);
    const report = buildReport(snapshot, s.store, evaluatorFor(testConfig()));
    s.latest.record(report);
    return report;
  }

  test("each group as its summary, whose JSON is the tick's group's: its partitions judged again from the window the tick judged", () => {
    const s = state();
    tickWithReport(s, 0);
    const report = tickWithReport(s, 1);
    const view = s.latest.cluster('a')!;
    for (const judged of report.groups) {
      const kept = view.groups.get(judged.group)!;
      assert.ok(kept instanceof GroupSummary, judged.group);
      assert.equal(kept.held, null, 'nobody asked for the tick to be held');
      assert.equal(JSON.stringify(kept), JSON.stringify(judged), judged.group);
      assert.deepEqual(kept.maxlag, judged.maxlag);
    }
    // The report the view keeps is the summaries', not the tick's groups.
    assert.ok(view.lastGood!.report.groups.every((g) => g instanceof GroupSummary));
    assert.deepEqual(view.consumersOf('orders'), ['billing', 'stalled']);
  });

  test('held for a renderer: the tick’s groups until it lets go of them, then judged again', () => {
    const s = state();
    s.latest.holdReports(true);
    const report = tickWithReport(s, 0);
    const billing = () => s.latest.cluster('a')!.groups.get('billing') as GroupSummary;
    assert.equal(
      billing().held,
      report.groups.find((g) => g.group === 'billing'),
    );
    assert.equal(s.latest.heldReports, true);
    s.latest.releaseReports();
    assert.equal(billing().held, null);
    assert.equal(s.latest.heldReports, false);
    assert.equal(
      JSON.stringify(billing()),
      JSON.stringify(report.groups.find((g) => g.group === 'billing')),
    );
    // Held again with the next tick; turning holding off lets go at once.
    tickWithReport(s, 1);
    assert.notEqual(billing().held, null);
    s.latest.holdReports(false);
    assert.equal(billing().held, null);
    tickWithReport(s, 2);
    assert.equal(billing().held, null, 'not held once holding is off');
    // Asked for by two renderers: held until both stop asking.
    s.latest.holdReports(true);
    s.latest.holdReports(true);
    s.latest.holdReports(false);
    tickWithReport(s, 3);
    assert.notEqual(billing().held, null, 'one renderer still asks');
    s.latest.holdReports(false);
    assert.equal(billing().held, null);
  });

  test('a cluster whose windows change between ticks (commits mode) keeps its groups whole', () => {
    const s = state(['a']);
    const report = tickWithReport(s, 0);
    for (const group of report.groups)
      assert.equal(s.latest.cluster('a')!.groups.get(group.group), group);
  });

  test('a group the store forgot since its tick: its summary has no partitions', () => {
    const s = state();
    tickWithReport(s, 0);
    s.store.deleteGroup('a', 'billing');
    const billing = s.latest.cluster('a')!.groups.get('billing')!;
    assert.equal(billing.status, 'OK');
    assert.deepEqual(billing.partitions, []);
    assert.equal(billing.maxlag, null);
  });
});
