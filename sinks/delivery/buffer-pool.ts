// A few Buffers kept for reuse: a request's part (takePart) and Elasticsearch's bulk body
// are a megabyte or so each, made and dropped for every request. A fresh Buffer that large
// is memory the kernel maps and zeroes anew (the Docker image maps every allocation over
// 64 KiB on its own: see the Dockerfile): measured, 0.74 ms of CPU a megabyte allocated and
// filled, against 0.12 ms to fill one kept (at 10,000 groups x 10, about 90 MB a tick goes
// through parts, as much again through bulk bodies).

export class BufferPool {
  readonly #kept: Buffer[] = [];
  readonly #keep: number;

  /** `keep`: Buffers kept at most (as many as requests in flight). */
  constructor(keep: number) {
    this.#keep = keep;
  }

  /** A Buffer of at least `bytes` (its contents are old bytes): a kept one if one is large enough. */
  take(bytes: number): Buffer {
    const kept = this.#kept;
    for (let i = kept.length - 1; i >= 0; i--) {
      const buf = kept[i]!;
      if (buf.length < bytes) continue;
      kept.splice(i, 1);
      return buf;
    }
    return Buffer.allocUnsafeSlow(bytes);
  }

  /** A Buffer from take() that nothing uses any more; the smallest are let go first. */
  give(buf: Buffer): void {
    const kept = this.#kept;
    if (kept.includes(buf)) return;
    kept.push(buf);
    kept.sort((a, b) => b.length - a.length);
    if (kept.length > this.#keep) kept.length = this.#keep;
  }
}
