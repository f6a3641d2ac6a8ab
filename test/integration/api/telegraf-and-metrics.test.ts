// Two clients of Burrow's API against lagwatch on the real stack: Telegraf's inputs.burrow
// (its request sequence per cluster: topic list, topic offsets, consumer list, each
// group's lag; every answer must be 200) and a Prometheus scrape of /metrics, read back
// with a text-format parser, where a deleted group's series are gone on the next scrape.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Admin } from 'kafkajs';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { parseMetrics, series, valueOf } from '../../unit/api/prometheus.js';
import { apiHarness, pathEscape, type ApiHarness } from './harness.js';

const prefix = uniqueName('apitg');
const topics = { a: `${prefix}-ta`, b: `${prefix}-tb` };
const groups = {
  a: [`${prefix}-one`, `${prefix}-two`],
  b: [`${prefix}-three`],
};
const TOKEN = 'metrics-admin';

/** What Telegraf reads of each answer (plugins/inputs/burrow: apiResponse). */
interface TelegrafResponse {
  clusters?: string[];
  consumers?: string[];
  topics?: string[];
  offsets?: number[];
  status?: {
    status: string;
    partition_count: number;
    maxlag: { current_lag: number } | null;
    totallag: number;
    partitions: {
      topic: string;
      partition: number;
      status: string;
      start: { offset: number; timestamp: number; lag: number | null } | null;
      end: { offset: number; timestamp: number; lag: number | null } | null;
      current_lag: number;
    }[];
  };
}

describe("Telegraf's inputs.burrow and a Prometheus scrape", { timeout: 240_000 }, () => {
  const admins: Record<'a' | 'b', Admin> = { a: kafkaFor('a').admin(), b: kafkaFor('b').admin() };
  let h: ApiHarness;

  before(async () => {
    for (const cluster of ['a', 'b'] as const) {
      const kafka = kafkaFor(cluster);
      await admins[cluster].connect();
      await topicWithCounts(kafka, admins[cluster], topics[cluster], [20, 10]);
      const committer = new OffsetCommitter(kafka);
      for (const [i, group] of groups[cluster].entries()) {
        await committer.commit(group, topics[cluster], [15 - i * 5, 10]);
      }
      await committer.disconnect();
    }
    h = await apiHarness(prefix, { adminToken: TOKEN, extraYaml: 'window: { intervals: 2 }\n' });
    await h.tick();
    await h.tick();
  });

  after(async () => {
    await h?.stop();
    for (const cluster of ['a', 'b'] as const) {
      await admins[cluster].deleteGroups(groups[cluster]).catch(() => undefined);
      await admins[cluster].deleteTopics({ topics: [topics[cluster]] }).catch(() => undefined);
      await admins[cluster].disconnect();
    }
  });

  test("Telegraf's request sequence, end to end, per cluster", async () => {
    const requests: string[] = [];
    const getResponse = async (path: string): Promise<TelegrafResponse> => {
      requests.push(path);
      const r = await fetch(`${h.api.url}${path}`);
      assert.equal(r.status, 200, `Telegraf treats anything but 200 as an error: ${path}`);
      return (await r.json()) as TelegrafResponse;
    };
    const prefixPath = '/v3/kafka';
    const points: {
      measurement: string;
      tags: Record<string, string>;
      fields: Record<string, unknown>;
    }[] = [];

    const root = await getResponse(prefixPath);
    for (const cluster of root.clusters ?? []) {
      // gatherTopics: the topic list, then each topic's offsets (burrow_topic).
      const topicList = await getResponse(`${prefixPath}/${pathEscape(cluster)}/topic`);
      // As with topics_include = ["<prefix>*"]: the stack's other topics are not ours.
      for (const t of (topicList.topics ?? []).filter((x) => x.startsWith(prefix))) {
        const detail = await getResponse(
          `${prefixPath}/${pathEscape(cluster)}/topic/${pathEscape(t)}`,
        );
        (detail.offsets ?? []).forEach((offset, i) =>
          points.push({
            measurement: 'burrow_topic',
            tags: { cluster, topic: t, partition: String(i) },
            fields: { offset },
          }),
        );
      }
      // gatherGroups: the consumer list, then each group's /lag (burrow_group, burrow_partition).
      const consumerList = await getResponse(`${prefixPath}/${pathEscape(cluster)}/consumer`);
      for (const group of consumerList.consumers ?? []) {
        const lag = await getResponse(
          `${prefixPath}/${pathEscape(cluster)}/consumer/${pathEscape(group)}/lag`,
        );
        const s = lag.status!;
        points.push({
          measurement: 'burrow_group',
          tags: { cluster, group },
          fields: {
            status: s.status,
            partition_count: s.partition_count || s.partitions.length,
            total_lag: s.totallag,
            lag: s.maxlag?.current_lag ?? 0,
          },
        });
        for (const p of s.partitions) {
          points.push({
            measurement: 'burrow_partition',
            tags: { cluster, group, topic: p.topic, partition: String(p.partition) },
            fields: { status: p.status, lag: p.current_lag, offset: p.end?.offset ?? 0 },
          });
        }
      }
    }
    assert.deepEqual(root.clusters, ['a', 'b']);
    assert.ok(requests.includes(`/v3/kafka/a/topic/${topics.a}`));
    assert.ok(requests.includes(`/v3/kafka/b/consumer/${groups.b[0]}/lag`));

    // Every point equals the snapshot of the same tick.
    for (const cluster of ['a', 'b'] as const) {
      const { snapshot } = h.last(cluster);
      const topicPoints = points.filter(
        (p) => p.measurement === 'burrow_topic' && p.tags.cluster === cluster,
      );
      assert.deepEqual(
        topicPoints.map((p) => [p.tags.topic, p.tags.partition, p.fields.offset]),
        snapshot.offsets
          .filter((o) => o.topic === topics[cluster])
          .map((o) => [o.topic, String(o.partition), o.logEndOffset]),
      );
      for (const group of snapshot.groups) {
        const gp = points.find(
          (p) =>
            p.measurement === 'burrow_group' &&
            p.tags.cluster === cluster &&
            p.tags.group === group.group,
        );
        assert.equal(gp?.fields.total_lag, group.totalLag, group.group);
        assert.equal(gp?.fields.partition_count, group.partitions.length);
        for (const part of group.partitions) {
          const pp = points.find(
            (p) =>
              p.measurement === 'burrow_partition' &&
              p.tags.group === group.group &&
              p.tags.partition === String(part.partition),
          );
          assert.equal(pp?.fields.lag, part.lag);
          assert.equal(pp?.fields.offset, part.committedOffset);
        }
      }
    }
    assert.deepEqual(
      points
        .filter((p) => p.measurement === 'burrow_group')
        .map((p) => [p.tags.cluster, p.tags.group, p.fields.total_lag]),
      [
        ['a', groups.a[0], 5],
        ['a', groups.a[1], 10],
        ['b', groups.b[0], 5],
      ],
    );
  });

  test("/metrics parses, carries Burrow's and lagwatch's series, and drops a deleted group's", async () => {
    const scrape = async () => {
      const r = await fetch(`${h.api.url}/metrics`);
      assert.equal(r.status, 200);
      return parseMetrics(await r.text());
    };
    const m = await scrape();
    for (const [cluster, group, lag] of [
      ['a', groups.a[0]!, 5],
      ['a', groups.a[1]!, 10],
      ['b', groups.b[0]!, 5],
    ] as const) {
      const labels = { cluster, consumer_group: group };
      assert.equal(valueOf(m, 'burrow_kafka_consumer_lag_total', labels), lag);
      assert.equal(valueOf(m, 'burrow_kafka_consumer_status', labels), 3, 'no members: ERR');
      assert.equal(
        valueOf(m, 'burrow_kafka_consumer_partition_lag', {
          ...labels,
          topic: topics[cluster],
          partition: '1',
        }),
        0,
      );
      assert.equal(
        valueOf(m, 'burrow_kafka_consumer_current_offset', {
          ...labels,
          topic: topics[cluster],
          partition: '1',
        }),
        10,
        'the window is complete after two ticks',
      );
      assert.equal(
        valueOf(m, 'burrow_kafka_topic_partition_status', {
          ...labels,
          topic: topics[cluster],
          partition: '0',
        }),
        4,
        'STOP',
      );
      assert.equal(valueOf(m, 'lagwatch_consumer_members', labels), 0);
    }
    assert.equal(
      valueOf(m, 'burrow_kafka_topic_partition_offset', {
        cluster: 'a',
        topic: topics.a,
        partition: '0',
      }),
      20,
    );
    assert.equal(valueOf(m, 'lagwatch_cluster_up', { cluster: 'b' }), 1);
    assert.equal(valueOf(m, 'lagwatch_ticks_total', { cluster: 'a' }), 2);
    assert.ok((valueOf(m, 'lagwatch_tick_duration_seconds', { cluster: 'a' }) ?? 0) > 0);

    const deleted = groups.a[0]!;
    const r = await fetch(`${h.api.url}/v3/kafka/a/consumer/${pathEscape(deleted)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(r.status, 200);
    const next = await scrape();
    for (const [name, family] of next) {
      for (const s of family.metrics) {
        assert.notEqual(s.labels?.consumer_group, deleted, `${name} still has the deleted group`);
      }
    }
    assert.ok(
      series(next, 'burrow_kafka_consumer_lag_total').some(
        ([l]) => l.consumer_group === groups.a[1],
      ),
    );
  });
});
