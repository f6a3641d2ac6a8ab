// The store's windows hand the evaluator their rings read in place (RingSeries), not sample
// objects: what it reads must be what the samples say, and the judgement the same as over
// plain arrays of the same samples, whatever the ring holds (wrapped, rewound, unknown lags).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupWindow, PartitionWindow } from '../../../src/contract/evaluation.js';
import { evaluateGroup, evaluatorOptions } from '../../../src/status/index.js';
import { WindowStore } from '../../../src/window/store.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { group, partition, snapshot, windowData } from './snapshot-fixtures.js';

const T0 = 1_000_000;

function storeWindow(store: WindowStore): GroupWindow {
  const window = store.window('a', 'g');
  assert.ok(window, 'the group is tracked');
  return window;
}

describe('a stored window reads its ring in place', () => {
  test('after the ring wrapped, the series reads the newest samples oldest first', () => {
    const store = new WindowStore({
      intervals: 3,
      expireGroupAfterMs: 600_000,
      endOffsetHistory: 10,
    });
    for (let k = 1; k <= 5; k++) {
      // k = 4: no log end known, so the sample's lag is unknown.
      const p = partition('x', 0, k * 10, k * 15);
      store.record(snapshot(T0 + k * 1000, [group('g', [k === 4 ? { ...p, lag: null } : p])]));
    }
    const w = storeWindow(store).partitions[0]!;
    const series = w.series;
    assert.ok(series, 'the store hands out a series');
    assert.equal(series.length, 3);
    const read = [0, 1, 2].map((j) => [series.offset(j), series.timestamp(j), series.lag(j)]);
    assert.deepEqual(read, [
      [30, T0 + 3000, 15],
      [40, T0 + 4000, null],
      [50, T0 + 5000, 25],
    ]);
    assert.deepEqual(
      w.samples.map((s) => [s.offset, s.timestamp, s.lag]),
      read,
      'samples as objects say the same',
    );
    assert.deepEqual(series.sample(1), w.samples[1]);
  });

  test('judging stored windows equals judging the same samples as arrays (both rule sets)', () => {
    const random = seededRandom(1515);
    const int = (n: number) => Math.floor(random() * n);
    let judged = 0;
    const statuses = new Set<string>();
    for (let trial = 0; trial < 300; trial++) {
      const intervals = 2 + int(9);
      const store = new WindowStore({
        intervals,
        expireGroupAfterMs: 10 ** 9,
        endOffsetHistory: 20,
      });
      const ticks = 1 + int(intervals * 2);
      let committed = int(1000);
      let end = committed + int(50);
      let at = T0;
      const empty = random() < 0.2;
      for (let k = 0; k < ticks; k++) {
        at += 1000 + int(60_000);
        const move = random();
        // Commits move on, stand still, or go back (a rewind); the log end grows or not.
        if (move < 0.5) committed += int(40);
        else if (move < 0.6) committed = Math.max(0, committed - int(100));
        end = Math.max(end + (random() < 0.7 ? int(60) : 0), committed);
        const p = partition('x', 0, committed, end);
        const extra = empty ? { state: 'Empty', members: 0 } : {};
        store.record(snapshot(at, [group('g', [random() < 0.1 ? { ...p, lag: null } : p], extra)]));
      }
      const stored = storeWindow(store);
      const [plain] = windowData([stored]);
      assert.equal((plain!.partitions[0] as PartitionWindow).series, undefined);
      const nowMs = at + int(5 * 60_000);
      for (const rules of ['lagwatch', 'burrow'] as const) {
        const options = evaluatorOptions({ intervals, rules, allowedLag: int(3) * 10 });
        const fromRing = evaluateGroup(stored, options, nowMs);
        const fromArrays = evaluateGroup(plain!, options, nowMs);
        assert.deepEqual(
          JSON.parse(JSON.stringify(fromRing)),
          JSON.parse(JSON.stringify(fromArrays)),
          `trial ${trial}, ${rules} rules`,
        );
        assert.deepEqual(
          fromRing.partitions[0]!.reasonDetail,
          fromArrays.partitions[0]!.reasonDetail,
        );
        statuses.add(fromRing.partitions[0]!.status);
        judged++;
      }
    }
    assert.equal(judged, 600);
    // The generated windows reach every branch that reads samples.
    for (const status of ['OK', 'WARN', 'STOP', 'STALL', 'REWIND'])
      assert.ok(statuses.has(status), `some window judged ${status}: ${[...statuses].join(', ')}`);
  });
});
