// The Elasticsearch sink against the real node: the template installed at start, every
// document of three ticks read back and equal to the report, deterministic ids (a replay
// adds nothing), a bulk answer without errors as the sink reads it, a mapping conflict
// rejecting one document while the rest lands,
// data-stream mode, and clear errors at start.
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { after, describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { documentId, partitionDocumentId } from '../../../sinks/elasticsearch/document-id.js';
import { NO_ERRORS_PREFIX } from '../../../sinks/elasticsearch/bulk-answer-serializer.js';
import { FILTER_PATH } from '../../../sinks/elasticsearch/bulk-transport.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { uniqueName } from '../../helpers/names.js';
import { buildReport, variedReport } from '../../helpers/reports.js';
import { captureLogger } from '../../unit/sinks/helpers/logger.js';
import { elasticsearchConfig, fastRetry } from '../../unit/sinks/helpers/sink-config.js';
import { allDocuments, esClient, removePrefix } from './es-helpers.js';
import { expectedDocuments, keyOfSource } from './expected.js';
import { closedPort, env } from './helpers.js';

const t0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const ticks = (cluster: string): EvaluationReport[] =>
  [0, 1, 2].map((tick) => variedReport(cluster, t0 + tick * 30_000, tick));

/**
 * Data streams cannot be deleted on the test node (it has no _data_stream API): the
 * data-stream test uses one fixed name, so at most one is ever left behind.
 */
const DATA_STREAM = 'lagwatch-itest-datastream';

describe('Elasticsearch sink', { timeout: 120_000 }, () => {
  const client = esClient();
  const prefixes: string[] = [];
  const newPrefix = (): string => {
    const prefix = uniqueName('lw-it');
    prefixes.push(prefix);
    return prefix;
  };
  after(async () => {
    for (const prefix of prefixes) await removePrefix(client, prefix);
    await client.close();
  });

  test('setupOnStart installs the template; every document reads back equal to the report', async () => {
    const prefix = newPrefix();
    const sink = new ElasticsearchSink(
      elasticsearchConfig({
        nodes: [env.elasticsearchUrl],
        indexPrefix: prefix,
        setupOnStart: true,
      }),
      {},
      captureLogger().logger,
    );
    assert.deepEqual(await sink.start(10_000), { kind: 'ok' });
    const reports = ticks('prod-eu');
    for (const report of reports) sink.write(report);
    assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });

    const expected = new Map(reports.flatMap((r) => [...expectedDocuments(r)]));
    const hits = await allDocuments(client, prefix); // through the alias
    assert.equal(hits.length, expected.size);
    for (const hit of hits) {
      const key = keyOfSource(hit.source);
      assert.deepEqual(hit.source, expected.get(key), key);
      assert.equal(hit.index, `${prefix}-2026.11.26`);
      const [dataset, cluster, group, topic, partition, takenAt] = JSON.parse(key) as [
        string,
        string,
        string | null,
        string | null,
        number | null,
        number,
      ];
      const id =
        dataset === 'lagwatch.cluster'
          ? documentId(['cluster', cluster, takenAt])
          : dataset === 'lagwatch.group'
            ? documentId(['group', cluster, group!, takenAt])
            : partitionDocumentId(cluster, group!, topic!, partition!, takenAt);
      assert.equal(hit.id, id);
    }

    // The mapping is the template's: explicit types, strict.
    const mapping = await client.indices.getMapping({ index: `${prefix}-2026.11.26` });
    const m = mapping[`${prefix}-2026.11.26`]!.mappings;
    assert.equal(m.dynamic, 'strict');
    const kafka = m.properties?.kafka as {
      properties: Record<string, { properties: Record<string, { type?: string }> }>;
    };
    assert.equal(kafka.properties.consumergroup?.properties.id?.type, 'keyword');
    assert.equal(kafka.properties.consumergroup?.properties.consumer_lag?.type, 'long');
    assert.equal(sink.health().delivered, expected.size);
    await sink.close(1000);
  });

  test('sending a report again adds no document (deterministic ids)', async () => {
    const prefix = newPrefix();
    const sink = new ElasticsearchSink(
      elasticsearchConfig({
        nodes: [env.elasticsearchUrl],
        indexPrefix: prefix,
        setupOnStart: true,
      }),
      {},
      captureLogger().logger,
    );
    await sink.start(10_000);
    const report = variedReport('a', t0);
    sink.write(report);
    await sink.flush(10_000);
    sink.write(report);
    await sink.flush(10_000);
    assert.equal((await allDocuments(client, prefix)).length, expectedDocuments(report).size);
    await sink.close(1000);
  });

  test('a bulk answer without errors begins as the sink reads it without its items', async () => {
    // bulk-answer-serializer.ts skips an answer's items when it begins so: Elasticsearch
    // writes `errors` first. Read raw here, as the node sends it.
    const prefix = newPrefix();
    const index = `${prefix}-raw`;
    const lines = [0, 1, 2].flatMap((i) => [{ index: { _index: index } }, { n: i }]);
    const answer = await client.transport.request(
      {
        method: 'POST',
        path: '/_bulk',
        querystring: { filter_path: FILTER_PATH },
        bulkBody: lines,
      },
      { asStream: true },
    );
    const body = await text(answer as NodeJS.ReadableStream);
    assert.ok(body.startsWith(NO_ERRORS_PREFIX), body.slice(0, 200));
    const parsed = JSON.parse(body) as { errors: boolean; items: unknown[] };
    assert.equal(parsed.errors, false);
    assert.equal(parsed.items.length, 3);
  });

  test('a mapping conflict rejects that document (counted, logged with the reason); the rest lands', async () => {
    const prefix = newPrefix();
    const log = captureLogger();
    const sink = new ElasticsearchSink(
      elasticsearchConfig({
        nodes: [env.elasticsearchUrl],
        indexPrefix: prefix,
        setupOnStart: true,
        retry: fastRetry,
      }),
      {},
      log.logger,
    );
    await sink.start(10_000);
    // kafka.partition.id is an integer: 3,000,000,000 does not fit. The partition is not
    // the group's max-lag one, so only its own document carries the number.
    const report = buildReport('a', t0, [
      {
        group: 'g',
        partitions: [
          { topic: 't', partition: 0, committed: [1, 2, 3], logEnd: 500 },
          { topic: 't', partition: 3_000_000_000, committed: [1, 2, 3], logEnd: 4 },
          { topic: 't', partition: 1, committed: [1, 2, 3], logEnd: 5 },
        ],
      },
      { group: 'h', partitions: [{ topic: 'u', partition: 0, committed: [7, 8, 9] }] },
    ]);
    sink.write(report);
    await sink.flush(10_000);
    const health = sink.health();
    assert.equal(health.rejected, 1);
    assert.equal(health.delivered, 6, '2 groups, 3 of 4 partitions, the cluster');
    const hits = await allDocuments(client, prefix);
    const expected = expectedDocuments(report);
    assert.equal(hits.length, expected.size - 1);
    for (const hit of hits) assert.deepEqual(hit.source, expected.get(keyOfSource(hit.source)));
    const rejected = log.lines().filter((l) => l.msg === 'item rejected by the server');
    assert.equal(rejected.length, 1);
    assert.match(String(rejected[0]?.reason), /kafka\.partition\.id.*out of range/s);
    await sink.close(1000);
  });

  test('data-stream mode: documents go to the data stream with create; a replay is a 409, counted as there', async () => {
    const cluster = uniqueName('ds');
    const sink = new ElasticsearchSink(
      elasticsearchConfig({
        nodes: [env.elasticsearchUrl],
        indexPrefix: DATA_STREAM,
        indexMode: 'data-stream',
        setupOnStart: true,
      }),
      {},
      captureLogger().logger,
    );
    assert.deepEqual(await sink.start(10_000), { kind: 'ok' });
    const report = variedReport(cluster, Date.now());
    sink.write(report);
    assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });
    sink.write(report);
    assert.deepEqual(await sink.flush(10_000), { kind: 'ok' });
    const expected = expectedDocuments(report);
    assert.equal(sink.health().rejected, 0);
    assert.equal(sink.health().delivered, 2 * expected.size);
    const hits = await allDocuments(client, DATA_STREAM, { term: { 'lagwatch.cluster': cluster } });
    assert.equal(hits.length, expected.size);
    for (const hit of hits) {
      assert.match(hit.index, new RegExp(`^\\.ds-${DATA_STREAM}-`));
      assert.deepEqual(hit.source, expected.get(keyOfSource(hit.source)));
    }
    await sink.close(1000);
  });

  test('start without the template (and no setupOnStart) says to run lagwatch setup', async () => {
    const prefix = newPrefix();
    const sink = new ElasticsearchSink(
      elasticsearchConfig({ name: 'es', nodes: [env.elasticsearchUrl], indexPrefix: prefix }),
      {},
      captureLogger().logger,
    );
    const outcome = await sink.start(10_000);
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(
      outcome.error,
      new RegExp(
        `^sink es: index template "${prefix}" is not installed: run \`lagwatch setup elasticsearch\``,
      ),
    );
    assert.deepEqual(await sink.check(10_000), outcome);
    await sink.close(10);
  });

  test('start against a node that is not there is retryable, naming the sink', async () => {
    const port = await closedPort();
    const sink = new ElasticsearchSink(
      elasticsearchConfig({ name: 'es', nodes: [`http://127.0.0.1:${port}`] }),
      {},
      captureLogger().logger,
    );
    const outcome = await sink.start(5000);
    assert.equal(outcome.kind, 'retryable');
    assert.ok(outcome.kind === 'retryable');
    assert.match(outcome.error, /^sink es: .*ECONNREFUSED/);
    await sink.close(10);
  });
});
