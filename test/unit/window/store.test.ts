import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WindowStore } from '../../../src/window/store.js';
import { group, partition, snapshot } from './snapshot-fixtures.js';

const options = { intervals: 3, expireGroupAfterMs: 60_000, endOffsetHistory: 10 };

describe('window store', () => {
  test('one sample per successful tick, the last `intervals` kept, broker offsets beside', () => {
    const store = new WindowStore(options);
    for (let i = 1; i <= 4; i++) {
      store.record(snapshot(i * 1000, [group('g', [partition('t', 0, i * 10, i * 10 + 5)])]));
    }
    const [window] = store.windows('a');
    assert.equal(window?.group, 'g');
    const [p] = window?.partitions ?? [];
    assert.deepEqual(
      p?.samples.map((s) => [s.offset, s.timestamp, s.lag]),
      [
        [20, 2000, 5],
        [30, 3000, 5],
        [40, 4000, 5],
      ],
    );
    assert.deepEqual(p?.brokerOffsets, [25, 35, 45]);
    assert.equal(p?.currentLag, 5);
    assert.equal(window?.state, 'Stable');
  });

  test("each group's type is kept as last sampled, even for a group not judged, and exported", () => {
    const store = new WindowStore(options);
    const share = { code: 'GROUP_TYPE_NOT_JUDGED', message: 'share group' } as const;
    store.record(
      snapshot(1000, [
        group('c', [partition('t', 0, 1, 2)], { type: 'classic' }),
        group('m', [partition('t', 1, 1, 2)], { type: 'consumer', state: 'Reconciling' }),
        group('s', [partition('t', 2, 1, 2)], { type: 'other', state: null, fault: share }),
      ]),
    );
    const typeOf = (s: WindowStore) =>
      Object.fromEntries(s.windows('a').map((w) => [w.group, [w.type, w.state]]));
    assert.deepEqual(typeOf(store), {
      c: ['classic', 'Stable'],
      m: ['consumer', 'Reconciling'],
      s: ['other', null],
    });
    store.record(snapshot(2000, [group('c', [partition('t', 0, 2, 2)], { type: 'consumer' })]));
    assert.deepEqual(typeOf(store), { c: ['consumer', 'Stable'] });
    const restored = new WindowStore(options);
    restored.importState(store.exportState());
    assert.deepEqual(typeOf(restored), { c: ['consumer', 'Stable'] });
  });

  test('lag in time comes from the end-offset history', () => {
    const store = new WindowStore(options);
    // The log grows 100 per second; the group stops at offset 150.
    for (let i = 0; i <= 4; i++) {
      store.record(
        snapshot(i * 1000, [group('g', [partition('t', 0, Math.min(150, i * 100), i * 100)])]),
      );
    }
    const p = store.windows('a')[0]?.partitions[0];
    assert.equal(p?.currentLag, 250);
    // Offset 150 was the log end at 1.5 s; the tick is at 4 s.
    assert.equal(p?.timeLagMs, 2500);
  });

  test('a failed tick adds nothing; a faulty group keeps its window unchanged', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1000, [group('g', [partition('t', 0, 10, 20)])]));
    store.record({
      ...snapshot(2000, []),
      available: false,
      fault: { code: 'CLUSTER_UNAVAILABLE', message: 'x' },
    });
    assert.equal(store.windows('a')[0]?.partitions[0]?.samples.length, 1);
    store.record(
      snapshot(3000, [group('g', [], { fault: { code: 'OFFSET_FETCH_FAILED', message: 'x' } })], {
        topics: ['t'],
      }),
    );
    assert.equal(store.windows('a')[0]?.partitions[0]?.samples.length, 1);
  });

  test('assigned but never committed: kept, with no samples and its owner', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1000, [group('g', [partition('t', 0, null, 20)])]));
    const p = store.windows('a')[0]?.partitions[0];
    assert.deepEqual(p?.samples, []);
    assert.equal(p?.owner, '/10.0.0.1');
    assert.equal(p?.clientId, 'app');
    assert.equal(p?.timeLagMs, null);
  });

  test('only groups seen at the last tick are windows; unseen ones expire', () => {
    const store = new WindowStore(options);
    store.record(
      snapshot(1000, [
        group('gone', [partition('t', 0, 1, 2)]),
        group('kept', [partition('t', 1, 1, 2)]),
      ]),
    );
    store.record(snapshot(2000, [group('kept', [partition('t', 1, 2, 3)])], { topics: ['t'] }));
    assert.deepEqual(
      store.windows('a').map((w) => w.group),
      ['kept'],
    );
    assert.equal(store.stats().groups, 2, 'the unseen group is remembered until it expires');
    store.record(snapshot(70_000, [group('kept', [partition('t', 1, 3, 4)])], { topics: ['t'] }));
    assert.equal(store.stats().groups, 1);
  });

  test('partitions of a deleted topic and of a vanished group are dropped', () => {
    const store = new WindowStore(options);
    store.record(
      snapshot(1000, [
        group('g', [partition('old', 0, 1, 2), partition('new', 0, 1, 2)]),
        group('v', [partition('new', 1, 1, 2)]),
      ]),
    );
    store.record(
      snapshot(2000, [
        group('g', [partition('new', 0, 2, 3)]),
        group('v', [], { state: 'Dead', fault: { code: 'GROUP_VANISHED', message: 'x' } }),
      ]),
    );
    assert.deepEqual(
      store.windows('a').map((w) => [w.group, w.partitions.map((p) => p.topic)]),
      [['g', ['new']]],
    );
    assert.deepEqual(store.stats(), {
      clusters: 1,
      groups: 1,
      groupPartitions: 1,
      topicPartitions: 1,
    });
  });

  test('deleting a group forgets it', () => {
    const store = new WindowStore(options);
    store.record(snapshot(1000, [group('g', [partition('t', 0, 1, 2)])]));
    assert.equal(store.deleteGroup('a', 'g'), true);
    assert.equal(store.deleteGroup('a', 'g'), false);
    assert.deepEqual(store.windows('a'), []);
  });
});
