// Writes a report's items (points, bulk lines) as UTF-8 bytes into one reused buffer and
// hands them to an ItemTarget (item-target.ts) a chunk of items at a time: the delivery's
// queue copies the bytes as they are, StringItems makes strings of them. The encoders used
// to build every item from dozens of small strings (numbers turned into strings, escaped
// copies, the concatenations between them): at 10,000 groups that was most of their time,
// half of it the garbage collector moving the pieces. Then they made one string per item
// from these bytes, which the queue wrote back into bytes: strings that lived until the
// whole report was encoded, long enough for the collector to move them to the old
// generation (with both sinks at 10,000 groups x 10, some 230,000 strings a tick).
//
// The writers give exactly the characters the string code gives (JSON.stringify for JSON,
// line-protocol.ts for points; the unit tests compare them on awkward input). A lone
// surrogate has no UTF-8 form: in JSON it is written as `\udXXX` (as JSON.stringify does),
// in line protocol it makes the item `lossy`, and the encoder then writes that item with
// the string code instead (pushItem).
//
// Longer than 300 lines on purpose: every writer here works on the same buffer and
// position in the hottest loop of the encoders; split into files they would gain a call
// per piece of text.
import { EXACT_SECONDS_ROOM, writeExactSeconds } from '../src/contract/seconds-text.js';
import type { ItemTarget } from './item-target.js';
import { latin1Write } from './latin1-write.js';

/**
 * Items are handed to the target once this many bytes wait: the buffer stays small enough
 * to stay in the CPU's cache. Measured when the items became strings here: 16 KiB chunks
 * cost a third of 256 KiB ones.
 */
const CHUNK_BYTES = 16 * 1024;

const HEX = '0123456789abcdef';

/**
 * Printable ASCII but `"` and `\`: text that JSON strings and line-protocol string fields
 * carry as it is. A long text (a partition's reason sentence, 50 to 120 characters) that
 * holds nothing else is tested by the regular expression and copied by Buffer's latin1
 * writer, both native, in less time than the loops below take character by character;
 * more so for a text built by concatenation (a cons string, which charCodeAt reads slower
 * than a flat one). Below PLAIN_MIN characters the two calls cost more than the loop.
 * Exported for the test that holds the evaluator's reason texts to it (reasonTextPlain).
 */
export const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** From this length on, a text is tested for PLAIN first; shorter ones gain nothing. */
const PLAIN_MIN = 32;

/**
 * Fragments up to this many bytes are copied four bytes at a time through a DataView
 * (ItemWriter.fragment): `Uint8Array.prototype.set` costs about 190 instructions a call
 * whatever it copies (bench/instructions), and a line-protocol point made a dozen such
 * copies of keys and kept fields of 5 to 30 bytes. Past about 24 bytes `set` is faster.
 */
const WORD_COPY_MAX_BYTES = 24;

const NO_WORDS = new Int32Array(0);

/** Bytes made beforehand (a constant, a fragment kept per group or per value). */
export interface Fragment {
  readonly bytes: Buffer;
  /** Whether they hold a byte >= 0x80. */
  readonly nonAscii: boolean;
  /**
   * The bytes as little-endian 32-bit words, the last one padded with zeros, when there are
   * at most WORD_COPY_MAX_BYTES of them; else empty (they are copied with `set`).
   */
  readonly words: Int32Array;
}

/** `bytes` (kept as they are: not copied) as a Fragment. */
function fragmentOfBytes(bytes: Buffer, nonAscii = bytes.some(isHighByte)): Fragment {
  let words = NO_WORDS;
  if (bytes.length > 0 && bytes.length <= WORD_COPY_MAX_BYTES) {
    words = new Int32Array(Math.ceil(bytes.length / 4));
    for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (8 * (i & 3));
  }
  return { bytes, nonAscii, words };
}

/** Text (with no lone surrogate: UTF-8 cannot carry one) as UTF-8 bytes. */
export function utf8Fragment(text: string): Fragment {
  const bytes = Buffer.from(text, 'utf8');
  return fragmentOfBytes(bytes, bytes.length !== text.length);
}

/** ASCII text from the code (a key, a constant) as a Fragment. */
export function asciiFragment(text: string): Fragment {
  return fragmentOfBytes(Buffer.from(text, 'latin1'), false);
}

/** The bytes an ItemWriter wrote from `start` on, as a Fragment of their own (a copy). */
export function fragmentOf(w: ItemWriter, start: number): Fragment {
  return fragmentOfBytes(Buffer.from(w.buf.subarray(start, w.pos)));
}

function isHighByte(byte: number): boolean {
  return byte >= 0x80;
}

/** Values kept by one ValueFragments at most: the sets it is for have a dozen or so. */
const MAX_KEPT_VALUES = 64;

/**
 * The bytes some text takes for each value of a small set (a status word, a reason code):
 * made once per value, then copied whole. Every partition item holds its status and reason;
 * kept so, they cost the line-protocol encoder 14 % fewer instructions a point and the bulk
 * encoder 5 % fewer a document than written piece by piece (keys, quotes, escaping char by
 * char). Values beyond MAX_KEPT_VALUES are made each time.
 */
export class ValueFragments {
  readonly #kept = new Map<string, Fragment | null>();
  readonly #make: (value: string) => Fragment | null;
  #lastValue: string | null = null;
  #lastFragment: Fragment | null = null;

  /** `make`: the value's bytes, or null when they cannot be kept (the caller writes them). */
  constructor(make: (value: string) => Fragment | null) {
    this.#make = make;
  }

  of(value: string): Fragment | null {
    // Runs of one value are common (a group's partitions that keep up): the last one
    // asked for is answered by a compare instead of a hash lookup.
    if (value === this.#lastValue) return this.#lastFragment;
    let fragment = this.#kept.get(value);
    if (fragment === undefined) {
      fragment = this.#make(value);
      if (this.#kept.size < MAX_KEPT_VALUES) this.#kept.set(value, fragment);
    }
    this.#lastValue = value;
    this.#lastFragment = fragment;
    return fragment;
  }
}

function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Takes nothing: for a writer used only for its bytes (fragments, keys). */
const NO_TARGET: ItemTarget = {
  items(): void {
    throw new Error('this ItemWriter was begun without a target');
  },
  string(): void {
    throw new Error('this ItemWriter was begun without a target');
  },
};

export class ItemWriter {
  /** Not sized by the report: it holds at most a chunk and the item being written. */
  buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES + 64 * 1024);
  /** `buf` as a DataView, for the fragments copied a word at a time. */
  #view: DataView = viewOf(this.buf);
  pos = 0;
  /** Set when a byte >= 0x80 was written since the chunk began. */
  nonAscii = false;
  /** Set when a line-protocol string held a lone surrogate (see the header). */
  lossy = false;
  #itemStart = 0;
  #target: ItemTarget = NO_TARGET;
  /** Where each item of this chunk ends, after its newline (they follow one another from 0). */
  readonly #ends: number[] = [];

  /** Starts a report's items (or a part's), which go to `target`. */
  begin(target: ItemTarget = NO_TARGET): void {
    this.pos = 0;
    this.#itemStart = 0;
    this.nonAscii = false;
    this.lossy = false;
    this.#target = target;
    this.#ends.length = 0;
  }

  /** Makes room for `bytes` more bytes (only an item longer than the slack needs it). */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
    this.#view = viewOf(bigger);
  }

  /** The bytes written since the item began become an item (a newline ends it). */
  endItem(): void {
    this.reserve(1);
    this.buf[this.pos++] = 0x0a;
    this.#ends.push(this.pos);
    this.#itemStart = this.pos;
    this.lossy = false;
    if (this.pos >= CHUNK_BYTES) this.#cut();
  }

  /** Forgets what was written since the item began. */
  dropItem(): void {
    this.pos = this.#itemStart;
    this.lossy = false;
  }

  /** An item made elsewhere, in its place in the order. */
  pushItem(item: string): void {
    this.dropItem();
    this.#cut();
    this.#target.string(item);
  }

  /** Hands the target every item not yet handed; the writer is done with it. */
  finish(): void {
    this.dropItem();
    this.#cut();
    this.#target = NO_TARGET;
  }

  /** The chunk's items go to the target; the buffer starts again (it holds no open item). */
  #cut(): void {
    const ends = this.#ends;
    if (ends.length > 0) this.#target.items(this.buf, ends, ends.length, this.nonAscii);
    ends.length = 0;
    this.pos = 0;
    this.#itemStart = 0;
    this.nonAscii = false;
  }

  /** Text known to be ASCII with nothing to escape (names from the code); its first `end` code units. */
  ascii(text: string, end: number = text.length): void {
    this.reserve(end);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < end; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /**
   * A Fragment's bytes (a constant, a fragment kept per group or per value): one copy. A
   * short one is written as whole words (its `words`): up to three bytes past its end are
   * written too, bytes after `pos` that nothing reads and the next write overwrites.
   */
  fragment(f: Fragment): void {
    if (f.nonAscii) this.nonAscii = true;
    const words = f.words;
    const count = words.length;
    if (count === 0) {
      const bytes = f.bytes;
      this.reserve(bytes.length);
      this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
      return;
    }
    this.reserve(4 * count);
    const view = this.#view;
    const pos = this.pos;
    for (let i = 0; i < count; i++) view.setInt32(pos + 4 * i, words[i]!, true);
    this.pos = pos + f.bytes.length;
  }

  byte(code: number): void {
    this.reserve(1);
    this.buf[this.pos++] = code;
  }

  /** Text as it is, as UTF-8 (it must hold no lone surrogate; JSON from JSON.stringify holds none). */
  raw(text: string): void {
    const n = text.length;
    this.reserve(n * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) buf[pos++] = c;
      else {
        this.pos = pos;
        this.utf8Char(text, i);
        i = this.#skip;
        pos = this.pos;
      }
    }
    this.pos = pos;
  }

  /** Set by utf8Char: the index of the last code unit it used. */
  #skip = 0;

  /**
   * The character at `i` (>= 0x80) as UTF-8. Returns false for a lone surrogate, writing
   * nothing. Sets #skip to the last code unit used (i, or i + 1 for a pair).
   */
  utf8Char(text: string, i: number): boolean {
    const c = text.charCodeAt(i);
    const buf = this.buf;
    this.nonAscii = true;
    this.#skip = i;
    if (c < 0x800) {
      buf[this.pos++] = 0xc0 | (c >> 6);
      buf[this.pos++] = 0x80 | (c & 0x3f);
      return true;
    }
    if (c < 0xd800 || c > 0xdfff) {
      buf[this.pos++] = 0xe0 | (c >> 12);
      buf[this.pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[this.pos++] = 0x80 | (c & 0x3f);
      return true;
    }
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
    const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
    buf[this.pos++] = 0xf0 | (cp >> 18);
    buf[this.pos++] = 0x80 | ((cp >> 12) & 0x3f);
    buf[this.pos++] = 0x80 | ((cp >> 6) & 0x3f);
    buf[this.pos++] = 0x80 | (cp & 0x3f);
    this.#skip = i + 1;
    return true;
  }

  /** An integer as `${n}` writes it; n must be an integer (a safe one is written digit by digit). */
  integer(n: number): void {
    if (n > 9007199254740991 || n < -9007199254740991) {
      this.ascii(String(n));
      return;
    }
    this.reserve(17);
    if (n < 0) {
      this.buf[this.pos++] = 45;
      n = -n;
    }
    if (n < 1e9) {
      this.#small(n);
      return;
    }
    // Two parts below 2^31, so that the digits come from integer arithmetic.
    const high = Math.floor(n / 1e9);
    this.#small(high);
    this.#padded9(n - high * 1e9);
  }

  /** 0 <= n < 1e9 (also -0, which `${}` writes as 0). */
  #small(n: number): void {
    const buf = this.buf;
    let v = n | 0;
    const digits =
      v < 10
        ? 1
        : v < 100
          ? 2
          : v < 1000
            ? 3
            : v < 10000
              ? 4
              : v < 100000
                ? 5
                : v < 1e6
                  ? 6
                  : v < 1e7
                    ? 7
                    : v < 1e8
                      ? 8
                      : 9;
    let end = this.pos + digits;
    this.pos = end;
    do {
      const q = (v / 10) | 0;
      buf[--end] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /** 0 <= n < 1e9, as nine digits. */
  #padded9(n: number): void {
    const buf = this.buf;
    let v = n | 0;
    let end = this.pos + 9;
    this.pos = end;
    for (let i = 0; i < 9; i++) {
      const q = (v / 10) | 0;
      buf[--end] = 48 + v - q * 10;
      v = q;
    }
  }

  /** `${ms / 1000}` for a finite `ms` (a duration in seconds), without a string where it can. */
  seconds(ms: number): void {
    this.reserve(EXACT_SECONDS_ROOM);
    const end = writeExactSeconds(this.buf, this.pos, ms);
    if (end < 0) this.ascii(String(ms / 1000));
    else this.pos = end;
  }

  /** A number as `${n}` (and JSON, for finite numbers) writes it. */
  number(n: number): void {
    if (Number.isInteger(n)) this.integer(n);
    else this.ascii(String(n));
  }

  /** A JSON number: null for NaN and the infinities, as JSON.stringify writes them. */
  jsonNumber(n: number): void {
    if (Number.isFinite(n)) this.number(n);
    else this.ascii('null');
  }

  /**
   * A string as JSON.stringify writes it, quotes included. `plain`: the caller knows the
   * text is PLAIN (PartitionStatus.reasonTextPlain), so a long one is copied untested.
   */
  jsonString(text: string, plain = false): void {
    const n = text.length;
    this.reserve(n * 6 + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 34;
    if (n >= PLAIN_MIN && (plain || PLAIN.test(text))) {
      pos += latin1Write(buf, text, pos);
      buf[pos++] = 34;
      this.pos = pos;
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== 34 && c !== 92) {
        buf[pos++] = c;
        continue;
      }
      this.pos = pos;
      this.#jsonSpecial(text, i, c);
      i = this.#skip;
      pos = this.pos;
    }
    buf[pos++] = 34;
    this.pos = pos;
  }

  #jsonSpecial(text: string, i: number, c: number): void {
    const buf = this.buf;
    this.#skip = i;
    if (c >= 0x80) {
      if (!this.utf8Char(text, i)) this.#unicodeEscape(c);
      return;
    }
    buf[this.pos++] = 92;
    switch (c) {
      case 34:
      case 92:
        buf[this.pos++] = c;
        return;
      case 8:
        buf[this.pos++] = 98; // b
        return;
      case 9:
        buf[this.pos++] = 116; // t
        return;
      case 10:
        buf[this.pos++] = 110; // n
        return;
      case 12:
        buf[this.pos++] = 102; // f
        return;
      case 13:
        buf[this.pos++] = 114; // r
        return;
      default:
        this.pos--;
        this.#unicodeEscape(c);
    }
  }

  /** `\uXXXX`, lowercase hex, as JSON.stringify writes controls and lone surrogates. */
  #unicodeEscape(c: number): void {
    const buf = this.buf;
    buf[this.pos++] = 92;
    buf[this.pos++] = 117;
    buf[this.pos++] = HEX.charCodeAt((c >> 12) & 15);
    buf[this.pos++] = HEX.charCodeAt((c >> 8) & 15);
    buf[this.pos++] = HEX.charCodeAt((c >> 4) & 15);
    buf[this.pos++] = HEX.charCodeAt(c & 15);
  }

  /**
   * Line-protocol text, escaped as `escapes` says (one of LP_* below), the rest as UTF-8.
   * `end`: how many code units of `text` to write (a tag value's trailing backslashes are
   * left out by passing less). `plain`: the caller knows the text is PLAIN
   * (PartitionStatus.reasonTextPlain), so a long string field is copied untested.
   */
  lineProtocol(
    text: string,
    escapes: LineProtocolEscapes,
    end: number = text.length,
    plain = false,
  ): void {
    this.reserve(end * 3);
    const buf = this.buf;
    let pos = this.pos;
    if (
      escapes === LP_STRING &&
      end >= PLAIN_MIN &&
      end === text.length &&
      (plain || PLAIN.test(text))
    ) {
      this.pos = pos + latin1Write(buf, text, pos);
      return;
    }
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = pos;
        if (!this.utf8Char(text, i)) this.lossy = true;
        i = this.#skip;
        pos = this.pos;
        continue;
      }
      const escape = escapes[c]!;
      if (escape === 0) {
        buf[pos++] = c;
      } else {
        buf[pos++] = 92;
        buf[pos++] = escape === 1 ? c : escape;
      }
    }
    this.pos = pos;
  }
}

/**
 * How line protocol escapes each ASCII character in one kind of text: 0 as it is, 1 with a
 * backslash before it, else a backslash and this letter (newline, carriage return and tab
 * become `\n`, `\r`, `\t`, so that a point stays on one line).
 */
export type LineProtocolEscapes = Uint8Array;

function escapes(chars: string): LineProtocolEscapes {
  const table = new Uint8Array(128);
  table[10] = 110;
  table[13] = 114;
  table[9] = 116;
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** Measurements: commas and spaces. */
export const LP_MEASUREMENT = escapes(', ');
/** Tag keys, tag values, field keys: commas, equals signs and spaces. */
export const LP_KEY = escapes(',= ');
/** String field values: quotes and backslashes. */
export const LP_STRING = escapes('"\\');
