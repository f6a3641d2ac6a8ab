// The incident rules, one tick at a time: what each report makes the tracker send.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IncidentTracker, type TrackerState } from '../../../src/alerts/index.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { at, down, group, partition, policy, report, TICK_MS } from './fixtures.js';

/** Runs reports through a tracker; one line per notification: "tick kind id status". */
function run(tracker: IncidentTracker, reports: readonly EvaluationReport[]): string[] {
  return reports.flatMap((r, tick) =>
    tracker
      .observe(r)
      .map(
        (n) =>
          `${tick} ${n.kind}${n.reminder ? '(reminder)' : ''} ${n.incident.id} ${n.incident.status}${
            n.incident.closeReason ? ` ${n.incident.closeReason}` : ''
          } #${n.seq}`,
      ),
  );
}

describe('IncidentTracker', () => {
  test('a group at the threshold opens at once, stays quiet while unchanged, closes when healed', () => {
    const t = new IncidentTracker(policy());
    const lines = run(t, [
      report(0, [group('a', 'OK'), group('b', 'OK')]),
      report(1, [group('a', 'WARN'), group('b', 'OK')]),
      report(2, [group('a', 'WARN'), group('b', 'OK')]),
      report(3, [group('a', 'OK'), group('b', 'OK')]),
    ]);
    assert.deepEqual(lines, ['1 open local/a WARN #1', '3 close local/a OK healed #2']);
  });

  test('threshold ERR ignores WARN; a change of status or worst partition is an update', () => {
    const t = new IncidentTracker(policy({ threshold: 'ERR' }));
    const lines = run(t, [
      report(0, [group('a', 'WARN')]),
      report(1, [group('a', 'ERR', [partition(0, 'STOP', 5), partition(1, 'OK', 1)])]),
      report(2, [group('a', 'ERR', [partition(0, 'STOP', 9), partition(1, 'OK', 1)])]),
      report(3, [group('a', 'ERR', [partition(0, 'STOP', 9), partition(1, 'REWIND', 1)])]),
      report(4, [group('a', 'WARN')]),
    ]);
    assert.deepEqual(lines, [
      '1 open local/a ERR #1',
      '3 update local/a ERR #2',
      '4 close local/a WARN healed #3',
    ]);
  });

  test('the worst partition is the highest status, then the highest lag', () => {
    const t = new IncidentTracker(policy());
    const [open] = t.observe(
      report(0, [
        group('a', 'ERR', [
          partition(0, 'WARN', 900),
          partition(1, 'STALL', 3),
          partition(2, 'STALL', 7),
        ]),
      ]),
    );
    assert.equal(open?.incident.worst?.partition, 2);
    assert.equal(open?.incident.worst?.status, 'STALL');
    assert.equal(open?.incident.totalLag, 910);
    assert.equal(open?.incident.worst?.reason, 'STALL with lag 7');
  });

  test('`for: 3 ticks`: a group that flaps never opens; one bad three ticks in a row does', () => {
    const t = new IncidentTracker(policy({ forTicks: 3 }));
    const flapping = Array.from({ length: 8 }, (_, i) =>
      report(i, [group('a', i % 2 === 0 ? 'ERR' : 'OK')]),
    );
    assert.deepEqual(run(t, flapping), []);
    const steady = new IncidentTracker(policy({ forTicks: 3 }));
    assert.deepEqual(
      run(
        steady,
        [0, 1, 2, 3].map((i) => report(i, [group('a', 'ERR')])),
      ),
      ['2 open local/a ERR #1'],
    );
  });

  test('`for` as a duration: opens once the group has been bad that long', () => {
    const t = new IncidentTracker(policy({ forMs: 2 * TICK_MS }));
    assert.deepEqual(
      run(
        t,
        [0, 1, 2, 3].map((i) => report(i, [group('a', 'ERR')])),
      ),
      ['2 open local/a ERR #1'],
    );
  });

  test('`interval` re-sends an unchanged open incident; `sendOnce` sends nothing after the open', () => {
    const reports = [0, 1, 2, 3, 4, 5].map((i) => report(i, [group('a', 'ERR')]));
    const t = new IncidentTracker(policy({ intervalMs: 2 * TICK_MS }));
    assert.deepEqual(run(t, reports), [
      '0 open local/a ERR #1',
      '2 update(reminder) local/a ERR #2',
      '4 update(reminder) local/a ERR #3',
    ]);
    const once = new IncidentTracker(policy({ intervalMs: TICK_MS, sendOnce: true }));
    const withChange = [
      ...reports.slice(0, 3),
      report(3, [group('a', 'ERR', [partition(4, 'REWIND', 1)])]),
    ];
    assert.deepEqual(run(once, withChange), ['0 open local/a ERR #1']);
  });

  test('`sendClose: false` closes without a notification', () => {
    const t = new IncidentTracker(policy({ sendClose: false }));
    assert.deepEqual(run(t, [report(0, [group('a', 'ERR')]), report(1, [group('a', 'OK')])]), [
      '0 open local/a ERR #1',
    ]);
    assert.equal(t.openCount, 0);
    assert.equal(t.incidents().closed[0]?.incident.closeReason, 'healed');
  });

  test('a group gone from the report closes with "deleted"', () => {
    const t = new IncidentTracker(policy());
    assert.deepEqual(
      run(t, [report(0, [group('a', 'ERR'), group('b', 'OK')]), report(1, [group('b', 'OK')])]),
      ['0 open local/a ERR #1', '1 close local/a ERR deleted #2'],
    );
  });

  test('an unreachable cluster opens one cluster incident and freezes its groups', () => {
    const t = new IncidentTracker(policy());
    const lines = run(t, [
      report(0, [group('a', 'ERR'), group('b', 'OK'), group('c', 'OK')]),
      down(1),
      down(2),
      report(3, [group('a', 'ERR'), group('b', 'OK'), group('c', 'OK')]),
    ]);
    assert.deepEqual(lines, [
      '0 open local/a ERR #1',
      '1 open local ERR #1',
      '3 close local ERR recovered #2',
    ]);
    const [clusterIncident] = t.incidents('local').closed;
    assert.equal(clusterIncident?.incident.subject, 'cluster');
    assert.equal(clusterIncident?.incident.fault, 'no broker answered');
  });

  test('`for` holds a cluster incident too; one failed tick opens nothing', () => {
    const t = new IncidentTracker(policy({ forTicks: 2 }));
    assert.deepEqual(
      run(t, [
        report(0, [group('a', 'OK')]),
        down(1),
        report(2, [group('a', 'OK')]),
        down(3),
        down(4),
      ]),
      ['4 open local ERR #1'],
    );
  });

  test('group and cluster allow/deny lists: deny wins, an empty allow list allows all', () => {
    const t = new IncidentTracker(
      policy({
        groups: { allow: [/^orders/], deny: [/-test$/] },
        clusters: { allow: [], deny: [/^staging$/] },
      }),
    );
    const groups = [group('orders', 'ERR'), group('orders-test', 'ERR'), group('billing', 'ERR')];
    assert.deepEqual(run(t, [report(0, groups), report(1, groups, 'staging')]), [
      '0 open local/orders ERR #1',
    ]);
  });

  test('a restored tracker neither opens again nor forgets to close', () => {
    const first = new IncidentTracker(policy({ intervalMs: 10 * TICK_MS }));
    run(first, [report(0, [group('a', 'ERR')])]);
    const restored = new IncidentTracker(
      policy({ intervalMs: 10 * TICK_MS }),
      JSON.parse(JSON.stringify(first.exportState())) as TrackerState,
    );
    const lines = run(restored, [report(1, [group('a', 'ERR')]), report(2, [group('a', 'OK')])]);
    assert.deepEqual(lines, ['1 close local/a OK healed #2']);
  });

  test('restored incidents of clusters or groups no longer watched close "unmonitored"', () => {
    const first = new IncidentTracker(policy({ forTicks: 3 }));
    const bad = [group('a', 'ERR'), group('b/1', 'ERR'), group('c', 'ERR')];
    run(
      first,
      [0, 1, 2].map((tick) => report(tick, bad)),
    );
    run(first, [report(3, [group('x', 'ERR')], 'gone'), report(3, [...bad, group('p', 'ERR')])]);
    const state = JSON.parse(JSON.stringify(first.exportState())) as TrackerState;
    assert.equal(state.open.length, 3);
    assert.equal(state.pending.length, 2, 'gone/x and local/p are pending');

    // Restarted with cluster `gone` removed and group `c` now denied by the filter.
    const restored = new IncidentTracker(
      policy({ forTicks: 3, groups: { allow: [], deny: [/^c$/] } }),
      state,
    );
    const closed = restored.closeUnmonitored(['local'], at(4));
    assert.deepEqual(
      closed.map((n) => `${n.kind} ${n.incident.id} ${n.incident.closeReason}`),
      ['close local/c unmonitored'],
    );
    const kept = restored.exportState();
    assert.deepEqual(
      kept.open.map((r) => r.incident.id),
      ['local/a', 'local/b/1'],
    );
    assert.deepEqual(
      kept.pending.map(([id]) => id),
      ['local/p'],
      "the removed cluster's pending group is forgotten",
    );
    // Nothing is closed twice.
    assert.deepEqual(restored.closeUnmonitored(['local'], at(5)), []);
  });

  test('delivery results are noted on the incident: what was sent where', () => {
    const t = new IncidentTracker(policy());
    const [open] = t.observe(report(0, [group('a', 'ERR')]));
    assert.ok(open);
    t.recordResult(open, 'sent', at(0) + 50);
    const [record] = t.incidents('local').open;
    assert.deepEqual(record?.sent, [
      { kind: 'open', seq: 1, at: at(0), result: 'sent', resultAt: at(0) + 50 },
    ]);
  });
});
