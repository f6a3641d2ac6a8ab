// Commit-stream mode through the service, with a cluster double and an offsets-topic
// source double: commits become samples at their own times, ticks add none, a deleted
// group leaves the read model at once (and a tick that listed it before is not judged
// on it), and an unreadable topic falls back to polling. Poll mode's deleted group is
// checked beside it: gone from the first answer after the tick that no longer lists it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/index.js';
import type { OffsetsTopicRecord } from '../../../src/kafka/offsets-topic-record.js';
import type {
  OffsetsTopicCounts,
  OffsetsTopicReaderState,
} from '../../../src/kafka/offsets-topic-reader.js';
import type {
  OffsetsTopicSource,
  OffsetsTopicSourceFactory,
} from '../../../src/pipeline/commit-stream.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { smallCluster, silent, type FakeClusterClient } from './helpers.js';

class FakeSource implements OffsetsTopicSource {
  state: OffsetsTopicReaderState = 'starting';
  readonly counts = {} as OffsetsTopicCounts;
  readonly caughtUp = Promise.resolve();
  started = false;
  constructor(readonly emit: (record: OffsetsTopicRecord) => void) {}
  start(): void {
    this.started = true;
    this.state = 'live';
  }
  stop(): Promise<void> {
    this.state = 'stopped';
    return Promise.resolve();
  }
}

function setup(offsets: 'poll' | 'commits') {
  const config = parseConfig(
    `clusters:\n  - {name: a, brokers: ["127.0.0.1:1"], offsets: ${offsets}, commitMinDistanceMs: 0}\n` +
      'sinks: []\napi: {enabled: false}\nwindow: {intervals: 5}\n',
    { env: {} },
  );
  const client: FakeClusterClient = smallCluster();
  let source: FakeSource | null = null;
  const sourceFor: OffsetsTopicSourceFactory = (_c, _l, onRecord) =>
    (source = new FakeSource(onRecord));
  let clock = 10_000;
  let latest: LatestState | null = null;
  const service = new LagwatchService({
    config,
    logger: silent,
    clientFor: () => client,
    offsetsTopicFor: sourceFor,
    now: () => clock,
    onReport: (report) => latest?.record(report), // as the app wires it
  });
  const view = new LatestState({
    clusters: ['a'],
    store: service.store,
    evaluator: service.evaluator,
    wholeClusters: service.commitStreams.map((stream) => stream.cluster),
  });
  latest = view;
  service.onGroupDeleted((cluster, group) => view.groupChanged(cluster, group, null));
  const tick = async () => {
    clock += 1_000;
    const [report] = await service.tickAll();
    return report!;
  };
  return { service, client, latest: view, tick, source: () => source };
}

const commit = (offset: number, at: number, partition = 0): OffsetsTopicRecord => ({
  kind: 'commit',
  group: 'billing',
  topic: 'orders',
  partition,
  offset,
  commitTimestamp: at,
});

describe('commit-stream mode (offsets: commits)', () => {
  test('commits are the samples, at their own times; ticks add none', async () => {
    const { service, tick, source } = setup('commits');
    service.commitStreams[0]!.start(); // the stream only: ticks are fired by hand
    await tick(); // reads the log ends (100, 50)
    source()!.emit(commit(80, 11_200));
    source()!.emit(commit(85, 11_700));
    await tick();
    await tick();
    const samples = service.store.window('a', 'billing')?.partitions[0]?.samples;
    assert.deepEqual(
      samples?.map((s) => [s.offset, s.timestamp, s.lag]),
      [
        [80, 11_200, 20],
        [85, 11_700, 15],
      ],
    );
  });

  test('a deleted group leaves the read model at once, and a tick that listed it does not bring it back', async () => {
    const { service, tick, source, latest, client } = setup('commits');
    service.commitStreams[0]!.start();
    await tick();
    assert.ok(latest.cluster('a')?.groups.has('billing'));
    // The tick is held after it listed the group; the group is deleted meanwhile.
    client.hold();
    const running = tick();
    await new Promise((r) => setImmediate(r));
    source()!.emit({ kind: 'group-deleted', group: 'billing', protocol: 'classic' });
    assert.equal(latest.cluster('a')?.groups.has('billing'), false, 'gone before any tick');
    assert.equal(service.store.window('a', 'billing'), null);
    client.open();
    const report = await running;
    assert.deepEqual(
      report.groups.map((g) => g.group),
      [],
      'the tick that listed it before the delete does not judge it',
    );
    assert.equal(latest.cluster('a')?.groups.has('billing'), false);
  });

  test('a group without metadata is deleted with its last offset; one with metadata is not', async () => {
    const { service, tick, source, latest } = setup('commits');
    service.commitStreams[0]!.start();
    await tick();
    source()!.emit(commit(90, 11_500, 0));
    source()!.emit(commit(50, 11_500, 1));
    source()!.emit({ kind: 'offset-deleted', group: 'billing', topic: 'orders', partition: 0 });
    assert.ok(latest.cluster('a')?.groups.has('billing'), 'one offset left');
    source()!.emit({ kind: 'offset-deleted', group: 'billing', topic: 'orders', partition: 1 });
    assert.equal(latest.cluster('a')?.groups.has('billing'), false, 'no offset left');
  });

  test('an offset tombstone of a group with metadata does not delete the group', async () => {
    const { service, tick, source, latest } = setup('commits');
    service.commitStreams[0]!.start();
    await tick();
    source()!.emit({ kind: 'member', group: 'billing', memberId: 'm1', present: true });
    source()!.emit(commit(90, 11_500, 0));
    source()!.emit({ kind: 'offset-deleted', group: 'billing', topic: 'orders', partition: 0 });
    assert.ok(latest.cluster('a')?.groups.has('billing'));
  });

  test('an unreadable offsets topic falls back to polling: ticks add samples again', async () => {
    const { service, tick, source } = setup('commits');
    service.commitStreams[0]!.start();
    source()!.state = 'unreadable';
    await tick();
    await tick();
    const samples = service.store.window('a', 'billing')?.partitions[0]?.samples;
    assert.deepEqual(
      samples?.map((s) => s.offset),
      [90, 90],
    );
  });

  test('`once` (no start): the stream is not read and ticks poll', async () => {
    const { service, tick, source } = setup('commits');
    await tick();
    assert.equal(source()!.started, false);
    assert.equal(service.store.window('a', 'billing')?.partitions[0]?.samples.length, 1);
  });
});

describe('a deleted group in poll mode', () => {
  test('is gone from the first answer after a tick that no longer lists it, never judged again', async () => {
    const { tick, latest, client } = setup('poll');
    await tick();
    assert.ok(latest.cluster('a')?.groups.has('billing'));
    delete client.groups.billing;
    const report = await tick();
    assert.deepEqual(
      report.groups.map((g) => g.group),
      [],
    );
    assert.equal(latest.cluster('a')?.groups.has('billing'), false);
    assert.equal(latest.groupWindow('a', 'billing'), null);
  });
});
