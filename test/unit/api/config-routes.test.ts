// /v3/config and its sub-paths: Burrow's shapes key by key, lagwatch's values in them,
// secrets never shown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAIN_CONFIG,
  MAIN_CONFIG_EXTRAS,
  MODULE_LIST,
  checkEnvelope,
  checkMainConfig,
  checkModule,
  type ModuleKind,
} from './burrow-shapes.js';
import { ADMIN_TOKEN, fixture } from './fixtures.js';

type Body = Record<string, unknown>;

describe('GET /v3/config...', () => {
  const f = fixture();
  const get = async (url: string) => {
    const r = await f.app.inject({ url });
    return { code: r.statusCode, body: r.json<Body>(), text: r.body };
  };

  test("main config: Burrow's sections, lagwatch's values, the whole config under `lagwatch`", async () => {
    const { code, body } = await get('/v3/config');
    assert.equal(code, 200);
    checkEnvelope(
      'main config',
      body,
      MAIN_CONFIG,
      { error: false, message: 'main config returned', url: '/v3/config' },
      MAIN_CONFIG_EXTRAS,
    );
    checkMainConfig(body);
    assert.deepEqual((body.httpserver as Body).default, {
      address: '127.0.0.1:0',
      tls: '',
      timeout: 10,
    });
    assert.equal((body.logging as Body).level, 'info');
    const lagwatch = body.lagwatch as { window: Body; api: Body };
    assert.equal(lagwatch.window.intervals, 4);
    assert.equal(lagwatch.api.adminTokenEnv, 'LAGWATCH_ADMIN_TOKEN', 'references are names');
  });

  const kinds: [ModuleKind, string[], string][] = [
    ['storage', ['default'], 'default'],
    ['evaluator', ['default'], 'default'],
    ['cluster', ['a', 'b'], 'b'],
    ['consumer', ['a', 'b'], 'a'],
    ['notifier', ['influx'], 'influx'],
  ];
  for (const [kind, modules, name] of kinds) {
    test(`${kind}: the module list and a module's detail`, async () => {
      const list = await get(`/v3/config/${kind}`);
      assert.equal(list.code, 200);
      checkEnvelope(`${kind} list`, list.body, MODULE_LIST, {
        error: false,
        message: 'module list returned',
        url: `/v3/config/${kind}`,
      });
      assert.equal(list.body.coordinator, kind);
      assert.deepEqual(list.body.modules, modules);

      const detail = await get(`/v3/config/${kind}/${name}`);
      assert.equal(detail.code, 200);
      checkEnvelope(
        `${kind} detail`,
        detail.body,
        { module: ['object'] },
        {
          error: false,
          message: `${kind} module detail returned`,
          url: `/v3/config/${kind}/${name}`,
        },
      );
      checkModule(kind, detail.body.module);

      const missing = await get(`/v3/config/${kind}/nope`);
      assert.equal(missing.code, 404);
      checkEnvelope(
        `${kind} missing`,
        missing.body,
        {},
        {
          error: true,
          message: `${kind} module not found`,
          url: `/v3/config/${kind}/nope`,
        },
      );
    });
  }

  test('values: the window store as storage, the evaluator, client profiles, filters', async () => {
    const storage = (await get('/v3/config/storage/default')).body.module as Body;
    assert.equal(storage.intervals, 4);
    assert.equal(storage['expire-group'], 7 * 24 * 3600);
    const cluster = (await get('/v3/config/cluster/b')).body.module as Body;
    assert.deepEqual(cluster['client-profile'], {
      name: 'b',
      'client-id': 'lagwatch',
      'kafka-version': '',
      tls: { name: 'b', noverify: true, certfile: '', keyfile: '', cafile: '' },
      sasl: { name: 'b', 'handshake-first': true, username: 'watcher' },
    });
    assert.deepEqual(
      (await get('/v3/config/cluster/b')).body.module,
      (await get('/v3/kafka/b')).body.module,
      'the same handler as /v3/kafka/(cluster)',
    );
    const consumer = (await get('/v3/config/consumer/a')).body.module as Body;
    assert.equal(consumer['group-allowlist'], '(?:^b)|(?:^s)');
    assert.equal(consumer['group-denylist'], '^skip');
    assert.equal(consumer.cluster, 'a');
  });

  test('no secret value ever appears, only the names of where secrets are', async () => {
    for (const url of [
      '/v3/config',
      '/v3/config/cluster/b',
      '/v3/config/consumer/b',
      '/v3/config/notifier/influx',
    ]) {
      const { text } = await get(url);
      assert.ok(!text.includes(ADMIN_TOKEN), url);
      assert.doesNotMatch(text, /"(password|token|apiKey)"\s*:/i, url);
    }
  });

  test('an unknown coordinator is an unknown path', async () => {
    const r = await f.app.inject({ url: '/v3/config/zookeeper' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { error: true, message: 'invalid request type', result: {} });
  });
});
