// ItemWriter's text against the string code: a JSON string against JSON.stringify, line
// protocol against line-protocol.ts' escaping. Texts of every length up to 64, each once
// clean and once with one character that needs escaping (or is not ASCII) at its start,
// middle or end, so that an escape that is missed, or a byte too many or too few, fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StringItems } from '../../../sinks/item-target.js';
import { ItemWriter, LP_KEY, LP_MEASUREMENT, LP_STRING } from '../../../sinks/item-writer.js';
import {
  escapeKey,
  escapeMeasurement,
  quoteString,
} from '../../../sinks/influxdb/line-protocol.js';

/** What the writer writes for one call, between two markers, as text. */
function written(write: (w: ItemWriter) => void): string {
  const w = new ItemWriter();
  const target = new StringItems();
  w.begin(target);
  w.ascii('<');
  write(w);
  w.ascii('>');
  w.endItem();
  w.finish();
  return target.out[0]!;
}

const SPECIALS = ['"', '\\', '\n', '\r', '\t', ',', '=', ' ', '\u0000', '\u001f', '\u007f'];
const NON_ASCII = ['ü', '日', '😀', '\u2028'];

/** Clean texts of lengths 0..64 and each with one special at the start, middle and end. */
function texts(): string[] {
  const out: string[] = [];
  for (let n = 0; n <= 64; n++) {
    const clean = Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 7) % 90)))
      .join('')
      .replace(/["\\,= ]/g, 'x');
    out.push(clean);
    if (n === 0) continue;
    for (const c of [...SPECIALS, ...NON_ASCII]) {
      out.push(c + clean.slice(1), clean.slice(0, n >> 1) + c + clean.slice(n >> 1), clean + c);
    }
  }
  return out;
}

describe('ItemWriter text', () => {
  test('jsonString writes JSON.stringify(text), short and long, clean or not', () => {
    for (const text of texts()) {
      assert.equal(
        written((w) => w.jsonString(text)),
        `<${JSON.stringify(text)}>`,
        JSON.stringify(text),
      );
    }
  });

  test('lineProtocol writes what line-protocol.ts escapes, for each kind of text', () => {
    for (const text of texts()) {
      const label = JSON.stringify(text);
      assert.equal(
        written((w) => w.lineProtocol(text, LP_KEY)),
        `<${escapeKey(text)}>`,
        label,
      );
      assert.equal(
        written((w) => w.lineProtocol(text, LP_MEASUREMENT)),
        `<${escapeMeasurement(text)}>`,
        label,
      );
      assert.equal(
        written((w) => {
          w.byte(34);
          w.lineProtocol(text, LP_STRING);
          w.byte(34);
        }),
        `<${quoteString(text)}>`,
        label,
      );
    }
  });

  test('lineProtocol with an end writes only the text before it', () => {
    const text = 'a-long-tag-value-of-thirty-chars\\\\';
    const end = text.length - 2;
    assert.equal(
      written((w) => w.lineProtocol(text, LP_KEY, end)),
      `<${text.slice(0, end)}>`,
    );
  });
});
