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
import { constants, crc32, createDeflateRaw, deflateRaw, type DeflateRaw } from 'node:zlib';
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

/**
 * Compresses text as it is written (in zlib's thread pool), waiting whenever zlib's buffer
 * is full; `end()` gives the open deflate of everything written.
 */
export class DeflateSink implements MetricsByteSink {
  readonly #deflate: DeflateRaw = createDeflateRaw({
    level: METRICS_GZIP_LEVEL,
    // end() flushes without ending the deflate stream: the scrape's text follows it.
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  readonly #out: Buffer[] = [];
  #crc = 0;
  #textBytes = 0;

  constructor() {
    this.#deflate.on('data', (chunk: Buffer) => this.#out.push(chunk));
  }

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.#crc = crc32(chunk, this.#crc);
    this.#textBytes += chunk.length;
    if (!this.#deflate.write(chunk)) await once(this.#deflate, 'drain');
  }

  async end(): Promise<OpenDeflate> {
    this.#deflate.end();
    await finished(this.#deflate);
    return { deflate: Buffer.concat(this.#out), crc: this.#crc, textBytes: this.#textBytes };
  }

  /** Frees zlib's memory when the rendering failed. */
  destroy(): void {
    this.#deflate.destroy();
  }
}
