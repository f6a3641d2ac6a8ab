// A kept success body (src/api/envelope.ts) is built once per change of its JSON or of the
// request it answers, and is then the very same bytes for every request: what it sends must
// always be the envelope of this request and this JSON. (The routes' own tests check the
// bodies byte for byte through fastify; this one sees which Buffer each request was given.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { GZIP_MIN_BYTES } from '../../../src/api/accept-encoding.js';
import { KeptOkBody } from '../../../src/api/envelope.js';

const HOST = 'lagwatch-1';

/** The part of a fastify reply the body uses, recording what was sent. */
interface Sent {
  code?: number;
  body?: Buffer;
  headers: Record<string, string>;
}

function replyTo(url: string, acceptEncoding?: string): { reply: FastifyReply; sent: Sent } {
  const sent: Sent = { headers: {} };
  const reply = {
    request: {
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    },
    code(code: number) {
      sent.code = code;
      return reply;
    },
    type() {
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: Buffer) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

function send(kept: KeptOkBody, url: string, json: string, host = HOST): Buffer {
  const { reply, sent } = replyTo(url);
  kept.send(reply, host, json);
  assert.equal(sent.code, 200);
  assert.equal(sent.headers['content-encoding'], undefined);
  return sent.body!;
}

/** Sends with the request's Accept-Encoding; what was sent, and its headers. */
function sendAccepting(kept: KeptOkBody, url: string, json: string, acceptEncoding: string): Sent {
  const { reply, sent } = replyTo(url, acceptEncoding);
  kept.send(reply, HOST, json);
  assert.equal(sent.code, 200);
  assert.equal(sent.headers.vary, 'accept-encoding');
  return sent;
}

/** A list whose body is past GZIP_MIN_BYTES. */
const longList = (tag: string): string[] =>
  Array.from({ length: 200 }, (_, i) => `group-${tag}-${i}`);

const envelope = (url: string, list: unknown, host = HOST): string =>
  `{"error":false,"message":"consumer list returned","consumers":${JSON.stringify(list)},` +
  `"request":${JSON.stringify({ url, host })}}`;

describe('a kept success body', () => {
  test('is the same bytes for each request while the JSON and the request are the same', () => {
    const kept = new KeptOkBody('consumer list returned', 'consumers');
    const json = JSON.stringify(['a', 'b']);
    const first = send(kept, '/v3/kafka/c/consumer', json);
    assert.equal(first.toString(), envelope('/v3/kafka/c/consumer', ['a', 'b']));
    assert.equal(send(kept, '/v3/kafka/c/consumer?x=1', json), first, 'the same Buffer');
  });

  test('is built again for new JSON, another path or another host', () => {
    const kept = new KeptOkBody('consumer list returned', 'consumers');
    const json = JSON.stringify(['a']);
    const first = send(kept, '/v3/kafka/c/consumer', json);
    // An equal list in a new string: the same bytes, kept.
    assert.equal(
      send(kept, '/v3/kafka/c/consumer', JSON.stringify(['a'])).toString(),
      first.toString(),
    );
    const changed = send(kept, '/v3/kafka/c/consumer', JSON.stringify(['a', 'z']));
    assert.equal(changed.toString(), envelope('/v3/kafka/c/consumer', ['a', 'z']));
    const otherPath = send(kept, '/v3/kafka/c/consumer/', JSON.stringify(['a', 'z']));
    assert.equal(otherPath.toString(), envelope('/v3/kafka/c/consumer', ['a', 'z']));
    const encoded = send(kept, '/v3/kafka/c%2Fd/consumer', JSON.stringify(['a', 'z']));
    assert.equal(encoded.toString(), envelope('/v3/kafka/c/d/consumer', ['a', 'z']));
    const otherHost = send(kept, '/v3/kafka/c/consumer', JSON.stringify(['a', 'z']), 'other');
    assert.equal(otherHost.toString(), envelope('/v3/kafka/c/consumer', ['a', 'z'], 'other'));
  });

  test('is gzipped, once per change, for a client that accepts gzip', () => {
    const kept = new KeptOkBody('consumer list returned', 'consumers');
    const url = '/v3/kafka/c/consumer';
    const list = longList('a');
    const json = JSON.stringify(list);
    const gzipped = sendAccepting(kept, url, json, 'gzip, deflate');
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzipped.body!).toString(), envelope(url, list));
    assert.ok(gzipped.body!.length < envelope(url, list).length / 3, 'it is smaller');
    // While nothing changed: the very same gzip Buffer, and the plain bytes to others.
    assert.equal(sendAccepting(kept, url, json, 'gzip').body, gzipped.body);
    assert.equal(send(kept, url, json).toString(), envelope(url, list));
    const refused = sendAccepting(kept, url, json, 'gzip;q=0, identity');
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.body!.toString(), envelope(url, list));
    // Changed JSON, then another host: a new gzip of the new body each time.
    const changedList = longList('b');
    const changed = sendAccepting(kept, url, JSON.stringify(changedList), '*');
    assert.equal(gunzipSync(changed.body!).toString(), envelope(url, changedList));
    const { reply, sent } = replyTo(url, 'gzip');
    kept.send(reply, 'other', JSON.stringify(changedList));
    assert.equal(gunzipSync(sent.body!).toString(), envelope(url, changedList, 'other'));
  });

  test('is sent as it is below GZIP_MIN_BYTES, whatever the client accepts', () => {
    const kept = new KeptOkBody('consumer list returned', 'consumers');
    const url = '/v3/kafka/c/consumer';
    const body = sendAccepting(kept, url, JSON.stringify(['a']), 'gzip');
    assert.equal(body.headers['content-encoding'], undefined);
    assert.equal(body.body!.toString(), envelope(url, ['a']));
    assert.ok(body.body!.length < GZIP_MIN_BYTES);
  });
});
