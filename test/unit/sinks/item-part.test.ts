// A request's items as bytes (sinks/delivery/item-part.ts): the body is the items' UTF-8, a
// newline each; slices and picks keep each item's bytes and text, lone surrogates included.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ItemPart } from '../../../sinks/delivery/item-part.js';

const ITEMS = ['plain', '', 'grüppe 组 😀', 'lone \ud800 high', 'last'];

function bodyOf(items: readonly string[]): Buffer {
  return Buffer.from(items.map((item) => `${item}\n`).join(''), 'utf8');
}

describe('ItemPart', () => {
  test('of: the body is every item as UTF-8 with a newline; item() gives each back', () => {
    const part = ItemPart.of(ITEMS);
    assert.equal(part.length, ITEMS.length);
    assert.ok(part.body.equals(bodyOf(ITEMS)));
    assert.equal(part.byteLength, bodyOf(ITEMS).length);
    assert.deepEqual(part.strings(), ITEMS);
    assert.equal(part.item(3), 'lone \ud800 high', 'a lone surrogate comes back, not U+FFFD');
    const third = part.bytes.subarray(part.start(2), part.end(2)).toString('utf8');
    assert.equal(third, ITEMS[2]);
  });

  test('slice shares the bytes and keeps items and lone surrogates in place', () => {
    const part = ItemPart.of(ITEMS);
    for (let from = 0; from <= ITEMS.length; from++) {
      for (let to = from; to <= ITEMS.length; to++) {
        const slice = part.slice(from, to);
        const expected = ITEMS.slice(from, to);
        assert.deepEqual(slice.strings(), expected, `slice(${from}, ${to})`);
        assert.ok(slice.body.equals(bodyOf(expected)), `slice(${from}, ${to})'s bytes`);
      }
    }
  });

  test('pick copies the items at the indexes, in their order', () => {
    const part = ItemPart.of(ITEMS);
    const picked = part.pick([4, 3, 0]);
    assert.deepEqual(picked.strings(), ['last', 'lone \ud800 high', 'plain']);
    assert.ok(picked.body.equals(bodyOf(['last', 'lone \ud800 high', 'plain'])));
    assert.equal(part.pick([]).length, 0);
    assert.equal(part.pick([]).body.length, 0);
  });

  test('an empty part has an empty body', () => {
    const part = ItemPart.of([]);
    assert.equal(part.length, 0);
    assert.equal(part.body.length, 0);
    assert.deepEqual(part.strings(), []);
  });
});
