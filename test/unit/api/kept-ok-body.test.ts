// A kept success body (src/api/envelope.ts) is built once per change of its JSON or of the
// request it answers, and is then the very same bytes for every request: what it sends must
// always be the envelope of this request and this JSON. (The routes' own tests check the
// bodies byte for byte through fastify; this one sees which Buffer each request was given.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyReply } from 'fastify';
import { KeptOkBody } from '../../../src/api/envelope.js';

const HOST = 'lagwatch-1';

/** The part of a fastify reply the body uses, recording what was sent. */
function replyTo(url: string): { reply: FastifyReply; sent: { code?: number; body?: Buffer } } {
  const sent: { code?: number; body?: Buffer } = {};
  const reply = {
    request: { url },
    code(code: number) {
      sent.code = code;
      return reply;
    },
    type() {
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
  return sent.body!;
}

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
});
