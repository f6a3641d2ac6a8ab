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
  return escapeKey(value.replace(/\\+$/, ''));
}

/** A string field's value, quotes included. */
export function quoteString(value: string): string {
  return `"${escapeWith(value, stringSpecial, /["\\\n\r\t]/g)}"`;
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
    this.#head = escapeMeasurement(measurement);
  }

  tag(key: string, value: string | null | undefined): this {
    if (value === null || value === undefined) return this;
    const escaped = escapeTagValue(value);
    if (escaped !== '') this.#head += `,${escapeKey(key)}=${escaped}`;
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
    this.#fields += `${this.#fields === '' ? '' : ','}${escapeKey(key)}=${encoded}`;
    return this;
  }
}
