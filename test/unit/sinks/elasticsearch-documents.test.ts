import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodeBulkItem,
  encodeBulkItem,
  reportBulkItems,
} from '../../../sinks/elasticsearch/bulk-item.js';
import { documentId, partitionDocumentId } from '../../../sinks/elasticsearch/document-id.js';
import { reportDocuments } from '../../../sinks/elasticsearch/documents.js';
import type { Document } from '../../../sinks/elasticsearch/documents.js';
import { bulkAction, dailyIndex, targetIndex } from '../../../sinks/elasticsearch/index-mode.js';
import { LAGWATCH_MAPPINGS } from '../../../sinks/elasticsearch/mappings.js';
import { buildReport, largeReport, variedReport } from '../../helpers/reports.js';

const at = Date.UTC(2026, 10, 26, 9, 0, 0);
const report = buildReport('prod', at, [
  {
    group: 'billing',
    type: 'classic',
    partitions: [
      {
        topic: 'orders',
        partition: 1,
        committed: [50, 60, 70],
        logEnd: 75,
        logStart: 20,
        owner: '/10.0.0.2',
        clientId: 'c-2',
        timeLagMs: 1500,
        catchUpMs: 250,
        messagesLost: 3,
      },
    ],
  },
]);

describe('Elasticsearch documents', () => {
  test('a group document: Metricbeat names where the meaning is the same, lagwatch.* for the rest', () => {
    const [group] = reportDocuments(report);
    assert.deepEqual(group?.doc, {
      '@timestamp': '2026-11-26T09:00:00.000Z',
      event: { dataset: 'lagwatch.group', module: 'lagwatch', kind: 'metric' },
      kafka: { consumergroup: { id: 'billing' } },
      lagwatch: {
        cluster: 'prod',
        status: 'OK',
        status_code: 1,
        complete: 0,
        partition_count: 1,
        members: 1,
        state: 'Stable',
        group_type: 'classic',
        lag: { total: 5, max: 5, max_seconds: 1.5, max_topic: 'orders', max_partition: 1 },
      },
    });
  });

  test('a partition document', () => {
    const [, partition] = reportDocuments(report);
    assert.deepEqual(partition?.doc, {
      '@timestamp': '2026-11-26T09:00:00.000Z',
      event: { dataset: 'lagwatch.partition', module: 'lagwatch', kind: 'metric' },
      kafka: {
        consumergroup: {
          id: 'billing',
          consumer_lag: 5,
          offset: 70,
          client: { host: '/10.0.0.2', id: 'c-2' },
        },
        topic: { name: 'orders' },
        partition: { id: 1, offset: { newest: 75, oldest: 20 } },
      },
      lagwatch: {
        cluster: 'prod',
        status: 'OK',
        status_code: 1,
        reason: 'LAG_DECREASING',
        reason_text: 'OK: offset moving and lag fell from 25 to 15 at sample 2 of 3',
        reason_detail: { code: 'LAG_DECREASING', fromLag: 25, toLag: 15, at: 2, count: 3 },
        complete: 0.6,
        messages_lost: 3,
        lag: { seconds: 1.5, catch_up_seconds: 0.25 },
        group: { status: 'OK' },
        window: {
          start: { offset: 50, timestamp: at - 60_000, lag: 25 },
          end: { offset: 70, timestamp: at, lag: 5 },
        },
      },
    });
  });

  test("a cluster document: lagwatch's health for the tick, last, also for an unreachable cluster", () => {
    const documents = reportDocuments(report);
    assert.deepEqual(documents.at(-1), {
      key: ['cluster', 'prod', at],
      doc: {
        '@timestamp': '2026-11-26T09:00:00.000Z',
        event: { dataset: 'lagwatch.cluster', module: 'lagwatch', kind: 'metric' },
        lagwatch: {
          cluster: 'prod',
          available: 1,
          tick_duration_ms: 12,
          group_count: 1,
          partition_count: 1,
          lag: { max: 5 },
        },
      },
    });
    const down = {
      ...report,
      available: false,
      fault: { code: 'CLUSTER_UNAVAILABLE' as const, message: 'no broker answered' },
      groups: [],
      offsets: [],
      maxLag: 0,
    };
    assert.deepEqual(reportDocuments(down), [
      {
        key: ['cluster', 'prod', at],
        doc: {
          '@timestamp': '2026-11-26T09:00:00.000Z',
          event: { dataset: 'lagwatch.cluster', module: 'lagwatch', kind: 'metric' },
          lagwatch: {
            cluster: 'prod',
            available: 0,
            fault_code: 'CLUSTER_UNAVAILABLE',
            tick_duration_ms: 12,
            group_count: 0,
            partition_count: 0,
            lag: { max: 0 },
          },
        },
      },
    ]);
  });

  test('unknown values are left out, never null', () => {
    for (const { doc } of reportDocuments(variedReport('a', at))) {
      assert.equal(JSON.stringify(doc).includes('null'), false, JSON.stringify(doc));
    }
  });

  test('every field a document can have is in the explicit mapping (nothing is guessed)', () => {
    type Mapping = { properties?: Record<string, Mapping>; type?: string; enabled?: boolean };
    const check = (doc: Document, mapping: Mapping, path: string): void => {
      for (const [key, value] of Object.entries(doc)) {
        const field = mapping.properties?.[key];
        assert.ok(field !== undefined, `${path}${key} is not mapped`);
        if (field.enabled === false) continue;
        if (value !== null && typeof value === 'object')
          check(value as Document, field, `${path}${key}.`);
        else assert.ok(field.type !== undefined, `${path}${key} is an object in the mapping`);
      }
    };
    for (let tick = 0; tick < 2; tick++) {
      for (const { doc } of reportDocuments(variedReport('a', at, tick)))
        check(doc, LAGWATCH_MAPPINGS, '');
    }
  });
});

describe('document ids', () => {
  test('deterministic: the same evaluation always gets the same id', () => {
    const again = buildReport('prod', at, [
      {
        group: 'billing',
        partitions: [{ topic: 'orders', partition: 1, committed: [50, 60, 70], logEnd: 75 }],
      },
    ]);
    assert.deepEqual(
      reportBulkItems(report, 'daily', 'lw').map((i) => decodeBulkItem(i).id),
      reportBulkItems(again, 'daily', 'lw').map((i) => decodeBulkItem(i).id),
    );
  });

  test('distinct for every kind, cluster, group, topic, partition and time', () => {
    const keys: (string | number)[][] = [
      ['group', 'a', 'g', at],
      ['group', 'b', 'g', at],
      ['group', 'a', 'h', at],
      ['group', 'a', 'g', at + 1],
      ['partition', 'a', 'g', 't', 0, at],
      ['partition', 'a', 'g', 't', 1, at],
      ['partition', 'a', 'g', 'u', 0, at],
      // names that would collide if joined with a separator
      ['partition', 'a', 'g/t', '0', 0, at],
      ['partition', 'a', 'g', 't/0', 0, at],
    ];
    const ids = keys.map(documentId);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{32}$/);
  });

  test("a partition's id: its topic's hash, shared by the topic's partitions, and its number", () => {
    const partitions: [string, string, string, number, number][] = [
      ['a', 'g', 't', 0, at],
      ['a', 'g', 't', 1, at],
      ['a', 'g', 't', 10, at],
      ['a', 'g', 'u', 0, at],
      ['b', 'g', 't', 0, at],
      ['a', 'h', 't', 0, at],
      ['a', 'g', 't', 0, at + 1],
      // names that would collide if joined with a separator
      ['a', 'g/t', '0', 0, at],
      ['a', 'g', 't/0', 0, at],
      ['a', 'g', 't-1', 1, at],
    ];
    const ids = partitions.map((k) => partitionDocumentId(...k));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{32}-\d+$/);
    assert.equal(
      ids[0]!.slice(0, 32),
      ids[1]!.slice(0, 32),
      "one topic's partitions share the hash",
    );
    assert.equal(ids[2], `${documentId(['partition', 'a', 'g', 't', at])}-10`);
    // What the byte writer writes is what the function gives, for groups of one topic and
    // groups whose topics alternate (a topic seen again after another is hashed again).
    const mixed = buildReport('c', at, [
      {
        group: 'mixed',
        partitions: ['t', 't', 'u', 't'].map((topic, partition) => ({
          topic,
          partition,
          committed: [1, 2],
          logEnd: 5,
        })),
      },
    ]);
    for (const r of [largeReport('c', at, 3, 4), variedReport('v', at), mixed]) {
      const written = reportBulkItems(r, 'daily', 'lw')
        .map((i) => decodeBulkItem(i).id)
        .filter((id) => id.length > 32);
      const want = r.groups.flatMap((g) =>
        g.partitions.map((p) => partitionDocumentId(g.cluster, g.group, p.topic, p.partition, at)),
      );
      assert.deepEqual(written, want, r.cluster);
    }
  });
});

describe('where documents go', () => {
  test('daily mode: one index per UTC day under the prefix', () => {
    assert.equal(dailyIndex('lagwatch', Date.UTC(2026, 0, 5, 23, 59)), 'lagwatch-2026.01.05');
    assert.equal(targetIndex('daily', 'lw', at), 'lw-2026.11.26');
  });

  test('data-stream mode: the data stream named by the prefix, written with create', () => {
    assert.equal(targetIndex('data-stream', 'lw', at), 'lw');
    assert.equal(bulkAction('data-stream', 'lw', 'abc'), '{"create":{"_index":"lw","_id":"abc"}}');
    assert.equal(
      bulkAction('daily', 'lw-2026.11.26', 'abc'),
      '{"index":{"_index":"lw-2026.11.26","_id":"abc"}}',
    );
  });

  test('a bulk item is one line and round-trips', () => {
    const item = { index: 'lw-2026.11.26', id: 'abc_-1', source: JSON.stringify({ a: 'x y\nz' }) };
    const line = encodeBulkItem(item);
    assert.equal(line.includes('\n'), false);
    assert.deepEqual(decodeBulkItem(line), item);
  });

  test('every item of a report names its index and id', () => {
    const items = reportBulkItems(report, 'daily', 'lw').map(decodeBulkItem);
    assert.equal(items.length, 3, 'group, partition, cluster');
    for (const item of items) {
      assert.equal(item.index, 'lw-2026.11.26');
      assert.equal(typeof JSON.parse(item.source), 'object');
    }
  });
});
