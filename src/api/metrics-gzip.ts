// /metrics' gzip body as ONE gzip member (RFC 1952) made of two deflate runs: the read
// model's text, compressed once per rendering and ended with a sync flush (so it is whole
// bytes and not the last block), then the fresh text of each scrape, compressed then and
// ending the deflate stream; the trailer's CRC-32 and length cover both texts. A scrape
// compresses only its few kilobytes of fresh text, never the megabytes it shares.
// Why not two gzip members, one after the other: RFC 1952 allows them and zlib and Go
// (Prometheus) read both, but curl --compressed (7.88) writes the first member's text,
// then fails ("Failed writing received data", exit 23) at the second: lagwatch's own
// series never reached a person checking /metrics by hand.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { constants, crc32, createGzip, deflateRaw, type Gzip } from 'node:zlib';
import type { MetricsByteSink } from './metrics-bytes.js';

/** zlib's fastest level: the text is so repetitive that it already shrinks about 20 times. */
export const METRICS_GZIP_LEVEL = 1;

/** The start of a gzip stream's body: deflate blocks, none of them the last. */
export interface OpenDeflate {
  /** Raw deflate of the text, ended by a sync flush (byte-aligned, not final). */
  readonly deflate: Buffer;
  /** CRC-32 of the text. */
  readonly crc: number;
  /** Bytes of the text before compression. */
  readonly textBytes: number;
}

// Magic, deflate, no flags, no time, no extra flags, OS unknown (RFC 1952, 2.3).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

const deflateRawAsync = promisify(deflateRaw);

/** `head` then `tail`, as one gzip stream's parts (to send one after the other). */
export async function gzipMember(head: OpenDeflate, tail: Buffer): Promise<readonly Buffer[]> {
  // Node 20.20's crc32 of an empty buffer that zlib has worked on answers 0, not `value`.
  const crc = tail.length === 0 ? head.crc : crc32(tail, head.crc);
  // Off the event loop (zlib's thread pool), as the rendering's compression.
  const tailDeflate = await deflateRawAsync(tail, { level: METRICS_GZIP_LEVEL });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE((head.textBytes + tail.length) % 2 ** 32, 4);
  return [GZIP_HEADER, head.deflate, tailDeflate, trailer];
}

/** zlib's gzip header (no name, no comment, no extra field): 10 bytes (RFC 1952, 2.3). */
const ZLIB_GZIP_HEADER_BYTES = 10;
/** How a sync flush ends: an empty stored block's length and its complement. */
const SYNC_FLUSH_END = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * Compresses text as it is written (in zlib's thread pool), waiting whenever zlib's buffer
 * is full; `end()` gives the open deflate of everything written.
 * A gzip stream, not a raw deflate, so that zlib computes the text's CRC-32 in its thread
 * pool as it compresses: computed here (zlib.crc32 on the event loop's thread) it was a
 * tenth of a rendering's main-thread time (50 MB of text at 100,000 group-partitions).
 * `end()` syncs the deflate (whole bytes, no last block: the body kept), then finishes the
 * stream only to read the CRC from zlib's trailer; the empty last block and the trailer
 * that finishing writes after the sync are not kept (a scrape's text and trailer follow).
 */
export class DeflateSink implements MetricsByteSink {
  readonly #gzip: Gzip = createGzip({ level: METRICS_GZIP_LEVEL });
  readonly #out: Buffer[] = [];
  #outBytes = 0;
  #textBytes = 0;

  constructor() {
    this.#gzip.on('data', (chunk: Buffer) => {
      this.#out.push(chunk);
      this.#outBytes += chunk.length;
    });
  }

  async write(chunk: Buffer, release?: () => void): Promise<void> {
    if (chunk.length === 0) {
      release?.();
      return;
    }
    this.#textBytes += chunk.length;
    // zlib calls back once it has compressed the chunk: it reads it no more. On an error
    // the chunk is not given back (the stream may still hold it).
    const done =
      release === undefined
        ? undefined
        : (error?: Error | null): void => {
            if (!error) release();
          };
    if (!this.#gzip.write(chunk, done)) await once(this.#gzip, 'drain');
  }

  async end(): Promise<OpenDeflate> {
    // The flush's output is handed to 'data' before its callback runs.
    await new Promise<void>((resolve) => this.#gzip.flush(constants.Z_SYNC_FLUSH, resolve));
    const synced = this.#outBytes;
    this.#gzip.end();
    await finished(this.#gzip);
    const gzip = Buffer.concat(this.#out, this.#outBytes);
    const deflate = gzip.subarray(ZLIB_GZIP_HEADER_BYTES, synced);
    // zlib's format, checked rather than trusted: a body cut elsewhere would not decode.
    if (
      deflate.length < SYNC_FLUSH_END.length ||
      !deflate.subarray(deflate.length - SYNC_FLUSH_END.length).equals(SYNC_FLUSH_END) ||
      gzip.readUInt32LE(gzip.length - 4) !== this.#textBytes % 2 ** 32
    )
      throw new Error(
        'metrics gzip: the sync-flushed deflate is not where zlib was expected to put it',
      );
    return { deflate, crc: gzip.readUInt32LE(gzip.length - 8), textBytes: this.#textBytes };
  }

  /** Frees zlib's memory when the rendering failed. */
  destroy(): void {
    this.#gzip.destroy();
  }
}
