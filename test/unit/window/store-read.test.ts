// What the HTTP API reads from the window store and removes from it: one group's window,
// the ring length, and Burrow's DELETE of a group's topic.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition as fixturePartition, snapshot, windowData } from './snapshot-fixtures.js';

const partition = (topic: string, p: number, committed: number, end: number) =>
  fixturePartition(topic, p, committed, end, true);

const options = { intervals: 4, expireGroupAfterMs: 60_000, endOffsetHistory: 10 };

const twoTopics = (at: number, offset: number): ClusterSnapshot =>
  snapshot(at, [
    group('g', [partition('t', 0, offset, offset + 5), partition('u', 1, offset, offset)]),
    group('h', [partition('t', 0, offset, offset + 5)]),
  ]);

describe('window store: what the API reads', () => {
  test('intervals is the configured ring length', () => {
    assert.equal(new WindowStore(options).intervals, 4);
  });

  test('window(group) equals that group in windows()', () => {
    const store = new WindowStore(options);
    store.record(twoTopics(1000, 10));
    store.record(twoTopics(2000, 20));
    const all = store.windows('a');
    assert.deepEqual(windowData([store.window('a', 'g')]), windowData([all[0]!]));
    assert.deepEqual(windowData([store.window('a', 'h')]), windowData([all[1]!]));
    assert.equal(store.window('a', 'g')?.partitions[0]?.samples.length, 2);
    assert.equal(store.window('a', 'g')?.partitions[0]?.owner, '/10.0.0.1');
  });

  test('windowToJudge(group) gives what window(group) gives, group after group, on reused views', () => {
    const store = new WindowStore(options);
    store.record(twoTopics(1000, 10));
    store.record(twoTopics(2000, 20));
    // Read each before the next call: that call rewrites the views.
    const g = store.windowToJudge('a', 'g')!;
    assert.deepEqual(windowData([g]), windowData([store.window('a', 'g')]));
    const firstView = g.partitions[0];
    const h = store.windowToJudge('a', 'h')!;
    assert.deepEqual(windowData([h]), windowData([store.window('a', 'h')]));
    assert.equal(h.partitions[0], firstView, 'the same view, now of h');
    assert.equal(h, g, 'the same group window, now of h');
    assert.equal(h.group, 'h');
    assert.equal(h.partitions.length, 1);
    const again = store.windowToJudge('a', 'g')!;
    assert.deepEqual(windowData([again]), windowData([store.window('a', 'g')]));
    assert.equal(again.partitions[0]?.samples.length, 2);
    assert.equal(store.windowToJudge('a', 'nope'), null);
    assert.equal(store.windowToJudge('b', 'g'), null);
  });

  test('window() is null for an unknown cluster or group, and for a group not seen at the last tick', () => {
    const store = new WindowStore(options);
    assert.equal(store.window('a', 'g'), null);
    store.record(twoTopics(1000, 10));
    assert.equal(store.window('b', 'g'), null);
    assert.equal(store.window('a', 'nope'), null);
    store.record(snapshot(2000, [group('h', [partition('t', 0, 12, 15)])]));
    assert.equal(store.window('a', 'g'), null, 'g was not seen at 2000');
    assert.notEqual(store.window('a', 'h'), null);
  });

  test("deleteGroupTopic drops only that topic's partitions of that group", () => {
    const store = new WindowStore(options);
    store.record(twoTopics(1000, 10));
    assert.equal(store.deleteGroupTopic('a', 'g', 't'), true);
    assert.deepEqual(
      store.window('a', 'g')?.partitions.map((p) => [p.topic, p.partition]),
      [['u', 1]],
    );
    assert.equal(store.window('a', 'h')?.partitions.length, 1, 'another group keeps topic t');
    assert.equal(store.deleteGroupTopic('a', 'g', 't'), false, 'already gone');
    assert.equal(store.deleteGroupTopic('a', 'g', 'nope'), false);
    assert.equal(store.deleteGroupTopic('a', 'nope', 't'), false);
    assert.equal(store.deleteGroupTopic('b', 'g', 't'), false);
  });

  test('a group left with no topic is forgotten whole', () => {
    const store = new WindowStore(options);
    store.record(twoTopics(1000, 10));
    store.deleteGroupTopic('a', 'g', 't');
    store.deleteGroupTopic('a', 'g', 'u');
    assert.equal(store.window('a', 'g'), null);
    assert.deepEqual(
      store.windows('a').map((w) => w.group),
      ['h'],
    );
  });

  test('the next tick brings a deleted topic back with a fresh window', () => {
    const store = new WindowStore(options);
    store.record(twoTopics(1000, 10));
    store.record(twoTopics(2000, 20));
    store.deleteGroupTopic('a', 'g', 't');
    store.record(twoTopics(3000, 30));
    const t0 = store.window('a', 'g')?.partitions.find((p) => p.topic === 't');
    assert.deepEqual(
      t0?.samples.map((s) => s.offset),
      [30],
    );
    const u1 = store.window('a', 'g')?.partitions.find((p) => p.topic === 'u');
    assert.deepEqual(
      u1?.samples.map((s) => s.offset),
      [10, 20, 30],
    );
  });
});
