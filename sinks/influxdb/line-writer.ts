// Line protocol written into an ItemWriter: the same bytes as line-protocol.ts' string
// functions (LineBuilder, tagPair, intField, ...), for the points a report has thousands
// of. A point is begun with its head (measurement and tags, `head` or `measurement` and
// `tag`s), then `fields()`, its fields, and `end()` with its time.
import {
  asciiFragment,
  fragmentOf,
  ItemWriter,
  LP_KEY,
  LP_MEASUREMENT,
  LP_STRING,
  utf8Fragment,
  ValueFragments,
  type Fragment,
} from '../item-writer.js';

// Module constants, read in the hottest loops (an imported binding may be a getter call
// under a loader that turns modules into CommonJS, as tsx does for the benches).
const MEASUREMENT = LP_MEASUREMENT;
const KEY = LP_KEY;
const STRING = LP_STRING;

/** A field's key as bytes: `key=` for the first field, `,key=` for the others. */
export interface FieldKey {
  readonly first: Fragment;
  readonly next: Fragment;
}

/** `key`: an ASCII name from the code, with nothing to escape. */
export function fieldKey(key: string): FieldKey {
  return { first: asciiFragment(`${key}=`), next: asciiFragment(`,${key}=`) };
}

/** A tag's key as bytes, `,key=`: copied whole rather than written character by character. */
export type TagKey = Fragment;

/** `key`: an ASCII name from the code, with nothing to escape. */
export function tagKey(key: string): TagKey {
  return asciiFragment(`,${key}=`);
}

/** A point's time as bytes (the report's time in ms), made once a report. */
export type PointStamp = Fragment;

/** `at` (ms) as a point's time, as text: whole milliseconds (the fallback lines' too). */
export function pointTime(at: number): string {
  return String(Math.trunc(at));
}

/** `at` (ms) as a point's time. */
export function pointStamp(at: number): PointStamp {
  return asciiFragment(pointTime(at));
}

/** A point's head made beforehand (measurement and tags), as UTF-8. */
export type PointHead = Fragment;

/** null when the head holds a lone surrogate (UTF-8 cannot carry it: see item-writer.ts). */
export function pointHead(escaped: string): PointHead | null {
  // String.prototype.isWellFormed (Node 20; TypeScript's ES2022 library lacks it).
  if (!(escaped as unknown as { isWellFormed(): boolean }).isWellFormed()) return null;
  return utf8Fragment(escaped);
}

export class LineWriter {
  readonly w = new ItemWriter();
  #fieldsStart = 0;

  head(head: PointHead): void {
    this.w.fragment(head);
  }

  /** `name`: an ASCII name from the code. */
  measurement(name: string): void {
    this.w.lineProtocol(name, MEASUREMENT);
  }

  /** `,key=value`; nothing for an unknown value or one that trims to nothing (see tagPair). */
  tag(key: TagKey, value: string | null | undefined): void {
    if (value === null || value === undefined) return;
    let end = value.length;
    while (end > 0 && value.charCodeAt(end - 1) === 92) end--;
    if (end === 0) return;
    const w = this.w;
    w.fragment(key);
    w.lineProtocol(value, KEY, end);
  }

  /** A tag whose value is a number written as `String(n)`. */
  numberTag(key: TagKey, value: number): void {
    if (!Number.isInteger(value)) {
      this.tag(key, String(value));
      return;
    }
    const w = this.w;
    w.fragment(key);
    w.integer(value);
  }

  /** The space between tags and fields. */
  fields(): void {
    this.w.byte(32);
    this.#fieldsStart = this.w.pos;
  }

  /** A point's last tag and the space after it, kept (lastTag); then the fields. */
  lastTagThenFields(kept: Fragment): void {
    this.w.fragment(kept);
    this.#fieldsStart = this.w.pos;
  }

  #key(key: FieldKey): void {
    const w = this.w;
    w.fragment(w.pos === this.#fieldsStart ? key.first : key.next);
  }

  /** `key=<integer>i`, truncated toward zero; nothing for an unknown value (see intField). */
  int(key: FieldKey, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    this.#key(key);
    this.w.integer(Math.trunc(value));
    this.w.byte(105);
  }

  /** `key=<float>` as `${value}` writes it; nothing for an unknown value (see floatField). */
  float(key: FieldKey, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    this.#key(key);
    this.w.number(value);
  }

  /** `key=<ms / 1000>` as `${ms / 1000}` writes it; nothing for an unknown value (float(seconds(ms))). */
  seconds(key: FieldKey, ms: number | null | undefined): void {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return;
    this.#key(key);
    this.w.seconds(ms);
  }

  /**
   * The fields `fields.write` writes for `value`, copied from the bytes kept for the value
   * (ValueFields); written by `fields.write` itself when they cannot be kept.
   */
  valueFields(fields: ValueFields, value: string | null | undefined): void {
    const kept =
      typeof value !== 'string'
        ? null
        : (this.w.pos === this.#fieldsStart ? fields.first : fields.next).of(value);
    if (kept === null) fields.write(this, value);
    else this.w.fragment(kept);
  }

  /** `key="<text>"`; nothing for an unknown value (see stringField). */
  string(key: FieldKey, value: string | null | undefined): void {
    if (value === null || value === undefined) return;
    this.#key(key);
    this.w.byte(34);
    this.stringEnd(value);
  }

  /** A string field begun, `key="`: its text follows (stringEnd). */
  stringStart(key: FieldKey): void {
    this.#key(key);
    this.w.byte(34);
  }

  /**
   * The text of a string field begun before, and its closing quote. `plain`: the text is
   * known to need no escape (PartitionStatus.reasonTextPlain).
   */
  stringEnd(value: string, plain = false): void {
    const w = this.w;
    w.lineProtocol(value, STRING, value.length, plain);
    w.byte(34);
  }

  /**
   * Ends the point with ` <stamp>` (the report's time in ms). False when the point is not
   * written: it has no field (no point, as LineBuilder gives null), or it held a lone
   * surrogate (`lossy`: the caller writes it with the string code instead).
   */
  end(stamp: PointStamp): boolean {
    const w = this.w;
    if (w.pos === this.#fieldsStart || w.lossy) {
      w.dropItem();
      return false;
    }
    w.byte(32);
    w.fragment(stamp);
    w.endItem();
    return true;
  }
}

/**
 * Fields that depend on one value of a small set (a status and its code, a reason), kept as
 * bytes per value (ValueFragments): as the point's first field and as a later one, whose
 * keys differ by the comma before them.
 */
export class ValueFields {
  readonly write: (l: LineWriter, value: string | null | undefined) => void;
  readonly first: ValueFragments;
  readonly next: ValueFragments;

  /** `write`: the fields for a value, written with the LineWriter's own methods. */
  constructor(write: (l: LineWriter, value: string | null | undefined) => void) {
    this.write = write;
    this.first = new ValueFragments((value) => writtenAlone(write, value, true));
    this.next = new ValueFragments((value) => writtenAlone(write, value, false));
  }
}

/** Where ValueFields and last tags are written to be kept; made when first needed. */
let scratch: LineWriter | null = null;

/**
 * `,key=value` as `tag` writes it (nothing for a value it leaves out), then the space before
 * the fields, as bytes to copy into every point whose last tag it is (lastTagThenFields):
 * the value is escaped once, not once a point. Null when it holds a lone surrogate.
 */
export function lastTag(key: TagKey, value: string | null | undefined): Fragment | null {
  const l = (scratch ??= new LineWriter());
  l.w.begin();
  l.tag(key, value);
  l.w.byte(32);
  return l.w.lossy ? null : fragmentOf(l.w, 0);
}

/**
 * lastTag of the value asked for last, kept until another is asked for: points come
 * sorted by the value (a group's partitions topic by topic, a report's offsets too).
 */
export class LastTagOfLastValue {
  readonly #key: TagKey;
  #value: string | null = null;
  #kept: Fragment | null = null;

  constructor(key: TagKey) {
    this.#key = key;
  }

  of(value: string): Fragment | null {
    if (value !== this.#value) {
      this.#kept = lastTag(this.#key, value);
      this.#value = value;
    }
    return this.#kept;
  }
}

/** What `write` writes for `value` as the first field or a later one; null if lossy. */
function writtenAlone(
  write: (l: LineWriter, value: string) => void,
  value: string,
  first: boolean,
): Fragment | null {
  const l = (scratch ??= new LineWriter());
  l.w.begin();
  l.fields();
  if (!first) l.w.byte(44); // anything, so that the next key is not the first
  const start = l.w.pos;
  write(l, value);
  return l.w.lossy ? null : fragmentOf(l.w, start);
}
