// InfluxDB line protocol, one point per line, the same bytes for API v1 and v2:
//   measurement,tag=value,tag=value field=1i,field=0.5,field="text" <timestamp ms>
// Escaping follows the protocol: commas and spaces in measurements; commas, equals signs
// and spaces in tag keys, tag values and field keys; quotes and backslashes in string
// fields. A line never holds a newline: newline, carriage return and tab become `\n`,
// `\r`, `\t` (two characters). Tag values that are empty are left out (the protocol
// cannot carry them) and trailing backslashes are trimmed (they would escape the
// separator), as Telegraf does.

const measurementSpecial = /[, \n\r\t]/;
const keySpecial = /[,= \n\r\t]/;
const stringSpecial = /["\\\n\r\t]/;

const controls: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeWith(text: string, special: RegExp, all: RegExp): string {
  if (!special.test(text)) return text;
  return text.replace(all, (c) => controls[c] ?? `\\${c}`);
}

export function escapeMeasurement(name: string): string {
  return escapeWith(name, measurementSpecial, /[, \n\r\t]/g);
}

/** Tag keys, tag values and field keys. */
export function escapeKey(text: string): string {
  return escapeWith(text, keySpecial, /[,= \n\r\t]/g);
}

export function escapeTagValue(value: string): string {
  // 92: a backslash. Only a value that ends with one needs the trim (and its regex).
  return escapeKey(value.charCodeAt(value.length - 1) === 92 ? value.replace(/\\+$/, '') : value);
}

/**
 * Measurements and keys come from the schema's code (a few dozen names), so each is escaped
 * once and kept; a name that is not (more than the bound) is escaped every time.
 */
const escapedKeys = new Map<string, string>();
const escapedMeasurements = new Map<string, string>();
const NAMES_KEPT = 512;

function escapedName(
  name: string,
  escape: (text: string) => string,
  kept: Map<string, string> = escapedKeys,
): string {
  let escaped = kept.get(name);
  if (escaped === undefined) {
    escaped = escape(name);
    if (kept.size < NAMES_KEPT) kept.set(name, escaped);
  }
  return escaped;
}

/** What a field's value follows: `,key=` with the key escaped. Make it once per key. */
export function fieldPrefix(key: string): string {
  return `,${escapeKey(key)}=`;
}

/** `<prefix><integer>i`, or '' when the value is unknown (as LineBuilder#int leaves it out). */
export function intField(prefix: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return `${prefix}${Math.trunc(value)}i`;
}

/** `<prefix><float>`, or '' when the value is unknown (as LineBuilder#float leaves it out). */
export function floatField(prefix: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return `${prefix}${value}`;
}

/** `<prefix>"<string>"`, or '' when the value is unknown (as LineBuilder#string leaves it out). */
export function stringField(prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `${prefix}${quoteString(value)}`;
}

/** `,key=value` for a tag, or '' when the value is unknown or escapes to nothing. */
export function tagPair(key: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const escaped = escapeTagValue(value);
  return escaped === '' ? '' : `,${escapedName(key, escapeKey)}=${escaped}`;
}

/** The escaped measurement name (what a line starts with). */
export function measurementName(measurement: string): string {
  return escapedName(measurement, escapeMeasurement, escapedMeasurements);
}

/** A string field's value, quotes included. */
export function quoteString(value: string): string {
  if (!stringSpecial.test(value)) return `"${value}"`;
  return `"${value.replace(/["\\\n\r\t]/g, (c) => controls[c] ?? `\\${c}`)}"`;
}

/**
 * Builds one line. Tags first, then fields, then `line(timestampMs)`. Null and undefined
 * values are skipped, so optional values simply leave the field out; NaN and infinities
 * are skipped too (the protocol has no way to write them).
 */
export class LineBuilder {
  #head: string;
  #fields = '';

  constructor(measurement: string) {
    this.#head = escapedName(measurement, escapeMeasurement, escapedMeasurements);
  }

  tag(key: string, value: string | null | undefined): this {
    if (value === null || value === undefined) return this;
    const escaped = escapeTagValue(value);
    if (escaped !== '') this.#head += `,${escapedName(key, escapeKey)}=${escaped}`;
    return this;
  }

  /** An integer field (`1i`). A fractional value is truncated toward zero. */
  int(key: string, value: number | null | undefined): this {
    if (value === null || value === undefined || !Number.isFinite(value)) return this;
    return this.#field(key, `${Math.trunc(value)}i`);
  }

  /** A float field; always a float, also when the value happens to be whole. */
  float(key: string, value: number | null | undefined): this {
    if (value === null || value === undefined || !Number.isFinite(value)) return this;
    return this.#field(key, String(value));
  }

  string(key: string, value: string | null | undefined): this {
    if (value === null || value === undefined) return this;
    return this.#field(key, quoteString(value));
  }

  bool(key: string, value: boolean | null | undefined): this {
    if (value === null || value === undefined) return this;
    return this.#field(key, value ? 'true' : 'false');
  }

  /** The finished line, or null when no field was set (a point needs at least one). */
  line(timestampMs: number): string | null {
    if (this.#fields === '') return null;
    return `${this.#head} ${this.#fields} ${Math.trunc(timestampMs)}`;
  }

  #field(key: string, encoded: string): this {
    const name = escapedName(key, escapeKey);
    this.#fields =
      this.#fields === '' ? `${name}=${encoded}` : `${this.#fields},${name}=${encoded}`;
    return this;
  }
}
