// /metrics read back with a Prometheus text-format parser: Burrow's six metrics with its
// labels and values, lagwatch's own, and series that disappear with their group or topic.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { acceptsGzip } from '../../../src/api/accept-encoding.js';
import { createMetrics, EVENT_LOOP_SAMPLE_MS } from '../../../src/api/metrics.js';
import { FaultCode } from '../../../src/contract/errors.js';
import { bearer, fixture, sinkHealth, tickOfA } from './fixtures.js';
import { parseMetrics, series, valueOf, type Families } from './prometheus.js';

type F = ReturnType<typeof fixture>;

async function scrape(f: F): Promise<Families> {
  const r = await f.app.inject({ url: '/metrics' });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parseMetrics(r.body);
}

const group = (consumer_group: string) => ({ cluster: 'a', consumer_group });
const partition = (consumer_group: string, topic: string, p: number) => ({
  cluster: 'a',
  consumer_group,
  topic,
  partition: String(p),
});

describe('/metrics', () => {
  test("Burrow's metrics: names, types, labels and values", async () => {
    const m = await scrape(fixture());
    const burrow = [
      ['burrow_kafka_consumer_status', ['cluster', 'consumer_group']],
      ['burrow_kafka_consumer_lag_total', ['cluster', 'consumer_group']],
      ['burrow_kafka_consumer_partition_lag', ['cluster', 'consumer_group', 'topic', 'partition']],
      ['burrow_kafka_consumer_current_offset', ['cluster', 'consumer_group', 'topic', 'partition']],
      ['burrow_kafka_topic_partition_status', ['cluster', 'consumer_group', 'topic', 'partition']],
      ['burrow_kafka_topic_partition_offset', ['cluster', 'topic', 'partition']],
    ] as const;
    for (const [name, labels] of burrow) {
      const family = m.get(name);
      assert.equal(family?.type, 'GAUGE', name);
      assert.ok(family.metrics.length > 0, name);
      for (const [l] of series(m, name))
        assert.deepEqual(Object.keys(l).sort(), [...labels].sort());
    }
    // Status enum: OK 1, WARN 2, ERR 3; partition STOP 4, STALL 5.
    assert.equal(valueOf(m, 'burrow_kafka_consumer_status', group('billing')), 1);
    assert.equal(valueOf(m, 'burrow_kafka_consumer_status', group('stalled')), 3);
    assert.equal(valueOf(m, 'burrow_kafka_consumer_lag_total', group('billing')), 240);
    assert.equal(valueOf(m, 'burrow_kafka_consumer_lag_total', group('slash/team a')), 0);
    assert.equal(
      valueOf(m, 'burrow_kafka_consumer_partition_lag', partition('stalled', 'orders', 0)),
      1200,
    );
    assert.equal(
      valueOf(m, 'burrow_kafka_consumer_current_offset', partition('billing', 'orders', 0)),
      1060,
    );
    assert.equal(
      valueOf(m, 'burrow_kafka_topic_partition_status', partition('stalled', 'orders', 0)),
      5,
    );
    assert.equal(
      valueOf(m, 'burrow_kafka_topic_partition_status', partition('sleepy', 'payments', 0)),
      4,
    );
    assert.deepEqual(
      series(m, 'burrow_kafka_topic_partition_offset').map(([l, v]) => [l.topic, l.partition, v]),
      [
        ['orders', '0', 1300],
        ['orders', '1', 500],
        ['orders', '2', 40],
        ['payments', '0', 300],
        ['payments', '1', 80],
      ],
      'idle/0 has no known log end: no series',
    );
  });

  test('current offset and partition status only where the window is complete (as Burrow)', async () => {
    const m = await scrape(fixture({ ticks: 2 }));
    assert.ok(series(m, 'burrow_kafka_consumer_partition_lag').length > 0);
    assert.deepEqual(series(m, 'burrow_kafka_consumer_current_offset'), []);
    assert.deepEqual(series(m, 'burrow_kafka_topic_partition_status'), []);
  });

  test("lagwatch's metrics: lag seconds, messages lost, members, ticks, sinks", async () => {
    const f = fixture();
    f.sinks.push(
      sinkHealth('es', { healthy: false, state: 'spooling', spooled: 50, spoolBytes: 4096 }),
    );
    const m = await scrape(f);
    assert.equal(
      valueOf(m, 'lagwatch_consumer_partition_lag_seconds', partition('stalled', 'orders', 0)),
      720,
    );
    assert.equal(valueOf(m, 'lagwatch_consumer_lag_seconds', group('stalled')), 720);
    assert.equal(
      valueOf(m, 'lagwatch_consumer_partition_messages_lost', partition('sleepy', 'payments', 0)),
      10,
    );
    assert.equal(
      valueOf(m, 'lagwatch_consumer_partition_messages_lost', partition('billing', 'orders', 1)),
      undefined,
      'no series where no message was lost',
    );
    assert.equal(valueOf(m, 'lagwatch_consumer_members', group('sleepy')), 0);
    assert.equal(valueOf(m, 'lagwatch_consumer_members', group('billing')), 1);
    assert.equal(valueOf(m, 'lagwatch_cluster_up', { cluster: 'a' }), 1);
    assert.equal(valueOf(m, 'lagwatch_cluster_up', { cluster: 'b' }), 0);
    assert.equal(valueOf(m, 'lagwatch_tick_duration_seconds', { cluster: 'a' }), 0.015);
    assert.equal(m.get('lagwatch_ticks_total')?.type, 'COUNTER');
    assert.equal(valueOf(m, 'lagwatch_ticks_total', { cluster: 'a' }), 4);
    assert.equal(valueOf(m, 'lagwatch_ticks_skipped_total', { cluster: 'a' }), 1);
    assert.equal(valueOf(m, 'lagwatch_group_faults_total', { cluster: 'a' }), 2);
    assert.equal(valueOf(m, 'lagwatch_sink_queue_items', { sink: 'influx' }), 3);
    assert.equal(valueOf(m, 'lagwatch_sink_dropped_items_total', { sink: 'influx' }), 1);
    assert.equal(valueOf(m, 'lagwatch_sink_rejected_items_total', { sink: 'influx' }), 2);
    assert.equal(valueOf(m, 'lagwatch_sink_spool_items', { sink: 'es' }), 50);
    assert.equal(valueOf(m, 'lagwatch_sink_spool_bytes', { sink: 'es' }), 4096);
    assert.equal(valueOf(m, 'lagwatch_sink_healthy', { sink: 'es' }), 0);
  });

  test("a deleted group's series are gone on the next scrape", async () => {
    const f = fixture();
    const before = await scrape(f);
    assert.notEqual(valueOf(before, 'burrow_kafka_consumer_status', group('sleepy')), undefined);
    await f.app.inject({ method: 'DELETE', url: '/v3/kafka/a/consumer/sleepy', headers: bearer() });
    const after = await scrape(f);
    for (const [name, family] of after) {
      for (const s of family.metrics) {
        assert.notEqual(s.labels?.consumer_group, 'sleepy', `${name} still has sleepy`);
      }
    }
    assert.notEqual(valueOf(after, 'burrow_kafka_consumer_status', group('billing')), undefined);
  });

  test("a deleted topic's series are gone on the next scrape", async () => {
    const f = fixture();
    const snapshot = tickOfA(4);
    f.tick({
      ...snapshot,
      groups: snapshot.groups.filter((g) => g.group !== 'sleepy' && g.group !== 'slash/team a'),
      offsets: snapshot.offsets.filter((o) => o.topic !== 'payments'),
      topics: ['idle', 'orders'],
    });
    const m = await scrape(f);
    for (const [name, family] of m) {
      for (const s of family.metrics) assert.notEqual(s.labels?.topic, 'payments', name);
    }
  });

  test("Node's process metrics only when asked for", async () => {
    assert.equal((await scrape(fixture())).has('process_cpu_user_seconds_total'), false);
    const m = await scrape(fixture({ defaultMetrics: true }));
    assert.equal(m.get('process_cpu_user_seconds_total')?.type, 'COUNTER');
    assert.ok(m.has('nodejs_eventloop_lag_seconds'));
  });

  test(`the event loop's delay, sampled every ${EVENT_LOOP_SAMPLE_MS} ms, still shows a stall`, async () => {
    const f = fixture({ defaultMetrics: true });
    await scrape(f); // each scrape starts the delay's histogram again
    await new Promise((resolve) => setTimeout(resolve, 2 * EVENT_LOOP_SAMPLE_MS));
    const stallMs = 3 * EVENT_LOOP_SAMPLE_MS;
    const until = performance.now() + stallMs;
    while (performance.now() < until); // the loop is held, as a long synchronous step holds it
    await new Promise((resolve) => setTimeout(resolve, 2 * EVENT_LOOP_SAMPLE_MS));
    const m = await scrape(f);
    const max = valueOf(m, 'nodejs_eventloop_lag_max_seconds', {}) ?? NaN;
    assert.ok(max >= (stallMs - EVENT_LOOP_SAMPLE_MS) / 1000, `max delay ${max} s`);
    // Between stalls the samples come about every EVENT_LOOP_SAMPLE_MS, not more often.
    const p50 = valueOf(m, 'nodejs_eventloop_lag_p50_seconds', {}) ?? NaN;
    assert.ok(p50 >= (EVENT_LOOP_SAMPLE_MS * 0.9) / 1000, `p50 delay ${p50} s`);
  });
  test('between ticks the state series are kept; ticks and sinks are read on every scrape', async () => {
    const f = fixture();
    await scrape(f);
    (f.ticks[0]!.counters as { ticks: number }).ticks = 99;
    f.sinks[0] = sinkHealth('influx', { queued: 77 });
    const second = await scrape(f);
    assert.equal(valueOf(second, 'lagwatch_ticks_total', { cluster: 'a' }), 99);
    assert.equal(valueOf(second, 'lagwatch_sink_queue_items', { sink: 'influx' }), 77);
    assert.equal(valueOf(second, 'burrow_kafka_consumer_lag_total', group('billing')), 240);
    f.tick(tickOfA(4));
    const third = await scrape(f);
    assert.equal(valueOf(third, 'burrow_kafka_consumer_lag_total', group('billing')), 220);
  });

  test('gzip when the scraper accepts it: the same series, compressed, with its length', async () => {
    const f = fixture({ defaultMetrics: true });
    const plain = await f.app.inject({ url: '/metrics' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    const zipped = await f.app.inject({
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    assert.equal(zipped.statusCode, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(Number(zipped.headers['content-length']), zipped.rawPayload.length);
    const text = gunzipSync(zipped.rawPayload).toString();
    const [m, p] = [parseMetrics(text), parseMetrics(plain.body)];
    for (const name of [
      'burrow_kafka_consumer_partition_lag',
      'burrow_kafka_topic_partition_offset',
      'lagwatch_ticks_total',
    ]) {
      assert.ok(series(m, name).length > 0, name);
      assert.deepEqual(series(m, name), series(p, name), name);
    }
    assert.ok(m.has('process_cpu_user_seconds_total'), 'the fresh part follows the cached part');
    const refused = await f.app.inject({
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(parseMetrics(refused.body).has('burrow_kafka_consumer_status'));
  });

  test('the state series are rendered once per version of the read model, not per scrape', async () => {
    const f = fixture();
    const metrics = createMetrics({ latest: f.latest, ticks: f.ticks, sinkHealth: () => f.sinks });
    // A gzip body's parts: header, the rendered series (compressed), the fresh ones, trailer.
    const first = await metrics.gzip();
    const again = await metrics.gzip();
    assert.equal(again[1], first[1], 'the same cached bytes');
    f.tick({
      ...tickOfA(4),
      available: false,
      fault: { code: FaultCode.CLUSTER_UNAVAILABLE, message: 'down' },
      groups: [],
    });
    await metrics.settled();
    const unsampled = await metrics.gzip();
    assert.equal(unsampled[1], first[1], 'a tick that could not sample changes no series');
    f.tick(tickOfA(4));
    await metrics.settled();
    const next = await metrics.gzip();
    assert.notEqual(next[1], first[1]);
    // One series' value in a scrape's gzip body.
    const valueIn = (gzip: readonly Buffer[], name: string, labels: Record<string, string>) =>
      valueOf(parseMetrics(gunzipSync(Buffer.concat(gzip)).toString()), name, labels);
    const lagOf = (gzip: readonly Buffer[]) =>
      valueIn(gzip, 'burrow_kafka_consumer_lag_total', group('billing'));
    assert.deepEqual([lagOf(first), lagOf(next)], [240, 220]);
    assert.deepEqual(
      [first, again, unsampled, next].map((gzip) =>
        valueIn(gzip, 'lagwatch_metrics_renderings_total', {}),
      ),
      [1, 1, 1, 2],
      "lagwatch's own count of them, the rendering each scrape shows included",
    );
    const seconds = valueIn(next, 'lagwatch_metrics_rendering_seconds', {});
    assert.ok(seconds !== undefined && seconds >= 0 && seconds < 60, `took ${seconds} s`);
    metrics.close();
  });

  test('the gzip body is one gzip member that decodes to the plain body, byte for byte', async () => {
    const f = fixture();
    const plain = await f.app.inject({ url: '/metrics' });
    const zipped = await f.app.inject({ url: '/metrics', headers: { 'accept-encoding': 'gzip' } });
    const body = zipped.rawPayload;
    const unzipped = gunzipSync(body).toString();
    assert.ok(plain.body.includes('burrow_kafka_consumer_status{'));
    assert.ok(plain.body.includes('lagwatch_ticks_total{'));
    assert.equal(unzipped, plain.body);
    // One member (what curl --compressed reads): header, one deflate stream, trailer.
    assert.equal(inflateRawSync(body.subarray(10, body.length - 8)).toString(), unzipped);
    assert.equal(body.readUInt32LE(body.length - 8), crc32(Buffer.from(unzipped)));
    assert.equal(body.readUInt32LE(body.length - 4), Buffer.byteLength(unzipped));
  });
});

describe('acceptsGzip', () => {
  test('gzip, x-gzip or * with a weight above zero', () => {
    const cases: [string | undefined, boolean][] = [
      [undefined, false],
      ['', false],
      ['gzip', true],
      ['GZIP', true],
      ['deflate, gzip;q=1.0, *;q=0.5', true],
      ['x-gzip', true],
      ['identity', false],
      ['br, deflate', false],
      ['*', true],
      ['gzip;q=0', false],
      ['gzip;q=0, *', false],
      ['*;q=0', false],
    ];
    for (const [header, expected] of cases)
      assert.equal(acceptsGzip(header), expected, String(header));
  });
});
