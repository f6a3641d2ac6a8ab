// /metrics' text is written into chunks that come back once zlib has compressed them: a
// rendering of many megabytes reuses a few chunks, every byte still arrives as written, and
// a sink that keeps its chunks never has one written over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { MetricsBytes } from '../../../src/api/metrics-bytes.js';
import { CHUNK_BYTES, ChunkPool, KEPT_CHUNKS } from '../../../src/api/metrics-chunk-pool.js';
import { DeflateSink, gzipMember } from '../../../src/api/metrics-gzip.js';

const bytes = (text: string): Uint8Array => Buffer.from(text);
const NAME = bytes('lag');
const CLOSE = bytes('}');

/** Writes `lines` lines, each with its own number, flushing every `perFlush`; returns the text. */
async function writeLines(out: MetricsBytes, lines: number, perFlush: number): Promise<string> {
  const expected: string[] = [];
  for (let i = 0; i < lines; i++) {
    const open = bytes(`{group="g${i % 97}"`);
    const topic = bytes(`,topic="t${i % 13}"`);
    out.line(NAME, open, topic, CLOSE, i);
    expected.push(`lag{group="g${i % 97}",topic="t${i % 13}"} ${i}\n`);
    if (i % perFlush === perFlush - 1) await out.flush();
  }
  await out.flush();
  return expected.join('');
}

describe('ChunkPool', () => {
  test('a rendering of tens of megabytes through zlib fills a few chunks again and again', async () => {
    const pool = new ChunkPool();
    const sink = new DeflateSink();
    const out = new MetricsBytes(sink, pool);
    // About 40 bytes a line: 600,000 lines are about 21 MB, 80 chunks' worth.
    const expected = await writeLines(out, 600_000, 20_000);
    const open = await sink.end();
    const body = Buffer.concat(await gzipMember(open, Buffer.alloc(0)));

    assert.equal(gunzipSync(body).toString(), expected);
    const written = Math.ceil(Buffer.byteLength(expected) / CHUNK_BYTES);
    assert.ok(written >= 60, `${written} chunks written`);
    assert.ok(pool.made <= KEPT_CHUNKS + 2, `${pool.made} chunks made for ${written} written`);

    // The next rendering takes the same chunks: none is made.
    const made = pool.made;
    const again = new DeflateSink();
    const text = await writeLines(new MetricsBytes(again, pool), 50_000, 20_000);
    const body2 = Buffer.concat(await gzipMember(await again.end(), Buffer.alloc(0)));
    assert.equal(gunzipSync(body2).toString(), text);
    assert.equal(pool.made, made);
  });

  test('a writer flushed only when backlogged takes no more chunks than the pool keeps', async () => {
    const pool = new ChunkPool();
    const sink = new DeflateSink();
    const out = new MetricsBytes(sink, pool);
    const expected: string[] = [];
    let flushes = 0;
    // About 21 MB with no flush but the ones `backlogged` asks for (a whole time slice's
    // worth of lines on a fast machine).
    for (let i = 0; i < 600_000; i++) {
      out.line(NAME, bytes(`{group="g${i % 97}"`), bytes(`,topic="t${i % 13}"`), CLOSE, i);
      expected.push(`lag{group="g${i % 97}",topic="t${i % 13}"} ${i}\n`);
      if (out.backlogged) {
        await out.flush();
        flushes++;
      }
    }
    await out.flush();
    const body = Buffer.concat(await gzipMember(await sink.end(), Buffer.alloc(0)));
    assert.equal(gunzipSync(body).toString(), expected.join(''));
    assert.ok(flushes >= 10, `${flushes} flushes asked for`);
    assert.ok(pool.made <= KEPT_CHUNKS, `${pool.made} chunks made`);
  });

  test('a sink that keeps its chunks (never releases them) gets a new one each time', async () => {
    const pool = new ChunkPool();
    const kept: Buffer[] = [];
    const out = new MetricsBytes(
      {
        write: (chunk) => {
          kept.push(chunk);
          return Promise.resolve();
        },
      },
      pool,
    );
    const expected = await writeLines(out, 100_000, 5_000);
    // Read only now: had a chunk been filled again, an earlier one would read differently.
    assert.equal(Buffer.concat(kept).toString(), expected);
    assert.ok(pool.made >= kept.length, `${pool.made} made, ${kept.length} kept`);
  });

  test('keeps at most KEPT_CHUNKS, only whole chunks, and none after clear()', () => {
    const pool = new ChunkPool();
    const taken = Array.from({ length: KEPT_CHUNKS + 3 }, () => pool.take());
    const large = pool.take(CHUNK_BYTES + 1);
    assert.equal(large.length, CHUNK_BYTES + 1);
    for (const chunk of [...taken, large]) pool.give(chunk);
    const made = pool.made;
    const reused = Array.from({ length: KEPT_CHUNKS }, () => pool.take());
    assert.equal(pool.made, made, 'the kept chunks come back');
    assert.ok(reused.every((chunk) => taken.includes(chunk) && chunk.length === CHUNK_BYTES));
    pool.take();
    assert.equal(pool.made, made + 1, 'no more than KEPT_CHUNKS were kept');
    pool.give(reused[0]!);
    pool.clear();
    pool.take();
    assert.equal(pool.made, made + 2, 'clear() drops what was kept');
  });
});
