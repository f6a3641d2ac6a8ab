// Burrow's HTTP API on the real stack: after three ticks of a real service, every endpoint
// answers over HTTP with Burrow's shapes (checked key by key against the reference) and
// numbers equal to the snapshot of the same tick and to `lagwatch once --json`.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Admin } from 'kafkajs';
import type { GroupLag } from '../../../src/contract/snapshot.js';
import { runCli } from '../../helpers/cli.js';
import { OffsetCommitter } from '../../helpers/commit-offsets.js';
import { groupAt, kafkaFor, topicWithCounts } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';
import {
  MAIN_CONFIG,
  MAIN_CONFIG_EXTRAS,
  MODULE_LIST,
  STRING_LIST,
  checkConsumerTopics,
  checkEnvelope,
  checkGroupStatus,
  checkMainConfig,
  checkModule,
  type ModuleKind,
} from '../../unit/api/burrow-shapes.js';
import { apiHarness, pathEscape, type ApiHarness } from './harness.js';

type Body = Record<string, unknown>;

const prefix = uniqueName('api');
const topic = `${prefix}-t`;
const topicB = `${prefix}-tb`;
const produced = [12, 3, 0];
const g = {
  stopped: `${prefix}-stopped`, // commits [5, 3] then leaves: Empty with lag, ERR
  live: `${prefix}-live`, // a live member owns p0..p2, commits [10, 3]
  slash: `${prefix}-x/y`, // no members, commits [12, 1, 0]
  remote: `${prefix}-remote`, // cluster b
};
const INTERVALS = 3;

describe('Burrow HTTP API on the real stack', { timeout: 240_000 }, () => {
  const kafkaA = kafkaFor('a');
  const kafkaB = kafkaFor('b');
  const adminA: Admin = kafkaA.admin();
  const adminB: Admin = kafkaB.admin();
  const leave: (() => Promise<void>)[] = [];
  let h: ApiHarness;

  before(async () => {
    await Promise.all([adminA.connect(), adminB.connect()]);
    await topicWithCounts(kafkaA, adminA, topic, produced);
    await topicWithCounts(kafkaB, adminB, topicB, [4]);
    await (await groupAt(kafkaA, topic, g.stopped, [5, 3, 0])).leave();
    const live = await groupAt(kafkaA, topic, g.live, [10, 3, 0]);
    leave.push(live.leave);
    const committerA = new OffsetCommitter(kafkaA);
    await committerA.commit(g.slash, topic, [12, 1, 0]);
    await committerA.disconnect();
    const committerB = new OffsetCommitter(kafkaB);
    await committerB.commit(g.remote, topicB, [1]);
    await committerB.disconnect();
    h = await apiHarness(prefix, {
      adminToken: 'integration-admin',
      extraYaml: `window: { intervals: ${INTERVALS} }\n`,
    });
    for (let i = 0; i < INTERVALS; i++) await h.tick();
  });

  after(async () => {
    await Promise.all(leave.map((l) => l()));
    await h?.stop();
    await adminA.deleteGroups([g.stopped, g.live, g.slash]).catch(() => undefined);
    await adminB.deleteGroups([g.remote]).catch(() => undefined);
    await adminA.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await adminB.deleteTopics({ topics: [topicB] }).catch(() => undefined);
    await Promise.all([adminA.disconnect(), adminB.disconnect()]);
  });

  const groupLag = (cluster: string, group: string): GroupLag => {
    const found = h.last(cluster).snapshot.groups.find((x) => x.group === group);
    assert.ok(found, `${group} sampled on ${cluster}`);
    return found;
  };

  test('clusters, cluster detail, topics and topic offsets equal the tick', async () => {
    const clusters = await h.get('/v3/kafka');
    assert.equal(clusters.status, 200);
    checkEnvelope('clusters', clusters.body, STRING_LIST('clusters'), {
      error: false,
      message: 'cluster list returned',
      url: '/v3/kafka',
    });
    assert.deepEqual((clusters.body as Body).clusters, ['a', 'b']);

    const detail = await h.get('/v3/kafka/a');
    checkEnvelope(
      'cluster',
      detail.body,
      { module: ['object'] },
      {
        error: false,
        message: 'cluster module detail returned',
        url: '/v3/kafka/a',
      },
    );
    const module = checkModule('cluster', (detail.body as Body).module);
    assert.deepEqual(module.servers, stackEnv().kafkaClusters.a!.brokers);

    const topics = await h.get('/v3/kafka/a/topic');
    checkEnvelope('topics', topics.body, STRING_LIST('topics'), {
      error: false,
      message: 'topic list returned',
      url: '/v3/kafka/a/topic',
    });
    const expected = [...new Set(h.last('a').snapshot.offsets.map((o) => o.topic))].sort();
    assert.deepEqual((topics.body as Body).topics, expected);
    assert.ok(expected.includes(topic));

    const offsets = await h.get(`/v3/kafka/a/topic/${topic}`);
    checkEnvelope('topic', offsets.body, STRING_LIST('offsets'), {
      error: false,
      message: 'topic offsets returned',
      url: `/v3/kafka/a/topic/${topic}`,
    });
    assert.deepEqual((offsets.body as Body).offsets, produced);
    assert.deepEqual(
      (offsets.body as Body).offsets,
      h
        .last('a')
        .snapshot.offsets.filter((o) => o.topic === topic)
        .map((o) => o.logEndOffset),
    );
  });

  test('consumer lists, consumers of a topic', async () => {
    const list = await h.get('/v3/kafka/a/consumer');
    checkEnvelope('consumers', list.body, STRING_LIST('consumers'), {
      error: false,
      message: 'consumer list returned',
      url: '/v3/kafka/a/consumer',
    });
    assert.deepEqual((list.body as Body).consumers, [g.live, g.stopped, g.slash]);
    assert.deepEqual(
      (list.body as Body).consumers,
      h.last('a').snapshot.groups.map((x) => x.group),
    );
    const ofTopic = await h.get(`/v3/kafka/a/topic/${topic}/consumers`);
    checkEnvelope('topic consumers', ofTopic.body, STRING_LIST('consumers'), {
      error: false,
      message: 'consumers of topic returned',
      url: `/v3/kafka/a/topic/${topic}/consumers`,
    });
    assert.deepEqual((ofTopic.body as Body).consumers, [g.live, g.stopped, g.slash]);
    assert.deepEqual(((await h.get('/v3/kafka/b/consumer')).body as Body).consumers, [g.remote]);
  });

  test('consumer detail: a ring per partition, owners, current-lag, as the ticks saw them', async () => {
    for (const group of [g.live, g.stopped, g.slash]) {
      const url = `/v3/kafka/a/consumer/${pathEscape(group)}`;
      const r = await h.get(url);
      assert.equal(r.status, 200, url);
      const body = checkEnvelope(
        group,
        r.body,
        { topics: ['object'] },
        {
          error: false,
          message: 'consumer detail returned',
          url: `/v3/kafka/a/consumer/${group}`,
        },
      );
      checkConsumerTopics('topics', body.topics, INTERVALS);
      const partitions = (body.topics as Record<string, Body[]>)[topic]!;
      assert.equal(partitions.length, produced.length, 'index = partition id');
      for (const p of groupLag('a', group).partitions) {
        const entry = partitions[p.partition]!;
        assert.equal(entry['current-lag'], p.lag ?? 0, `${group}/${p.partition}`);
        assert.equal(entry.owner, p.host ?? '');
        assert.equal(entry.client_id, p.clientId ?? '');
        const ring = entry.offsets as (Body | null)[];
        if (p.committedOffset === null) assert.deepEqual(ring, []);
        else {
          assert.equal(ring.length, INTERVALS);
          assert.ok(ring.every((o) => o !== null && o.offset === p.committedOffset));
          assert.equal(ring.at(-1)!.timestamp, h.last('a').snapshot.takenAt);
        }
      }
    }
    const live = (await h.get(`/v3/kafka/a/consumer/${g.live}`)).body as {
      topics: Record<string, Body[]>;
    };
    assert.match(live.topics[topic]![0]!.owner as string, /\d/, 'a live member owns p0');
  });

  test("/status and /lag: Burrow's keys, the tick's numbers, NOTFOUND as 404", async () => {
    for (const group of [g.live, g.stopped, g.slash]) {
      const sampled = groupLag('a', group);
      const judged = h.last('a').report.groups.find((x) => x.group === group)!;
      for (const view of ['lag', 'status'] as const) {
        const url = `/v3/kafka/a/consumer/${pathEscape(group)}/${view}`;
        const r = await h.get(url);
        assert.equal(r.status, 200, url);
        checkEnvelope(
          url,
          r.body,
          { status: ['object'] },
          {
            error: false,
            message: 'consumer status returned',
            url: `/v3/kafka/a/consumer/${group}/${view}`,
          },
        );
        const s = checkGroupStatus('status', (r.body as Body).status);
        assert.equal(s.cluster, 'a');
        assert.equal(s.group, group);
        assert.equal(s.status, judged.status);
        assert.equal(s.totallag, sampled.totalLag);
        assert.equal(s.partition_count, sampled.partitions.length);
        const partitions = s.partitions as Body[];
        if (view === 'lag') {
          assert.deepEqual(
            partitions.map((p) => [
              p.partition,
              p.current_lag,
              (p.end as Body | null)?.offset ?? null,
            ]),
            sampled.partitions.map((p) => [p.partition, p.lag ?? 0, p.committedOffset]),
          );
        } else {
          assert.ok(partitions.every((p) => p.status !== 'OK'));
        }
      }
    }
    const stopped = (await h.get(`/v3/kafka/a/consumer/${g.stopped}/status`)).body as {
      status: Body;
    };
    assert.equal(stopped.status.status, 'ERR', 'no members and lag: STOP, so ERR');
    assert.equal((stopped.status.maxlag as Body).reason, 'GROUP_EMPTY');
    assert.equal(stopped.status.members, 0);

    const ghost = await h.get(`/v3/kafka/a/consumer/${prefix}-ghost/status`);
    assert.equal(ghost.status, 404);
    const s = checkGroupStatus('ghost', (ghost.body as Body).status);
    assert.equal((ghost.body as Body).error, false);
    assert.equal(s.status, 'NOTFOUND');
  });

  test("lagwatch's /v3/kafka/(cluster)/status?status=ERR", async () => {
    const r = await h.get('/v3/kafka/a/status?status=ERR');
    assert.equal(r.status, 200);
    const statuses = (r.body as { statuses: Body[] }).statuses;
    statuses.forEach((s, i) => checkGroupStatus(`statuses[${i}]`, s));
    assert.ok(statuses.some((s) => s.group === g.stopped));
    assert.ok(statuses.every((s) => s.status === 'ERR'));
  });

  test('the numbers equal what `lagwatch once --json` reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagwatch-api-'));
    const file = join(dir, 'lagwatch.yaml');
    const clusters = Object.entries(stackEnv().kafkaClusters)
      .map(
        ([name, c]) =>
          `  - name: ${name}\n    brokers: [${c.brokers.join(', ')}]\n    groups: { allow: ['^${prefix}'] }\n`,
      )
      .join('');
    writeFileSync(file, `clusters:\n${clusters}sinks: []\n`);
    const { code, stdout, stderr } = await runCli(['once', '--config', file, '--json']);
    assert.equal(code, 0, stderr);
    const once = JSON.parse(stdout) as {
      clusters: {
        cluster: string;
        groups: {
          group: string;
          totalLag: number;
          partitions: {
            topic: string;
            partition: number;
            currentOffset: number | null;
            logEndOffset: number | null;
            lag: number | null;
          }[];
        }[];
      }[];
    };
    for (const cluster of once.clusters) {
      for (const group of cluster.groups) {
        const r = await h.get(
          `/v3/kafka/${cluster.cluster}/consumer/${pathEscape(group.group)}/lag`,
        );
        const s = (r.body as { status: Body }).status;
        assert.equal(s.totallag, group.totalLag, group.group);
        assert.deepEqual(
          (s.partitions as Body[]).map((p) => [
            p.topic,
            p.partition,
            (p.end as Body | null)?.offset ?? null,
            p.current_lag,
          ]),
          group.partitions.map((p) => [p.topic, p.partition, p.currentOffset, p.lag ?? 0]),
          group.group,
        );
        const topics = new Set(group.partitions.map((p) => p.topic));
        for (const t of topics) {
          const offsets = ((await h.get(`/v3/kafka/${cluster.cluster}/topic/${t}`)).body as Body)
            .offsets as number[];
          for (const p of group.partitions.filter((x) => x.topic === t)) {
            assert.equal(offsets[p.partition], p.logEndOffset, `${t}/${p.partition}`);
          }
        }
      }
    }
    assert.deepEqual(
      once.clusters.find((c) => c.cluster === 'a')?.groups.map((x) => x.group),
      [g.live, g.stopped, g.slash],
    );
  });

  test('/v3/config and its sub-paths, /v3/admin/loglevel, /burrow/admin', async () => {
    const main = await h.get('/v3/config');
    checkMainConfig(
      checkEnvelope(
        'config',
        main.body,
        MAIN_CONFIG,
        { error: false, message: 'main config returned', url: '/v3/config' },
        MAIN_CONFIG_EXTRAS,
      ),
    );
    const names: Record<ModuleKind, string> = {
      storage: 'default',
      evaluator: 'default',
      cluster: 'a',
      consumer: 'b',
      notifier: '',
    };
    for (const kind of Object.keys(names) as ModuleKind[]) {
      const list = await h.get(`/v3/config/${kind}`);
      checkEnvelope(kind, list.body, MODULE_LIST, {
        error: false,
        message: 'module list returned',
        url: `/v3/config/${kind}`,
      });
      if (names[kind] === '') continue; // the test service has no sinks
      const detail = await h.get(`/v3/config/${kind}/${names[kind]}`);
      checkModule(kind, (detail.body as Body).module);
    }
    const level = await h.get('/v3/admin/loglevel');
    checkEnvelope(
      'loglevel',
      level.body,
      { level: ['string'] },
      {
        error: false,
        message: 'log level returned',
        url: '/v3/admin/loglevel',
      },
    );
    assert.equal((await h.get('/burrow/admin')).text, 'GOOD');
    assert.equal((await h.get('/burrow/admin/ready')).text, 'READY');
    const ready = await h.get('/readyz');
    assert.equal(ready.status, 200, ready.text);
  });

  test('DELETE needs the admin token; then the group is gone until the next tick sees it', async () => {
    const url = `/v3/kafka/a/consumer/${pathEscape(g.slash)}`;
    assert.equal((await h.get(url, { method: 'DELETE' })).status, 403);
    const r = await h.get(url, {
      method: 'DELETE',
      headers: { authorization: 'Bearer integration-admin' },
    });
    assert.equal(r.status, 200);
    checkEnvelope(
      'delete',
      r.body,
      {},
      {
        error: false,
        message: 'consumer group removed',
        url: `/v3/kafka/a/consumer/${g.slash}`,
      },
    );
    assert.equal((await h.get(`${url}/lag`)).status, 404);
    assert.ok(
      !(((await h.get('/v3/kafka/a/consumer')).body as Body).consumers as string[]).includes(
        g.slash,
      ),
    );
    await h.tick();
    const back = await h.get(`${url}/lag`);
    assert.equal(back.status, 200, 'polled again: back, with a fresh window');
    assert.equal(((back.body as { status: Body }).status.partitions as Body[])[0]!.complete, 1 / 3);
  });
});
