// Prometheus text written as bytes into fixed-size chunks, handed on as each fills: the
// half a million lines of /metrics at 100,000 group-partitions are copies of bytes encoded
// once (metric names, each group's label text) and digits, with no string per line (making
// and then encoding 50 MB of strings cost more than everything else /metrics does).

/** Where full chunks go (the metrics cache compresses them as they come). */
export interface MetricsByteSink {
  write(chunk: Buffer): Promise<void>;
}

const CHUNK_BYTES = 256 * 1024;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;

export class MetricsBytes {
  readonly #sink: MetricsByteSink;
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #at = 0;

  constructor(sink: MetricsByteSink) {
    this.#sink = sink;
  }

  /** Bytes written since the last flush: a caller flushes when it is time to yield. */
  get pending(): number {
    return this.#at;
  }

  /** One line: `<name><labels> <value>\n`; `labels` is a range of `source`. */
  line(name: Uint8Array, source: Uint8Array, from: number, to: number, value: number): void {
    this.#room(name.length + (to - from) + 32);
    const chunk = this.#chunk;
    let at = this.#at;
    for (let i = 0; i < name.length; i++) chunk[at++] = name[i]!;
    for (let i = from; i < to; i++) chunk[at++] = source[i]!;
    chunk[at++] = SPACE;
    at = writeValue(chunk, at, value);
    chunk[at++] = NEWLINE;
    this.#at = at;
  }

  /** Text as it is (HELP and TYPE lines, blank lines). */
  text(text: string): void {
    const bytes = Buffer.from(text);
    this.#room(bytes.length);
    bytes.copy(this.#chunk, this.#at);
    this.#at += bytes.length;
  }

  /** Hands every full chunk and what the current one holds to the sink. */
  async flush(): Promise<void> {
    if (this.#at > 0) {
      this.#full.push(this.#chunk.subarray(0, this.#at));
      this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.#at = 0;
    }
    const full = this.#full;
    this.#full = [];
    for (const chunk of full) await this.#sink.write(chunk);
  }

  #full: Buffer[] = [];

  #room(bytes: number): void {
    if (this.#at + bytes <= this.#chunk.length) return;
    this.#full.push(this.#chunk.subarray(0, this.#at));
    this.#chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.#at = 0;
  }
}

/** prom-client's formatting of a sample value, as bytes; integers without a string. */
function writeValue(chunk: Buffer, start: number, value: number): number {
  let at = start;
  if (!Number.isSafeInteger(value)) {
    const text = Number.isNaN(value)
      ? 'Nan'
      : !Number.isFinite(value)
        ? value < 0
          ? '-Inf'
          : '+Inf'
        : `${value}`;
    for (let i = 0; i < text.length; i++) chunk[at++] = text.charCodeAt(i);
    return at;
  }
  let n = value;
  if (n < 0) {
    chunk[at++] = MINUS;
    n = -n;
  }
  const first = at;
  do {
    chunk[at++] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  // The digits went in backwards.
  for (let i = first, j = at - 1; i < j; i++, j--) {
    const d = chunk[i]!;
    chunk[i] = chunk[j]!;
    chunk[j] = d;
  }
  return at;
}
