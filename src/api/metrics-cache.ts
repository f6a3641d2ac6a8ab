// The read model's /metrics text, rendered once per version of the read model's data (a
// tick that sampled, a DELETE) on the first scrape that wants it, and kept gzip-compressed only: at 100,000
// group-partitions the text is about 50 MB and its gzip 2-3 MB, so neither the text nor
// its rendering is repeated per scrape, and memory holds the small form. A scrape that
// accepts gzip (Prometheus always sends `Accept-Encoding: gzip`) gets the cached bytes as
// they are; any other gets them decompressed as a stream (off the event loop, zlib's
// thread pool). Scrapes during a rendering wait for that rendering.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { LatestState } from '../pipeline/latest.js';
import type { MetricsByteSink } from './metrics-bytes.js';
import { writeStateMetrics } from './state-metrics.js';

/** zlib's fastest level: the text is so repetitive that it already shrinks about 20 times. */
export const METRICS_GZIP_LEVEL = 1;

export interface RenderedStateMetrics {
  /** A whole gzip stream (one member) of the text. */
  readonly gzip: Buffer;
  /** Bytes of the text before compression. */
  readonly textBytes: number;
}

export class StateMetricsCache {
  readonly #latest: LatestState;
  #cached: { readonly version: number; readonly rendered: Promise<RenderedStateMetrics> } | null =
    null;

  constructor(latest: LatestState) {
    this.#latest = latest;
  }

  /** The text of the read model's current version: rendered now, or kept from before. */
  current(): Promise<RenderedStateMetrics> {
    const version = this.#latest.dataVersion;
    if (this.#cached?.version !== version) {
      const rendered = render(this.#latest);
      this.#cached = { version, rendered };
      rendered.catch(() => {
        if (this.#cached?.rendered === rendered) this.#cached = null;
      });
    }
    return this.#cached.rendered;
  }
}

async function render(latest: LatestState): Promise<RenderedStateMetrics> {
  const sink = new GzipSink();
  await writeStateMetrics(latest, sink);
  return sink.end();
}

/** Compresses text as it is written, waiting whenever zlib's buffer is full. */
class GzipSink implements MetricsByteSink {
  readonly #gzip: Gzip = createGzip({ level: METRICS_GZIP_LEVEL });
  readonly #out: Buffer[] = [];
  #textBytes = 0;

  constructor() {
    this.#gzip.on('data', (chunk: Buffer) => this.#out.push(chunk));
  }

  async write(chunk: Buffer): Promise<void> {
    this.#textBytes += chunk.length;
    if (!this.#gzip.write(chunk)) await once(this.#gzip, 'drain');
  }

  async end(): Promise<RenderedStateMetrics> {
    this.#gzip.end();
    await finished(this.#gzip);
    return { gzip: Buffer.concat(this.#out), textBytes: this.#textBytes };
  }
}
