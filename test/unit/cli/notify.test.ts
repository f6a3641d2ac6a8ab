// `lagwatch notify test NAME`, in-process with a local receiver: delivered (exit 0), refused
// (exit 1, saying why), no such notifier (exit 2, naming the ones there are).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { runNotifyTest } from '../../../src/cli/notify.js';

const dir = mkdtempSync(join(tmpdir(), 'lagwatch-notify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bodies: Record<string, unknown>[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8').on('data', (c: string) => (body += c));
  request.on('end', () => {
    if (request.url === '/refuse') {
      response.writeHead(400).end('no such channel');
      return;
    }
    bodies.push(JSON.parse(body) as Record<string, unknown>);
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const config = join(dir, 'lagwatch.yaml');
writeFileSync(
  config,
  `clusters: [{name: local, brokers: ['127.0.0.1:9092']}]
notifiers:
  - {name: ops, type: webhook, url: '${base}/hook'}
  - {name: bad, type: webhook, url: '${base}/refuse'}
`,
);

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env: {} }, out: () => out, err: () => err };
}

describe('lagwatch notify test', () => {
  test('delivers one test notification: exit 0', async () => {
    const run = io();
    assert.equal(await runNotifyTest('ops', { config }, run.io), 0);
    assert.match(run.out(), /notifier ops \(webhook\): test notification delivered/);
    assert.equal(bodies.length, 1);
    assert.equal(bodies[0]?.kind, 'test');
    assert.equal(bodies[0]?.notifier, 'ops');
  });

  test('a receiver that refuses: exit 1, saying why', async () => {
    const run = io();
    assert.equal(await runNotifyTest('bad', { config }, run.io), 1);
    assert.match(run.err(), /not delivered: HTTP 400: no such channel/);
  });

  test('no such notifier: exit 2, naming the ones there are', async () => {
    const run = io();
    assert.equal(await runNotifyTest('nope', { config }, run.io), 2);
    assert.match(run.err(), /no notifier named "nope" \(the config has: ops, bad\)/);
  });
});
