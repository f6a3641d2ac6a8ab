// The API over TLS (certificate and key from files, made here with openssl) and the
// optional read token, over a real TLS socket: reads need the read token (or the admin
// token) and get 401 without it; the probes stay open; writes still need the admin token.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { ReadGuard } from '../../../src/api/read-token.js';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import type { ApiConfig } from '../../../src/config/index.js';
import { issueAt, issuesOf, minimalYaml, scratchDir, writeFile } from '../config/helpers.js';
import { runCli } from '../../helpers/cli.js';
import { ADMIN_TOKEN, apiOptionsOf, fixture, testConfig } from './fixtures.js';

const READ_TOKEN = 'r3ad-only-token';

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
function makeCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'api-cert.pem');
  const keyFile = join(dir, 'api-key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=lagwatch-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(
  url: string,
  ca: string | undefined,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(ca === undefined ? {} : { ca }) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the API over TLS with a read token', () => {
  const dir = scratchDir();
  const { certFile, keyFile } = makeCertificate(dir);
  const ca = execFileSync('cat', [certFile], { encoding: 'utf8' });
  let api: RunningApi;
  before(async () => {
    const f = fixture({
      config: testConfig(
        `{ listen: '127.0.0.1:0', requestTimeoutMs: 2000, tls: { certFile: '${certFile}', keyFile: '${keyFile}' } }`,
      ),
    });
    api = await startApi(apiOptionsOf(f, { reader: new ReadGuard(READ_TOKEN) }));
  });
  after(() => api.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  test('listens with HTTPS on the certificate from the files', async () => {
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get(`${api.url}/healthz`, ca);
    assert.equal(r.status, 200);
    // A client that does not trust the certificate is refused: it is real TLS.
    await assert.rejects(get(`${api.url}/healthz`, undefined), /self[- ]signed/i);
    // Plain HTTP on the TLS port gets no HTTP answer.
    await assert.rejects(fetch(api.url.replace('https:', 'http:') + '/healthz'));
  });

  test('reads without the read token: 401 with WWW-Authenticate, JSON body', async () => {
    for (const path of [
      '/v3/kafka',
      '/v3/kafka/a/consumer',
      '/metrics',
      '/v3/config',
      '/v3/admin/loglevel',
      '/nope',
    ]) {
      for (const headers of [{}, bearer('wrong'), { authorization: READ_TOKEN }]) {
        const r = await get(`${api.url}${path}`, ca, headers);
        assert.equal(r.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.equal(r.headers['www-authenticate'], 'Bearer realm="lagwatch"');
        const body = JSON.parse(r.body) as { error: boolean; message: string };
        assert.equal(body.error, true);
        assert.ok(!r.body.includes(READ_TOKEN));
      }
    }
  });

  test('reads with the read token or the admin token: answered', async () => {
    for (const token of [READ_TOKEN, ADMIN_TOKEN]) {
      const r = await get(`${api.url}/v3/kafka`, ca, bearer(token));
      assert.equal(r.status, 200, token);
      assert.deepEqual((JSON.parse(r.body) as { clusters: string[] }).clusters, ['a', 'b']);
      assert.equal((await get(`${api.url}/metrics`, ca, bearer(token))).status, 200);
    }
  });

  test('the probes answer without a token', async () => {
    for (const path of ['/healthz', '/readyz', '/burrow/admin', '/burrow/admin/ready']) {
      const r = await get(`${api.url}${path}`, ca);
      assert.notEqual(r.status, 401, path);
    }
  });

  test('writes still need the admin token: the read token gets 403', async () => {
    const url = `${api.url}/v3/kafka/a/consumer/billing`;
    assert.equal((await get(url, ca, bearer(READ_TOKEN), 'DELETE')).status, 403);
    assert.equal((await get(url, ca, bearer(ADMIN_TOKEN), 'DELETE')).status, 200);
  });
});

describe('api.tls and the read token in the config', () => {
  test('tls needs readable cert and key files', () => {
    const dir = scratchDir();
    const cert = writeFile(dir, 'cert.pem', 'x');
    const { issues } = issuesOf(
      `${minimalYaml}api: { tls: { certFile: '${cert}', keyFile: '${join(dir, 'missing.pem')}' } }\n`,
    );
    assert.equal(issueAt(issues, 'api.tls.keyFile').expected, 'a readable file');
    assert.equal(
      issuesOf(`${minimalYaml}api: { tls: { certFile: '${cert}' } }\n`).issues.length,
      1,
    );
  });

  test('readTokenEnv and readTokenFile: one at most; read at start, never shown', () => {
    const { issues } = issuesOf(`${minimalYaml}api: { readTokenEnv: T, readTokenFile: /t }\n`);
    assert.equal(
      issueAt(issues, 'api.readTokenFile').expected,
      'only one of readTokenEnv and readTokenFile',
    );
    const api = { readTokenEnv: 'LW_READ' } as unknown as ApiConfig;
    assert.equal(
      ReadGuard.fromConfig(api, { LW_READ: 'tok' }).allows('Bearer tok', new AdminGuard(null)),
      true,
    );
    assert.equal(
      ReadGuard.fromConfig(api, { LW_READ: 'tok' }).allows('Bearer no', new AdminGuard(null)),
      false,
    );
    assert.throws(
      () => ReadGuard.fromConfig(api, {}),
      (e: Error & { code?: string }) =>
        e.code === 'LAGWATCH_SECRET_UNAVAILABLE' && /api read token/.test(e.message),
    );
    const file = writeFile(scratchDir(), 'read-token', 'from-file\n');
    const fromFile = ReadGuard.fromConfig({ readTokenFile: file } as unknown as ApiConfig, {});
    assert.equal(fromFile.configured, true);
    assert.equal(
      ReadGuard.fromConfig({} as ApiConfig, {}).allows(undefined, new AdminGuard(null)),
      true,
    );
  });
});

describe('lagwatch run with a read token it cannot read', () => {
  test('exits 2 naming the api read token, never starting', async () => {
    const file = writeFile(
      scratchDir(),
      'run.yaml',
      `${minimalYaml}sinks: []\napi: { listen: '127.0.0.1:0', readTokenEnv: LAGWATCH_TEST_UNSET_READ_TOKEN }\n`,
    );
    const { code, stderr } = await runCli(['run', '--config', file]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /api read token: .*LAGWATCH_TEST_UNSET_READ_TOKEN/);
  });
});
