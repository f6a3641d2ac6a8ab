// ItemWriter.fragment copies a short fragment four bytes at a time, writing up to three
// bytes past its end: every length, at every alignment, must come out exact, with nothing
// of those extra bytes in an item, also when the buffer grows under it and across chunks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StringItems } from '../../../sinks/item-target.js';
import { asciiFragment, fragmentOf, ItemWriter, utf8Fragment } from '../../../sinks/item-writer.js';

const textOf = (n: number): string =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join('');

describe('ItemWriter.fragment', () => {
  test('every length up to 40, at four alignments, exactly its bytes', () => {
    for (let n = 0; n <= 40; n++)
      for (let lead = 0; lead < 4; lead++) {
        const w = new ItemWriter();
        const target = new StringItems();
        w.begin(target);
        w.ascii('-'.repeat(lead));
        w.fragment(asciiFragment(textOf(n)));
        w.ascii('|');
        w.endItem();
        w.finish();
        assert.deepEqual(target.out, [`${'-'.repeat(lead)}${textOf(n)}|`], `${n} at ${lead}`);
      }
  });

  test('short fragments are copied by words, long ones by set, both as their bytes', () => {
    assert.equal(asciiFragment(textOf(24)).words.length, 6);
    assert.equal(asciiFragment(textOf(25)).words.length, 0);
    assert.equal(asciiFragment('').words.length, 0);
  });

  test("the bytes after a fragment's end never reach an item, however items are cut", () => {
    const w = new ItemWriter();
    const target = new StringItems();
    w.begin(target);
    const f = asciiFragment('abcde'); // written as 8 bytes, 3 of them past its end
    const want: string[] = [];
    // Enough items to fill several chunks; each ends right after the fragment.
    for (let i = 0; i < 10_000; i++) {
      w.fragment(f);
      w.endItem();
      want.push('abcde');
    }
    w.finish();
    assert.deepEqual(target.out, want);
  });

  test('after the buffer grows (an item longer than its slack), words go to the new buffer', () => {
    const w = new ItemWriter();
    const target = new StringItems();
    w.begin(target);
    const before = w.buf;
    const long = 'x'.repeat(300_000);
    w.ascii(long);
    assert.notEqual(w.buf, before, 'the buffer grew');
    w.fragment(asciiFragment('tail!'));
    w.endItem();
    w.finish();
    assert.deepEqual(target.out, [`${long}tail!`]);
  });

  test('a fragment with UTF-8 marks the chunk non-ASCII, and a copy of it says so', () => {
    const w = new ItemWriter();
    const target = new StringItems();
    w.begin(target);
    w.fragment(utf8Fragment('grüße'));
    w.endItem();
    w.finish();
    assert.deepEqual(target.out, ['grüße']);
    const copy = new ItemWriter();
    copy.begin();
    copy.ascii('ab');
    copy.fragment(utf8Fragment('日'));
    assert.equal(fragmentOf(copy, 0).nonAscii, true);
    assert.equal(fragmentOf(copy, 0).bytes.toString('utf8'), 'ab日');
  });
});
