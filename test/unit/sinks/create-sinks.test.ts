import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { checkSinks, createSinkFanout, createSinks } from '../../../sinks/create-sinks.js';
import { ElasticsearchSink } from '../../../sinks/elasticsearch/elasticsearch-sink.js';
import { InfluxDbSink } from '../../../sinks/influxdb/influxdb-sink.js';
import { StdoutSink } from '../../../sinks/stdout/stdout-sink.js';
import { variedReport } from '../../helpers/reports.js';
import { captureLogger } from './helpers/logger.js';
import { sinkConfig } from './helpers/sink-config.js';

/** A local HTTP endpoint that answers 204 and remembers each request's headers. */
let server: Server;
let url = '';
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createSinks', () => {
  test('one sink per config entry, of the configured kind and name', async () => {
    const sinks = createSinks(
      [
        sinkConfig({ type: 'stdout' }),
        sinkConfig({ type: 'influxdb', name: 'tsdb', api: 'v1', url, database: 'lag' }),
        sinkConfig({ type: 'elasticsearch', nodes: [url] }),
      ],
      { logger: captureLogger().logger },
    );
    assert.deepEqual(
      sinks.map((s) => [s.name, s.constructor]),
      [
        ['stdout', StdoutSink],
        ['tsdb', InfluxDbSink],
        ['elasticsearch', ElasticsearchSink],
      ],
    );
    for (const sink of sinks) await sink.close(10);
  });

  test('API v1: the password comes from the environment variable the config names', async () => {
    const log = captureLogger();
    const [sink] = createSinks(
      [
        sinkConfig({
          type: 'influxdb',
          api: 'v1',
          url,
          database: 'lag',
          username: 'lw',
          passwordEnv: 'LW_TEST_PW',
        }),
      ],
      { logger: log.logger, env: { LW_TEST_PW: 's3cret-v1' } },
    );
    assert.ok(sink);
    sink.write(variedReport('a', Date.UTC(2026, 10, 26)));
    assert.deepEqual(await sink.flush(2000), { kind: 'ok' });
    const write = seen.findLast((r) => r.path.startsWith('/write'));
    assert.equal(
      write?.headers.authorization,
      `Basic ${Buffer.from('lw:s3cret-v1').toString('base64')}`,
    );
    assert.match(write?.path ?? '', /db=lag&precision=ms/);
    await sink.close(10);
    assert.equal(log.text().includes('s3cret'), false, 'the secret is never logged');
  });

  test('API v2: the token is sent as InfluxDB expects it', async () => {
    const [sink] = createSinks(
      [
        sinkConfig({
          type: 'influxdb',
          api: 'v2',
          url,
          org: 'o',
          bucket: 'b',
          tokenEnv: 'LW_TEST_TOKEN',
        }),
      ],
      { logger: captureLogger().logger, env: { LW_TEST_TOKEN: 'tok-123' } },
    );
    assert.ok(sink);
    sink.write(variedReport('a', Date.UTC(2026, 10, 26)));
    assert.deepEqual(await sink.flush(2000), { kind: 'ok' });
    const write = seen.findLast((r) => r.path.startsWith('/api/v2/write'));
    assert.equal(write?.headers.authorization, 'Token tok-123');
    assert.equal(write?.path, '/api/v2/write?org=o&bucket=b&precision=ms');
    await sink.close(10);
  });

  test('a secret that cannot be read stops creation, naming the sink and where, not the value', () => {
    assert.throws(
      () =>
        createSinks(
          [
            sinkConfig({
              type: 'influxdb',
              name: 'tsdb',
              api: 'v2',
              url,
              org: 'o',
              bucket: 'b',
              tokenEnv: 'LW_UNSET_TOKEN',
            }),
          ],
          { logger: captureLogger().logger, env: {} },
        ),
      (error: unknown) =>
        error instanceof LagwatchError &&
        error.code === ErrorCode.SECRET_UNAVAILABLE &&
        /sink tsdb: .*LW_UNSET_TOKEN/.test(error.message),
    );
  });

  test('the fan-out over the configured sinks', async () => {
    const fanout = createSinkFanout([sinkConfig({ type: 'stdout', name: 'out' })], {
      logger: captureLogger().logger,
      stdout: new (await import('node:stream')).PassThrough(),
    });
    fanout.write(variedReport('a', 0));
    assert.equal(fanout.health()[0]?.delivered, 1);
    await fanout.close(10);
  });

  test('checkSinks: every sink checked, an unreadable secret reported as that sink failing', async () => {
    const outcomes = await checkSinks(
      [
        sinkConfig({ type: 'stdout' }),
        sinkConfig({
          type: 'influxdb',
          name: 'ok',
          api: 'v1',
          url,
          database: 'lag',
          spool: { dir: '/proc/no-spool-here' },
        }),
        sinkConfig({
          type: 'influxdb',
          name: 'no-token',
          api: 'v2',
          url,
          org: 'o',
          bucket: 'b',
          tokenEnv: 'LW_UNSET',
        }),
      ],
      { logger: captureLogger().logger, env: {} },
      2000,
    );
    assert.deepEqual(
      outcomes.map((o) => [o.sink, o.outcome.kind]),
      [
        ['stdout', 'ok'],
        ['ok', 'ok'],
        ['no-token', 'failed'],
      ],
    );
    const failed = outcomes[2]?.outcome;
    assert.ok(failed?.kind === 'failed');
    assert.equal(failed.code, ErrorCode.SECRET_UNAVAILABLE);
    assert.match(failed.error, /sink no-token: .*LW_UNSET/);
  });
});
