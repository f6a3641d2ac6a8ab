// The composition root against client doubles and in-memory sinks: what it wires (every
// report to the sinks and the read model, Burrow's DELETE through the API to the store),
// what it returns instead of exiting (a sink refusing lagwatch, an unreadable SASL
// password or admin token, a port in use), and that stop lets go of everything.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { buildApp, type App, type AppDeps } from '../../../src/app/app.js';
import { parseConfig, type Config } from '../../../src/config/index.js';
import { loadLibrary } from '../../../src/contract/library.js';
import { MemorySink, SinkFanout, failedOutcome } from '../../../sinks/index.js';
import { fakeClients, silent, twoClusterConfig } from './helpers.js';

function built(config: Config, deps: Partial<AppDeps> = {}): App {
  const result = buildApp(config, { logger: silent, env: {}, ...deps });
  assert.equal(result.kind, 'built', JSON.stringify(result));
  return (result as { app: App }).app;
}

describe('buildApp', () => {
  test('reports reach the sinks and the read model; the API DELETEs through the store owner; stop ends it all', async () => {
    const { clientFor, clients } = fakeClients();
    const sink = new MemorySink('memory');
    const app = built(twoClusterConfig("api: {listen: '127.0.0.1:0', adminTokenEnv: ADMIN}\n"), {
      env: { ADMIN: 'let-me' },
      clientFor,
      sinksFor: (_config, logger) => new SinkFanout([sink], logger),
    });
    const started = await app.start();
    assert.equal(started.kind, 'started');
    const url = (started as { apiUrl: string }).apiUrl;
    await app.tickAll();
    assert.ok(sink.reports.some((r) => r.cluster === 'a' && r.available));
    assert.ok(sink.reports.some((r) => r.cluster === 'b' && r.available));
    assert.deepEqual(app.latest.cluster('a')?.groupNames(), ['billing']);

    const consumers = async (): Promise<unknown> =>
      ((await (await fetch(`${url}/v3/kafka/a/consumer`)).json()) as { consumers: unknown })
        .consumers;
    assert.deepEqual(await consumers(), ['billing']);
    const deleted = await fetch(`${url}/v3/kafka/a/consumer/billing`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer let-me' },
    });
    assert.equal(deleted.status, 200);
    assert.deepEqual(await consumers(), []);
    assert.equal(app.service.store.window('a', 'billing'), null, 'the store forgot it too');
    assert.notEqual(app.service.store.window('b', 'billing'), null);

    await app.stop();
    await assert.rejects(fetch(`${url}/healthz`), 'the API is closed');
    assert.equal(clients.get('a')?.disconnects, 1);
    assert.equal(clients.get('b')?.disconnects, 1);
    assert.equal(sink.closed, true);
  });

  test('a sink that refuses lagwatch: reported as such, nothing left running', async () => {
    const { clientFor, clients } = fakeClients();
    const refusing = new MemorySink('influx', {
      outcome: failedOutcome('influx: 401 unauthorized'),
    });
    const fine = new MemorySink('es');
    const app = built(twoClusterConfig(), {
      clientFor,
      sinksFor: (_config, logger) => new SinkFanout([refusing, fine], logger),
    });
    const started = await app.start();
    assert.deepEqual(started, {
      kind: 'sinks-misconfigured',
      sinks: [{ sink: 'influx', error: 'influx: 401 unauthorized' }],
    });
    assert.equal(clients.get('a')?.listings, 0, 'no tick ran');
    assert.equal(clients.get('a')?.disconnects, 1);
    assert.equal(fine.closed, true);
  });

  test('the API cannot listen: reported with api.listen, nothing left running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { clientFor, clients } = fakeClients();
      const sink = new MemorySink('memory');
      const app = built(twoClusterConfig(`api: {listen: '127.0.0.1:${port}'}\n`), {
        clientFor,
        sinksFor: (_config, logger) => new SinkFanout([sink], logger),
      });
      const started = await app.start();
      assert.equal(started.kind, 'api-failed');
      assert.equal((started as { listen: string }).listen, `127.0.0.1:${port}`);
      assert.match((started as { error: string }).error, /EADDRINUSE/);
      assert.equal(clients.get('b')?.disconnects, 1);
      assert.equal(sink.closed, true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('a SASL password that cannot be read is a config issue naming its key; nothing is built', () => {
    const { clientFor, clients } = fakeClients();
    const config = parseConfig(
      'clusters:\n  - {name: a, brokers: ["127.0.0.1:1"]}\n' +
        '  - {name: b, brokers: ["127.0.0.1:2"], sasl: {mechanism: plain, username: lw, passwordEnv: B_PASS}}\n' +
        'sinks: []\n',
      { env: {} },
    );
    const result = buildApp(config, { logger: silent, env: {}, clientFor });
    assert.equal(result.kind, 'config-invalid');
    assert.deepEqual(
      (result as { issues: readonly { path: string; found: string }[] }).issues.map((i) => [
        i.path,
        i.found,
      ]),
      [['clusters[1].sasl.passwordEnv', 'B_PASS not set']],
    );
    assert.equal(clients.size, 0);
  });

  test('an admin token that cannot be read: secret-unavailable naming the API', () => {
    const result = buildApp(twoClusterConfig('api: {adminTokenEnv: NO_TOKEN}\n'), {
      logger: silent,
      env: {},
      clientFor: fakeClients().clientFor,
    });
    assert.equal(result.kind, 'secret-unavailable');
    assert.match((result as { message: string }).message, /api admin token.*NO_TOKEN/);
  });

  test('a library a sink needs that cannot be loaded: library-unavailable, not a secret', () => {
    const result = buildApp(twoClusterConfig(''), {
      logger: silent,
      env: {},
      clientFor: fakeClients().clientFor,
      // What loadLibrary throws when the package is missing (test/unit/contract/library.test.ts).
      sinksFor: () => loadLibrary('lagwatch-no-such-package', 'an elasticsearch sink'),
    });
    assert.equal(result.kind, 'library-unavailable');
    assert.match(
      (result as { message: string }).message,
      /an elasticsearch sink needs the package lagwatch-no-such-package/,
    );
  });
});
