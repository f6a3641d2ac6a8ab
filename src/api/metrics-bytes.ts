// Prometheus text written as bytes into fixed-size chunks, handed on as each fills: the
// half a million lines of /metrics at 100,000 group-partitions are copies of bytes encoded
// once (metric names, each group's label text) and digits, with no string per line (making
// and then encoding 50 MB of strings cost more than everything else /metrics does).

import { writeExactSeconds } from '../contract/seconds-text.js';
import { ChunkPool, KEPT_CHUNKS } from './metrics-chunk-pool.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

/** Where full chunks go (the metrics cache compresses them as they come). */
export interface MetricsByteSink {
  /**
   * Takes `chunk`; resolves when the next may be written. `release`, when given, is called
   * once the sink no longer reads the chunk (the writer fills it again then); a sink that
   * keeps chunks never calls it.
   */
  write(chunk: Buffer, release?: () => void): Promise<void>;
}

/** Where a writer stands before its first line and after each flush: no chunk taken. */
const NO_CHUNK = Buffer.alloc(0);

/** A full chunk: the part written, and the whole Buffer the pool gave. */
interface FullChunk {
  readonly written: Buffer;
  readonly whole: Buffer;
}
const SPACE = 0x20;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;
/**
 * Full chunks that make a writer `backlogged`: two fewer than the pool keeps (room for the
 * chunk being filled and the one zlib may still hold).
 */
const FLUSH_AT_FULL_CHUNKS = KEPT_CHUNKS - 2;
/** Room for a value and the newline: `${value}` is at most 24 characters (-1.2345678901234567e-308). */
const VALUE_ROOM = 32;

export class MetricsBytes {
  readonly #sink: MetricsByteSink;
  readonly #pool: ChunkPool;
  #chunk: Buffer;
  #at = 0;

  /** `pool`: where chunks come from and go back to once the sink has read them. */
  constructor(sink: MetricsByteSink, pool: ChunkPool = new ChunkPool()) {
    this.#sink = sink;
    this.#pool = pool;
    this.#chunk = NO_CHUNK;
  }

  /** Bytes written since the last flush: a caller flushes when it is time to yield. */
  get pending(): number {
    return this.#at;
  }

  /**
   * Whether as many full chunks wait for a flush as the pool can take back after it
   * (FLUSH_AT_FULL_CHUNKS): a caller flushes then, even before it is time to yield. A
   * rendering that wrote a whole time slice between flushes (tens of chunks on a fast
   * machine) took more chunks than the pool keeps, and the rest were allocated anew each
   * rendering and dropped: memory outside V8's heap that V8 answers with collections of its
   * own once a few tens of MB of it are young.
   */
  get backlogged(): boolean {
    return this.#full.length >= FLUSH_AT_FULL_CHUNKS;
  }

  /**
   * One line: `<name><open><topic><close> <value>\n`, the labels in three parts
   * (state-labels.ts), each copied whole with one `set`.
   */
  line(
    name: Uint8Array,
    open: Uint8Array,
    topic: Uint8Array,
    close: Uint8Array,
    value: number,
  ): void {
    const at = this.#labelled(name, open, topic, close);
    this.#end(writeValue(this.#chunk, at, value));
  }

  /** The same with a value in milliseconds, written as seconds: the text of `ms / 1000`. */
  lineMsAsSeconds(
    name: Uint8Array,
    open: Uint8Array,
    topic: Uint8Array,
    close: Uint8Array,
    ms: number,
  ): void {
    const at = this.#labelled(name, open, topic, close);
    this.#end(writeMsAsSeconds(this.#chunk, at, ms));
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
    this.#retire();
    const full = this.#full;
    this.#full = [];
    const pool = this.#pool;
    for (const { written, whole } of full) await this.#sink.write(written, () => pool.give(whole));
  }

  #full: FullChunk[] = [];

  /**
   * Writes `<name><open><topic><close> ` with room after it for a value; returns where it goes.
   * Each call to a copy (`set`, `copyWithin`) costs far more than the few bytes it copies
   * (about 170 instructions at 500,000 lines a rendering), so a line makes as few as it can:
   * a line with the same name, opening and topic parts as the line before it in this chunk
   * (a group's partitions of one topic, one after another) copies that line's
   * `<name><open><topic>` from the chunk itself with one `copyWithin`; a line with only the
   * same name and opening part copies those, then its topic with one `set`. The closing
   * part takes one `set` (copied byte by byte, at a few bytes, it cost more, not less).
   */
  #labelled(name: Uint8Array, open: Uint8Array, topic: Uint8Array, close: Uint8Array): number {
    this.#room(name.length + open.length + topic.length + close.length + VALUE_ROOM);
    const chunk = this.#chunk;
    let at = this.#at;
    const prefix = name.length + open.length;
    if (name === this.#lastName && open === this.#lastOpen && this.#lastAt >= 0) {
      if (topic === this.#lastTopic) {
        chunk.copyWithin(at, this.#lastAt, this.#lastAt + prefix + topic.length);
      } else {
        chunk.copyWithin(at, this.#lastAt, this.#lastAt + prefix);
        chunk.set(topic, at + prefix);
        this.#lastTopic = topic;
      }
    } else {
      chunk.set(name, at);
      chunk.set(open, at + name.length);
      chunk.set(topic, at + prefix);
      this.#lastName = name;
      this.#lastOpen = open;
      this.#lastTopic = topic;
    }
    this.#lastAt = at;
    at += prefix + topic.length;
    chunk.set(close, at);
    at += close.length;
    chunk[at++] = SPACE;
    return at;
  }

  /** Where the last line's `<name><open><topic>` starts in the current chunk (-1: not in it). */
  #lastAt = -1;
  #lastName: Uint8Array | null = null;
  #lastOpen: Uint8Array | null = null;
  #lastTopic: Uint8Array | null = null;

  #end(at: number): void {
    this.#chunk[at++] = NEWLINE;
    this.#at = at;
  }

  #room(bytes: number): void {
    if (this.#at + bytes <= this.#chunk.length) return;
    this.#retire();
    this.#chunk = this.#pool.take(bytes);
  }

  /**
   * Hands the current chunk on as full (or back to the pool, when nothing was written in
   * it); a chunk is taken when the next line needs room, so none is held between flushes.
   */
  #retire(): void {
    if (this.#at > 0)
      this.#full.push({ written: this.#chunk.subarray(0, this.#at), whole: this.#chunk });
    else if (this.#chunk !== NO_CHUNK) this.#pool.give(this.#chunk);
    this.#chunk = NO_CHUNK;
    this.#at = 0;
    this.#lastAt = -1;
  }
}

/** prom-client's formatting of `ms / 1000` as a sample value, as bytes, without a string. */
export function writeMsAsSeconds(chunk: Uint8Array, start: number, ms: number): number {
  const end = writeExactSeconds(chunk, start, ms);
  return end < 0 ? writeValue(chunk, start, ms / 1000) : end;
}

/** prom-client's formatting of a sample value, as bytes; integers without a string. */
export function writeValue(chunk: Uint8Array, start: number, value: number): number {
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
  if (value < 0) {
    chunk[at++] = MINUS;
    return writeDigits(chunk, at, -value);
  }
  return writeDigits(chunk, at, value);
}

/** 10 ** i for i of 0..15: how many digits a safe integer has, without a division. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** The decimal digits of a safe integer >= 0, written from the last one back. */
function writeDigits(chunk: Uint8Array, start: number, value: number): number {
  let digits = 1;
  while (digits < 16 && value >= POWERS_OF_TEN[digits]!) digits++;
  const end = start + digits;
  let n = value;
  for (let at = end - 1; at >= start; at--) {
    const q = Math.floor(n / 10);
    chunk[at] = ZERO + (n - q * 10);
    n = q;
  }
  return end;
}

// One per rendering (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new MetricsBytes({ write: () => Promise.resolve() }));
