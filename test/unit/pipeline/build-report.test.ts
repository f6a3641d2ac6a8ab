// The tick's report made in slices: the same report as made at once, the event loop gets
// turns between slices, and an aborted signal stops it between two slices.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterSnapshot, GroupLag } from '../../../src/contract/snapshot.js';
import { buildReport, buildReportInSlices } from '../../../src/pipeline/build-report.js';
import { previousNamesOf } from '../../../src/pipeline/previous-groups.js';
import { evaluatorFor } from '../../../src/pipeline/evaluator-options.js';
import type { EvaluatedGroup } from '../../../src/status/evaluated-group.js';
import { WindowStore } from '../../../src/window/store.js';
import { group } from '../window/snapshot-fixtures.js';
import { twoClusterConfig } from './helpers.js';

const evaluator = evaluatorFor(twoClusterConfig());
const GROUPS = 7;

function snapshot(k: number): ClusterSnapshot {
  const groups: GroupLag[] = Array.from({ length: GROUPS }, (_, g) => {
    const partitions = [0, 1].map((partition) => {
      const end = 1000 + k * 100;
      const committed = g % 2 === 0 ? end - 3 : 900; // some keep up, some stall
      return {
        topic: 'orders',
        partition,
        committedOffset: committed,
        logEndOffset: end,
        logStartOffset: 0,
        lag: end - committed,
        messagesLost: 0,
        consumerId: 'm',
        host: '/h',
        clientId: 'c',
        fault: null,
      };
    });
    return group(`g${g}`, partitions);
  });
  return {
    cluster: 'a',
    takenAt: 1_000_000 + k * 30_000,
    durationMs: 1,
    available: true,
    fault: null,
    groups,
    offsets: [0, 1].map((partition) => ({
      topic: 'orders',
      partition,
      logEndOffset: 1000 + k * 100,
      logStartOffset: 0,
    })),
    topics: ['orders'],
    maxLag: 100,
    requests: 1,
  };
}

function filledStore(): { store: WindowStore; last: ClusterSnapshot } {
  const store = new WindowStore({ intervals: 5, expireGroupAfterMs: 1e9, endOffsetHistory: 10 });
  let last = snapshot(0);
  for (let k = 0; k < 6; k++) store.record((last = snapshot(k)));
  return { store, last };
}

describe('buildReportInSlices', () => {
  test('the same report as buildReport, and the event loop gets a turn between slices', async () => {
    const { store, last } = filledStore();
    const atOnce = buildReport(last, store, evaluator);
    let settled = false;
    const building = buildReportInSlices(last, store, evaluator, new AbortController().signal, 1);
    void building.then(() => (settled = true));
    // Made at once, it would be settled before any callback queued now could run.
    const settledAtFirstTurn = await new Promise((resolve) => setImmediate(() => resolve(settled)));
    assert.equal(settledAtFirstTurn, false, 'the event loop got a turn during the build');
    const sliced = await building;
    assert.equal(sliced.groups.length, GROUPS);
    assert.deepEqual(JSON.parse(JSON.stringify(sliced)), JSON.parse(JSON.stringify(atOnce)));
    assert.ok(new Set(sliced.groups.map((g) => g.status)).size > 1, 'a mix of statuses');
  });

  test('an aborted signal stops it between slices, with the reason', async () => {
    const { store, last } = filledStore();
    const controller = new AbortController();
    const building = buildReportInSlices(last, store, evaluator, controller.signal, 2);
    controller.abort(new Error('the tick is over'));
    await assert.rejects(building, /the tick is over/);
  });

  test('an unavailable snapshot gives the unavailable report, whatever the signal', async () => {
    const { store, last } = filledStore();
    const controller = new AbortController();
    controller.abort();
    const fault = { code: 'DEADLINE_EXCEEDED' as const, message: 'late' };
    const report = await buildReportInSlices(
      { ...last, available: false, fault },
      store,
      evaluator,
      controller.signal,
    );
    assert.equal(report.available, false);
    assert.deepEqual(report.fault, fault);
    assert.deepEqual(report.groups, []);
  });

  test("the previous tick's report: its groups' names are shared where they did not change", async () => {
    const { store, last } = filledStore();
    const signal = new AbortController().signal;
    const previous = await buildReportInSlices(last, store, evaluator, signal);
    const alone = await buildReportInSlices(last, store, evaluator, signal);
    // A previous report without g3 (a group that came since), with g1 listed again at its
    // end (out of the store's order), so the step along it has to find its place again.
    const gappy = {
      ...previous,
      groups: [...previous.groups.filter((g) => g.group !== 'g3'), previous.groups[1]!],
    };
    for (const before of [previous, gappy]) {
      const names = previousNamesOf(before);
      const report = await buildReportInSlices(last, store, evaluator, signal, 2, names);
      assert.equal(JSON.stringify(report), JSON.stringify(alone));
      for (const g of report.groups) {
        const was = before.groups.find((b) => b.group === g.group);
        const names = (g as EvaluatedGroup).names;
        if (was === undefined)
          assert.ok(!before.groups.some((b) => (b as EvaluatedGroup).names === names), g.group);
        else assert.equal(names, (was as EvaluatedGroup).names, g.group);
      }
    }
  });
});
