// /metrics' read-model series with their label text kept from one rendering to the next
// (state-labels.ts): a warm cache writes what a cold one writes, byte for byte; a group
// whose partitions changed gets new labels; what a rendering's input no longer has is gone
// from the text and from the cache; odd names and partition numbers read back as they are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CHUNK_BYTES, ChunkPool, KEPT_CHUNKS } from '../../../src/api/metrics-chunk-pool.js';
import { DeflateSink, gzipMember } from '../../../src/api/metrics-gzip.js';
import { StateLabels } from '../../../src/api/state-labels.js';
import {
  takeStateMetricsInput,
  writeStateMetrics,
  type StateMetricsInput,
} from '../../../src/api/state-metrics.js';
import type { GroupStatus, PartitionStatus } from '../../../src/status/index.js';
import { fixture, tickOfA } from './fixtures.js';
import { parseMetrics, series, valueOf } from './prometheus.js';
import { copyPartition } from '../../helpers/reports.js';

async function render(input: StateMetricsInput, labels?: StateLabels): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = {
    write: (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk));
      return Promise.resolve();
    },
  };
  await writeStateMetrics(input, sink, labels);
  return Buffer.concat(chunks).toString();
}

/** The fixture's statuses of cluster a (after its four ticks), by group. */
function statusesOfA(): ReadonlyMap<string, GroupStatus> {
  return fixture().latest.cluster('a')!.groups;
}

type Groups = readonly (readonly [string, GroupStatus])[];

/** An input of the given clusters' groups, and topics with log ends (partition ids, or 0..n-1). */
function inputOf(
  clusters: Readonly<Record<string, Groups>>,
  topics: readonly (readonly [string, number | readonly number[]])[] = [],
): StateMetricsInput {
  return {
    clusters: Object.entries(clusters).map(([cluster, groups]) => ({
      cluster,
      groupNames: groups.map(([name]) => name),
      groupStatuses: groups.map(([, status]) => status),
      topics: topics.map(([topic, partitions]) => [
        topic,
        (typeof partitions === 'number'
          ? Array.from({ length: partitions }, (_, partition) => partition)
          : partitions
        ).map((partition) => ({
          topic,
          partition,
          logEndOffset: 100 + partition,
          logStartOffset: 0,
        })),
      ]),
    })),
    groupPartitions: 0,
  };
}

/** `status` with its partitions' topics and partition numbers replaced, values kept. */
function withPartitions(
  status: GroupStatus,
  partitions: readonly (readonly [string, number])[],
): GroupStatus {
  const template = status.partitions[0]!;
  const list: PartitionStatus[] = partitions.map(([topic, partition], i) =>
    copyPartition(status.partitions[i] ?? template, { topic, partition }),
  );
  return { ...status, partitions: list, partitionCount: list.length };
}

/** Every (consumer_group, topic, partition) of the partition lag series. */
function partitionSeries(text: string): string[] {
  return series(parseMetrics(text), 'burrow_kafka_consumer_partition_lag').map(
    ([l]) => `${l.cluster} ${l.consumer_group} ${l.topic}/${l.partition}`,
  );
}

describe('writeStateMetrics with kept labels', () => {
  test('a warm cache writes what a cold one writes, byte for byte, tick after tick', async () => {
    const f = fixture();
    const labels = new StateLabels();
    const texts: string[] = [];
    const check = async (what: string): Promise<void> => {
      const input = takeStateMetricsInput(f.latest);
      const warm = await render(input, labels);
      assert.equal(warm, await render(input), what);
      texts.push(warm);
    };
    await check('first rendering');
    f.tick(tickOfA(4));
    await check('after a tick');
    f.tick(tickOfA(5, ['stalled']));
    await check('after a tick without stalled');
    f.deletes.deleteGroup('a', 'sleepy');
    await check('after a DELETE');
    f.tick(tickOfA(6));
    await check('stalled back');
    assert.equal(new Set(texts).size, texts.length, 'each rendering showed its own data');
    assert.match(texts[1]!, /consumer_group="stalled"/);
    assert.doesNotMatch(texts[2]!, /consumer_group="stalled"/);
    assert.doesNotMatch(texts[3]!, /consumer_group="sleepy"/);
  });

  test('a group whose partitions changed gets their labels; unchanged ones are reused', async () => {
    const billing = statusesOfA().get('billing')!;
    const labels = new StateLabels();
    await render(inputOf({ a: [['billing', billing]] }), labels);
    const encoded = labels.stats().encoded;

    // The same partitions in topic strings made anew: nothing is encoded again.
    const sameTopics = withPartitions(billing, [
      [['ord', 'ers'].join(''), 0],
      [['ord', 'ers'].join(''), 1],
    ]);
    const same = await render(inputOf({ a: [['billing', sameTopics]] }), labels);
    assert.equal(labels.stats().encoded, encoded, 'nothing encoded again');
    assert.deepEqual(partitionSeries(same), ['a billing orders/0', 'a billing orders/1']);

    // As many partitions: another topic, then another partition number.
    const renamed = withPartitions(billing, [
      ['orders-v2', 0],
      ['orders', 1],
    ]);
    const renamedText = await render(inputOf({ a: [['billing', renamed]] }), labels);
    assert.deepEqual(partitionSeries(renamedText), ['a billing orders-v2/0', 'a billing orders/1']);
    const moved = withPartitions(billing, [
      ['orders-v2', 0],
      ['orders', 5],
    ]);
    const movedText = await render(inputOf({ a: [['billing', moved]] }), labels);
    assert.deepEqual(partitionSeries(movedText), ['a billing orders-v2/0', 'a billing orders/5']);

    // Another topic, another partition number, another order.
    const changed = withPartitions(billing, [
      ['orders', 1],
      ['orders-v2', 0],
      ['orders', 7],
    ]);
    const text = await render(inputOf({ a: [['billing', changed]] }), labels);
    assert.deepEqual(partitionSeries(text), [
      'a billing orders/1',
      'a billing orders-v2/0',
      'a billing orders/7',
    ]);
    assert.equal(text, await render(inputOf({ a: [['billing', changed]] })), 'as a cold cache');
    const m = parseMetrics(text);
    const lagOf = (topic: string, partition: string): number | undefined =>
      valueOf(m, 'burrow_kafka_consumer_partition_lag', { topic, partition });
    assert.equal(lagOf('orders', '1'), billing.partitions[0]!.currentLag, 'values in new order');
    assert.equal(lagOf('orders-v2', '0'), billing.partitions[1]!.currentLag);
    assert.equal(lagOf('orders', '0'), undefined, 'the old first partition is gone');
    assert.equal(labels.stats().topics, 2, 'orders and orders-v2');
    assert.equal(labels.stats().partitionCloses, 8, 'partitions 0 to 7');
    const shrunk = await render(inputOf({ a: [['billing', billing]] }), labels);
    assert.deepEqual(partitionSeries(shrunk), ['a billing orders/0', 'a billing orders/1']);
    assert.equal(labels.stats().topics, 1, 'orders-v2 dropped from the cache');
    assert.equal(labels.stats().partitionCloses, 2, 'partitions above 1 dropped');
    const grown = withPartitions(billing, [
      ['orders', 0],
      ['orders', 1],
      ['orders', 2],
    ]);
    const grownText = await render(inputOf({ a: [['billing', grown]] }), labels);
    assert.deepEqual(partitionSeries(grownText), [
      'a billing orders/0',
      'a billing orders/1',
      'a billing orders/2',
    ]);
  });

  test('groups and clusters no longer in the input are gone from the text and the cache', async () => {
    const statuses = statusesOfA();
    const billing = statuses.get('billing')!;
    const sleepy = statuses.get('sleepy')!;
    const labels = new StateLabels();
    const first = await render(
      inputOf(
        {
          a: [
            ['billing', billing],
            ['sleepy', sleepy],
          ],
          b: [['billing', billing]],
        },
        [['payments', 2]],
      ),
      labels,
    );
    assert.deepEqual(partitionSeries(first), [
      'a billing orders/0',
      'a billing orders/1',
      'a sleepy payments/0',
      'b billing orders/0',
      'b billing orders/1',
    ]);
    // Per cluster: orders and payments (shared by sleepy and the topic's series), partitions 0
    // and 1; made: 2 cluster openings, 3 group openings, 4 topic parts, 4 closing parts.
    assert.deepEqual(labels.stats(), {
      clusters: 2,
      groups: 3,
      topics: 4,
      partitionCloses: 4,
      encoded: 13,
    });

    const second = await render(inputOf({ a: [['billing', billing]] }), labels);
    assert.deepEqual(partitionSeries(second), ['a billing orders/0', 'a billing orders/1']);
    assert.doesNotMatch(second, /sleepy|cluster="b"|payments/);
    assert.deepEqual(labels.stats(), {
      clusters: 1,
      groups: 1,
      topics: 1,
      partitionCloses: 2,
      encoded: 13,
    });

    await render(inputOf({}), labels);
    assert.deepEqual(labels.stats(), {
      clusters: 0,
      groups: 0,
      topics: 0,
      partitionCloses: 0,
      encoded: 13,
    });
  });

  test("the topics' series follow their topics and partitions", async () => {
    const labels = new StateLabels();
    const offsetsOf = async (
      topics: readonly (readonly [string, readonly number[]])[],
    ): Promise<string[]> => {
      const text = await render(inputOf({ a: [] }, topics), labels);
      assert.equal(text, await render(inputOf({ a: [] }, topics)), 'as a cold cache');
      return series(parseMetrics(text), 'burrow_kafka_topic_partition_offset').map(
        ([l, v]) => `${l.topic}/${l.partition} ${v}`,
      );
    };
    assert.deepEqual(await offsetsOf([['payments', [0, 1]]]), ['payments/0 100', 'payments/1 101']);
    assert.deepEqual(await offsetsOf([['payments', [0, 2]]]), ['payments/0 100', 'payments/2 102']);
    assert.deepEqual(await offsetsOf([['orders', [0, 2]]]), ['orders/0 100', 'orders/2 102']);
    assert.deepEqual(
      await offsetsOf([
        ['orders', [0]],
        ['payments', [2]],
      ]),
      ['orders/0 100', 'payments/2 102'],
    );
    assert.equal(labels.stats().topics, 2);
    assert.equal(labels.stats().partitionCloses, 3, 'partitions 0 to 2');
  });

  test('odd cluster, group and topic names read back as they are, cold and warm', async () => {
    const billing = statusesOfA().get('billing')!;
    const cluster = 'c"1\\';
    const group = 'q"uote \\back\nline zürich/é';
    const topic = 't"\\\nü';
    const status = withPartitions(billing, [[topic, 3]]);
    const input = inputOf({ [cluster]: [[group, status]] }, [[topic, 1]]);
    const labels = new StateLabels();
    for (const what of ['cold', 'warm']) {
      const m = parseMetrics(await render(input, labels));
      assert.deepEqual(
        series(m, 'burrow_kafka_consumer_partition_lag'),
        [
          [
            { cluster, consumer_group: group, topic, partition: '3' },
            billing.partitions[0]!.currentLag,
          ],
        ],
        what,
      );
      assert.deepEqual(
        series(m, 'burrow_kafka_consumer_lag_total'),
        [[{ cluster, consumer_group: group }, billing.totallag]],
        what,
      );
      assert.deepEqual(
        series(m, 'burrow_kafka_topic_partition_offset'),
        [[{ cluster, topic, partition: '0' }, 100]],
        what,
      );
    }
  });

  test('partition numbers beyond the kept closing parts still read back', async () => {
    const billing = statusesOfA().get('billing')!;
    const huge = withPartitions(billing, [
      ['orders', 70_000],
      ['orders', 2],
    ]);
    const labels = new StateLabels();
    for (const what of ['cold', 'warm']) {
      const text = await render(inputOf({ a: [['huge', huge]] }), labels);
      assert.deepEqual(partitionSeries(text), ['a huge orders/70000', 'a huge orders/2'], what);
      assert.equal(labels.stats().partitionCloses, 3, `${what}: 0 to 2 kept, 70000 made per line`);
    }
  });

  test("the current offset is the end sample's, from endOffset or, without it, from end", async () => {
    const groups = [...statusesOfA()];
    const complete = groups.flatMap(([, s]) => s.partitions).filter((p) => p.complete === 1);
    assert.ok(complete.length > 0, 'the fixture has complete windows');
    // The evaluator's statuses have endOffset; plain copies (a status made elsewhere) do not.
    const plain = groups.map(([name, s]): readonly [string, GroupStatus] => [
      name,
      { ...s, partitions: s.partitions.map((p) => copyPartition(p)) },
    ]);
    const offsets = (text: string) =>
      series(parseMetrics(text), 'burrow_kafka_consumer_current_offset');
    const packed = offsets(await render(inputOf({ a: groups })));
    assert.deepEqual(offsets(await render(inputOf({ a: plain }))), packed);
    assert.deepEqual(
      packed.map(([, value]) => value),
      complete.map((p) => p.end!.offset),
    );
    assert.ok(complete.every((p) => p.endOffset === p.end!.offset));
  });

  test('lag seconds are written as the text of ms / 1000', async () => {
    const stalled = statusesOfA().get('stalled')!;
    const partitions = [1, 1500, 19_428, 86_400_001].map((ms) =>
      copyPartition(stalled.partitions[0]!, { timeLagMs: ms }),
    );
    const status: GroupStatus = { ...stalled, partitions };
    const text = await render(inputOf({ a: [['stalled', status]] }));
    const lines = text.split('\n').filter((l) => l.startsWith('lagwatch_consumer'));
    const lagSeconds = lines.filter((l) => l.startsWith('lagwatch_consumer_partition_lag_s'));
    assert.deepEqual(
      lagSeconds.map((l) => l.slice(l.lastIndexOf(' ') + 1)),
      ['0.001', '1.5', '19.428', '86400.001'],
    );
    assert.ok(
      lines.includes(
        'lagwatch_consumer_lag_seconds{cluster="a",consumer_group="stalled"} 86400.001',
      ),
    );
  });

  test('a rendering of megabytes takes no more chunks than the pool keeps', async () => {
    const billing = statusesOfA().get('billing')!;
    const wide = withPartitions(
      billing,
      Array.from({ length: 20 }, (_, i) => ['orders', i] as const),
    );
    const groups = Array.from({ length: 1_000 }, (_, g) => [`g${g}`, wide] as const);
    const pool = new ChunkPool();
    const sink = new DeflateSink();
    await writeStateMetrics(inputOf({ a: groups }), sink, new StateLabels(), pool);
    const text = gunzipSync(
      Buffer.concat(await gzipMember(await sink.end(), Buffer.alloc(0))),
    ).toString();
    assert.equal(partitionSeries(text).length, 20_000);
    const chunks = Math.ceil(Buffer.byteLength(text) / CHUNK_BYTES);
    assert.ok(chunks > 4 * KEPT_CHUNKS, `${chunks} chunks of text`);
    assert.ok(pool.made <= KEPT_CHUNKS, `${pool.made} chunks made for ${chunks} written`);
  });
});
