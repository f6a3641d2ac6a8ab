// The Latin-1 writer the encoders copy long plain texts with: Buffer's own latin1Write where
// Node has it, `write` where it has not, the same bytes either way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { latin1Write, latin1WriterOf } from '../../../sinks/latin1-write.js';

const TEXT = 'OK: offset moving and lag fell from 65 to 55 at sample 2 of 5';

function writtenBy(write: (buf: Buffer, text: string, at: number) => number): string {
  const buf = Buffer.alloc(100, 0x2e);
  const n = write(buf, TEXT, 7);
  assert.equal(n, TEXT.length);
  return buf.toString('latin1', 0, 7 + n + 3);
}

describe('latin1Write', () => {
  test('writes the text at the offset, leaves the bytes around it, returns its length', () => {
    assert.equal(writtenBy(latin1Write), `.......${TEXT}...`);
  });

  test('without a native latin1Write, write gives the same bytes', () => {
    const fallback = latin1WriterOf({});
    assert.equal(writtenBy(fallback), writtenBy(latin1Write));
  });

  test("uses the prototype's own latin1Write when it has one", () => {
    const calls: [Buffer, string, number][] = [];
    const proto = {
      latin1Write(this: Buffer, text: string, at: number): number {
        calls.push([this, text, at]);
        return 3;
      },
    };
    const buf = Buffer.alloc(4);
    assert.equal(latin1WriterOf(proto)(buf, 'abc', 1), 3);
    assert.deepEqual(calls, [[buf, 'abc', 1]]);
  });

  test('Node 20 has the native writer this module relies on for speed', () => {
    // If a Node release drops it, the fallback keeps the bytes right; this says why the
    // encoders got slower.
    assert.equal(typeof (Buffer.prototype as { latin1Write?: unknown }).latin1Write, 'function');
  });
});
