// A judged group as the read model keeps it between ticks: its figures, and its partitions
// judged again from the same window at the tick's time (the same JSON as the tick's group),
// the tick's group itself while held, and each group judged again once in a row.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateGroup,
  evaluatorOptions,
  GroupSummary,
  JudgedAgain,
  PartitionArena,
  summaryOf,
  notFoundGroupStatus,
  type GroupWindow,
} from '../../../src/status/index.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { generatedWindow, NOW } from './generated-window.js';

const options = evaluatorOptions({});

function windows(seed: number, count: number): Map<string, GroupWindow> {
  const random = seededRandom(seed);
  const out = new Map<string, GroupWindow>();
  for (let g = 0; g < count; g++) {
    const size = g % 9 === 0 ? 0 : 1 + Math.floor(random() * 12);
    out.set(`g${g}`, {
      cluster: 'c',
      group: `g${g}`,
      state: random() < 0.2 ? 'Empty' : 'Stable',
      members: Math.floor(random() * 4),
      type: 'classic',
      partitions: Array.from({ length: size }, (_, i) => generatedWindow(random, i)),
    });
  }
  return out;
}

/** Judges again from `store` at the tick's time, counting the judgings. */
function againFrom(store: Map<string, GroupWindow>): { again: JudgedAgain; judged: () => number } {
  let judged = 0;
  const again = new JudgedAgain((_cluster, group, takenAt) => {
    judged++;
    const window = store.get(group);
    return window === undefined ? null : evaluateGroup(window, options, takenAt);
  });
  return { again, judged: () => judged };
}

describe('a group summary', () => {
  test("its JSON is the tick's group's, held or judged again, for generated windows", () => {
    const store = windows(41, 150);
    const { again } = againFrom(store);
    const arena = new PartitionArena();
    for (const window of store.values()) {
      const tick = evaluateGroup(window, options, NOW, arena);
      const held = summaryOf(tick, NOW, again, true) as GroupSummary;
      const released = summaryOf(tick, NOW, again, false) as GroupSummary;
      assert.equal(held.held, tick);
      assert.equal(released.held, null);
      const expected = JSON.stringify(tick);
      assert.equal(JSON.stringify(held), expected, window.group);
      assert.equal(JSON.stringify(released), expected, window.group);
      assert.deepEqual(released.maxlag, tick.maxlag, window.group);
      assert.equal(released.partitionCount, tick.partitionCount);
      for (let i = 0; i < tick.partitionCount; i++)
        assert.equal(released.topicAt(i), tick.partitions[i]!.topic);
    }
  });

  test('judged again once while read in a row, again for the next summary and after forget', () => {
    const store = windows(42, 3);
    const { again, judged } = againFrom(store);
    const [a, b] = ['g1', 'g2'].map(
      (g) =>
        summaryOf(evaluateGroup(store.get(g)!, options, NOW), NOW, again, false) as GroupSummary,
    );
    void a!.partitions;
    void a!.maxlag;
    JSON.stringify(a);
    assert.equal(judged(), 1, 'one judging for three reads');
    void b!.partitions;
    assert.equal(judged(), 2);
    void a!.partitions;
    assert.equal(judged(), 3, 'only the last summary is remembered');
    again.forget();
    void a!.partitions;
    assert.equal(judged(), 4);
    // Released: judged again from then on; held: never.
    const held = summaryOf(
      evaluateGroup(store.get('g1')!, options, NOW),
      NOW,
      again,
      true,
    ) as GroupSummary;
    void held.partitions;
    assert.equal(judged(), 4, 'held: its own partitions');
    held.release();
    void held.partitions;
    assert.equal(judged(), 5);
  });

  test('a group the store no longer has: no partitions, its figures as they were', () => {
    const store = windows(43, 3);
    const tick = evaluateGroup(store.get('g1')!, options, NOW);
    const { again } = againFrom(new Map());
    const summary = summaryOf(tick, NOW, again, false) as GroupSummary;
    assert.deepEqual(summary.partitions, []);
    assert.equal(summary.maxlag, null);
    assert.equal(summary.status, tick.status);
    assert.equal(summary.totallag, tick.totallag);
  });

  test('only an evaluated group is summarized; a plain one is kept as it is', () => {
    const { again } = againFrom(new Map());
    const plain = notFoundGroupStatus('c', 'gone');
    assert.equal(summaryOf(plain, NOW, again, false), plain);
    const store = windows(44, 2);
    const tick = evaluateGroup(store.get('g1')!, options, NOW);
    assert.ok(summaryOf(tick, NOW, again, false) instanceof GroupSummary);
  });
});
