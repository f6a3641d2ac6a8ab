// /metrics' gzip body: one gzip member of the rendered text and the scrape's text, that
// zlib reads as one stream and whose trailer checks both texts (curl --compressed reads
// only a single member).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32, gunzipSync, inflateRawSync } from 'node:zlib';
import { DeflateSink, gzipMember } from '../../../src/api/metrics-gzip.js';

async function openDeflateOf(chunks: readonly string[]) {
  const sink = new DeflateSink();
  for (const chunk of chunks) await sink.write(Buffer.from(chunk));
  return sink.end();
}

describe('gzipMember', () => {
  test('one gzip member that decodes to the rendered text then the fresh text', async () => {
    const head = [
      '# HELP a_metric one\n# TYPE a_metric gauge\n',
      'a_metric{group="b"} 1\n'.repeat(20_000),
      'a_metric{group="é"} 2\n\n',
    ];
    const tail = '# HELP fresh two\n# TYPE fresh counter\nfresh 7\n';
    const expected = `${head.join('')}${tail}`;
    const body = Buffer.concat(await gzipMember(await openDeflateOf(head), Buffer.from(tail)));

    assert.equal(gunzipSync(body).toString(), expected);
    // A single member: header, one deflate stream to its last block, then the trailer.
    assert.deepEqual([...body.subarray(0, 3)], [0x1f, 0x8b, 8]);
    const deflated = body.subarray(10, body.length - 8);
    assert.equal(inflateRawSync(deflated).toString(), expected);
    assert.equal(body.readUInt32LE(body.length - 8), crc32(Buffer.from(expected)));
    assert.equal(body.readUInt32LE(body.length - 4), Buffer.byteLength(expected));
  });

  test('the same rendered text with another fresh text each time', async () => {
    const head = await openDeflateOf(['kept 1\n']);
    for (const tail of ['fresh 1\n', '', 'fresh 3\n'.repeat(1000)]) {
      const body = Buffer.concat(await gzipMember(head, Buffer.from(tail)));
      assert.equal(gunzipSync(body).toString(), `kept 1\n${tail}`);
    }
  });

  test('the rendered text alone stays open: no last block until the fresh text', async () => {
    const head = await openDeflateOf(['kept 1\n']);
    assert.throws(() => inflateRawSync(head.deflate), /unexpected end of file/);
  });

  test("the rendered text's CRC-32 and length are zlib's, for large, small and empty texts", async () => {
    const large = Array.from({ length: 40 }, (_, i) => `m{g="${i}é"} ${i}\n`.repeat(10_000));
    for (const chunks of [large, ['kept 1\n'], []]) {
      const head = await openDeflateOf(chunks);
      const text = Buffer.from(chunks.join(''));
      assert.equal(head.crc, crc32(text));
      assert.equal(head.textBytes, text.length);
      const body = Buffer.concat(await gzipMember(head, Buffer.from('fresh 1\n')));
      assert.equal(gunzipSync(body).toString(), `${chunks.join('')}fresh 1\n`);
    }
  });
});
