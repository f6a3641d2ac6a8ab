// Names read off the wire: the same bytes read again give the string read before (the same
// string object is not observable in JavaScript, so the tests check the table's own count
// and the text), different bytes never give a kept string, non-ASCII text is decoded as
// UTF-8 each time, and a name not read for two turns is let go.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeAfterCorrelationId } from '../../../src/kafka/api.js';
import { ListGroups } from '../../../src/kafka/list-groups.js';
import { OffsetFetch } from '../../../src/kafka/offset-fetch.js';
import { Reader } from '../../../src/kafka/wire.js';
import { LONGEST_KEPT_NAME, WireNames } from '../../../src/kafka/wire-names.js';
import { hex, str } from './hex.js';

/** A COMPACT_STRING's bytes as hex: its length + 1, then its bytes (short strings only). */
const compact = (s: string): string =>
  (Buffer.byteLength(s) + 1).toString(16).padStart(2, '0') + str(s);

const read = (names: WireNames, text: string): string => {
  const bytes = Buffer.from(`..${text}..`, 'utf8');
  return names.text(bytes, 2, bytes.length - 4);
};

describe('WireNames', () => {
  test('the same bytes read again are the kept name: nothing more is kept', () => {
    const names = new WireNames();
    assert.equal(read(names, 'orders-consumer'), 'orders-consumer');
    assert.equal(names.size, 1);
    assert.equal(read(names, 'orders-consumer'), 'orders-consumer');
    assert.equal(names.size, 1);
    assert.equal(read(names, 'orders-consumers'), 'orders-consumers');
    assert.equal(read(names, 'orders-consumeR'), 'orders-consumeR');
    assert.equal(read(names, ''), '');
    assert.equal(names.size, 4);
  });

  test('names of equal length and different bytes each read as themselves', () => {
    const names = new WireNames();
    const all = Array.from({ length: 2000 }, (_, i) => `group-${String(i).padStart(5, '0')}`);
    for (const name of all) assert.equal(read(names, name), name);
    for (const name of all) assert.equal(read(names, name), name);
    // Hash collisions among 2,000 names are possible; every name still reads right.
    assert.ok(names.size <= all.length && names.size > all.length - 5, `${names.size} kept`);
  });

  test('non-ASCII names are decoded as UTF-8 and not kept', () => {
    const names = new WireNames();
    assert.equal(read(names, 'grüppe-ø'), 'grüppe-ø');
    assert.equal(read(names, 'grüppe-ø'), 'grüppe-ø');
    assert.equal(names.size, 0);
  });

  test(`names longer than ${LONGEST_KEPT_NAME} bytes are decoded and not kept`, () => {
    const names = new WireNames();
    const long = 'g'.repeat(LONGEST_KEPT_NAME + 1);
    assert.equal(read(names, long), long);
    assert.equal(names.size, 0);
    assert.equal(read(names, long.slice(1)), long.slice(1));
    assert.equal(names.size, 1);
  });

  test('a name not read for two turns is let go; one read each turn stays', () => {
    const names = new WireNames();
    read(names, 'stays');
    read(names, 'goes');
    names.turn();
    read(names, 'stays');
    assert.equal(names.size, 2, 'a name read in the turn before is still kept');
    names.turn();
    assert.equal(names.size, 1, 'only the name read in the last turn');
    assert.equal(read(names, 'stays'), 'stays');
    names.turn();
    names.turn();
    assert.equal(names.size, 0);
  });

  test('a reader with names reads compact names through them, compact strings as before', () => {
    const names = new WireNames();
    const bytes = hex(`${compact('topic-a')} ${compact('topic-a')} ${compact('topic-a')} 00`);
    const reader = new Reader(bytes, names);
    assert.equal(reader.compactName(), 'topic-a');
    assert.equal(reader.compactName(), 'topic-a');
    assert.equal(reader.compactString(), 'topic-a');
    assert.equal(reader.compactName(), null);
    assert.equal(names.size, 1);
    assert.equal(new Reader(bytes).compactName(), 'topic-a', 'without names it decodes');
  });

  test('ListGroups and OffsetFetch answers read their names through the client’s names', () => {
    const names = new WireNames();
    // ListGroups v5: header tags, throttle, error, 1 group (id, protocol type, state, type), tags.
    const listing = hex(
      `00 00000000 0000 02 ${compact('g1')} ${compact('consumer')} ${compact('Empty')} ${compact('classic')} 00 00`,
    );
    const listed = decodeAfterCorrelationId(ListGroups, 5, listing, names);
    assert.deepEqual(listed.groups, [
      { groupId: 'g1', protocolType: 'consumer', state: 'Empty', type: 'classic' },
    ]);
    assert.equal(names.size, 4);
    // OffsetFetch v8: header tags, throttle, 1 group g1 with topic t, partition 0 at offset 7.
    const fetched = hex(
      `00 00000000 02 ${compact('g1')} 02 ${compact('t')} 02 00000000 0000000000000007 ffffffff 00 0000 00 00 0000 00 00`,
    );
    const offsets = decodeAfterCorrelationId(OffsetFetch, 8, fetched, names);
    assert.equal(offsets.groups[0]!.groupId, 'g1');
    assert.deepEqual(offsets.groups[0]!.offsets.toArray(), [
      { topic: 't', partition: 0, offset: 7 },
    ]);
    assert.equal(names.size, 5, 'g1 was kept already; t is new');
  });
});
