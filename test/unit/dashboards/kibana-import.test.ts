// `lagwatch setup kibana` against a tiny local stand-in for Kibana's saved-objects import
// API (Kibana itself cannot run here): the stub records each request and answers as Kibana
// does, and the tests check method, path, query, headers and the multipart body, then
// what the command makes of Kibana's answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import {
  bundledSavedObjectsPath,
  registerSetupKibana,
  runSetupKibana,
} from '../../../src/cli/setup-kibana.js';
import type { SetupKibanaOptions } from '../../../src/cli/setup-kibana.js';

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

type Answer = { status: number; body: unknown };

/** A Kibana stand-in answering with the queued answers in turn (the last one repeats). */
class KibanaStub {
  readonly requests: Recorded[] = [];
  answers: Answer[] = [];
  readonly #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A local port nothing listens on (found free, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(options: SetupKibanaOptions, env: NodeJS.ProcessEnv = {}) {
  const stdout = capture();
  const stderr = capture();
  const code = await runSetupKibana(options, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The multipart body parsed by the platform's own parser (undici's Request.formData). */
async function multipart(r: Recorded): Promise<FormData> {
  return new Request('http://stub/', {
    method: 'POST',
    headers: { 'content-type': String(r.headers['content-type']) },
    body: r.body,
  }).formData();
}

const ndjson = readFileSync(bundledSavedObjectsPath(), 'utf8');
const objectCount = ndjson.split('\n').filter((l) => l.trim() !== '').length;
const ok: Answer = { status: 200, body: { success: true, successCount: objectCount } };

describe('lagwatch setup kibana (import through the saved-objects API)', () => {
  const stub = new KibanaStub();
  let url = '';
  before(async () => {
    url = await stub.listen();
  });
  after(() => stub.close());

  test('one POST to /api/saved_objects/_import?overwrite=true, kbn-xsrf, multipart "file"', async () => {
    stub.answers = [ok];
    const before = stub.requests.length;
    const result = await run({ url });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `^imported ${objectCount} saved objects from .*lagwatch\\.ndjson into Kibana at ${url}\\n$`,
      ),
    );
    assert.equal(stub.requests.length, before + 1);
    const r = stub.requests.at(-1)!;
    assert.equal(r.method, 'POST');
    const target = new URL(r.url, url);
    assert.equal(target.pathname, '/api/saved_objects/_import');
    assert.equal(target.searchParams.get('overwrite'), 'true');
    assert.equal(r.headers['kbn-xsrf'], 'true');
    assert.equal(r.headers.authorization, undefined);
    assert.match(String(r.headers['content-type']), /^multipart\/form-data; boundary=\S+$/);
    const form = await multipart(r);
    assert.deepEqual([...form.keys()], ['file']);
    const file = form.get('file') as File;
    assert.equal(file.name, 'lagwatch.ndjson');
    assert.equal(await file.text(), ndjson);
    // The raw part header, as Kibana's multipart reader sees it.
    assert.match(
      r.body.toString('utf8'),
      /Content-Disposition: form-data; name="file"; filename="lagwatch\.ndjson"\r\n/,
    );
  });

  test('a space goes in the path; an API key or a user from the environment as Authorization', async () => {
    stub.answers = [ok];
    assert.equal(
      (await run({ url: `${url}/`, space: 'ops' }, { LAGWATCH_KIBANA_API_KEY: 'k3y' })).code,
      0,
    );
    let r = stub.requests.at(-1)!;
    assert.equal(new URL(r.url, url).pathname, '/s/ops/api/saved_objects/_import');
    assert.equal(r.headers.authorization, 'ApiKey k3y');
    const env = { LAGWATCH_KIBANA_USERNAME: 'elastic', LAGWATCH_KIBANA_PASSWORD: 'pw' };
    assert.equal((await run({ url }, env)).code, 0);
    r = stub.requests.at(-1)!;
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('elastic:pw').toString('base64')}`);
  });

  test("objects Kibana refuses are listed with Kibana's reason; exit 1", async () => {
    stub.answers = [
      {
        status: 200,
        body: {
          success: false,
          successCount: objectCount - 1,
          errors: [
            {
              id: 'lagwatch-messages-lost',
              type: 'lens',
              title: 'lagwatch: messages lost to retention',
              error: {
                type: 'missing_references',
                references: [{ type: 'index-pattern', id: 'x' }],
              },
            },
          ],
        },
      },
    ];
    const result = await run({ url });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /imported \d+ saved objects and refused 1:/);
    assert.match(
      result.stderr,
      /lens lagwatch-messages-lost \("lagwatch: messages lost to retention"\): missing_references \[\{"type":"index-pattern","id":"x"\}\]/,
    );
  });

  test('a Kibana still starting (503) is retried within --wait-ms; without it, exit 1 at once', async () => {
    const starting: Answer = { status: 503, body: { message: 'Kibana server is not ready yet' } };
    stub.answers = [starting, starting, ok];
    let before = stub.requests.length;
    const waited = await run({ url, waitMs: 5000, retryDelayMs: 20 });
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(stub.requests.length - before, 3);

    stub.answers = [starting];
    before = stub.requests.length;
    const once = await run({ url });
    assert.equal(once.code, 1);
    assert.equal(stub.requests.length - before, 1);
    assert.match(once.stderr, /HTTP 503: .*not ready yet/);
  });

  test('a refusal that will not change (400, 401) is not retried', async () => {
    stub.answers = [{ status: 401, body: { message: 'unauthorized' } }];
    const before = stub.requests.length;
    const result = await run({ url, waitMs: 5000, retryDelayMs: 20 });
    assert.equal(result.code, 1);
    assert.equal(stub.requests.length - before, 1);
    assert.match(result.stderr, /HTTP 401/);
  });

  test('nothing listening: exit 1 naming the address', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const result = await run({ url: dead, waitMs: 100, retryDelayMs: 20 });
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Kibana at ${dead}: no answer \\(ECONNREFUSED\\)`));
  });

  test('a wrong URL or an unreadable file: exit 2, no request', async () => {
    const before = stub.requests.length;
    assert.equal((await run({ url: 'kibana:5601' })).code, 2);
    assert.equal((await run({ url: 'not a url' })).code, 2);
    const missing = await run({ url, file: '/nonexistent/objects.ndjson' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\/objects\.ndjson/);
    assert.equal(stub.requests.length, before);
  });
});

describe('registerSetupKibana', () => {
  test('adds `kibana` under an existing `setup`, or creates `setup`', () => {
    const withSetup = new Command();
    withSetup.command('setup').command('elasticsearch');
    registerSetupKibana(withSetup);
    const setup = withSetup.commands.find((c) => c.name() === 'setup');
    assert.deepEqual(
      setup?.commands.map((c) => c.name()),
      ['elasticsearch', 'kibana'],
    );
    const bare = new Command();
    registerSetupKibana(bare);
    const kibana = bare.commands[0]?.commands[0];
    assert.equal(kibana?.name(), 'kibana');
    assert.deepEqual(
      kibana?.options.map((o) => o.long),
      ['--url', '--file', '--space', '--wait-ms'],
    );
  });
});
