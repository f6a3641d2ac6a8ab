// Kafka's wire primitives, byte for byte: the compact encodings of flexible versions
// (KIP-482) and the classic ones, as Kafka's message definitions describe them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Reader, WireError, Writer } from '../../../src/kafka/wire.js';
import { hex } from './hex.js';

describe('wire primitives', () => {
  test('unsigned varints: 0, 127, 128, 300, 2^31-1', () => {
    const bytes = new Writer()
      .uvarint(0)
      .uvarint(127)
      .uvarint(128)
      .uvarint(300)
      .uvarint(2 ** 31 - 1)
      .bytes();
    assert.deepEqual(bytes, hex('00 7f 8001 ac02 ffffffff07'));
    const reader = new Reader(bytes);
    assert.deepEqual(
      [reader.uvarint(), reader.uvarint(), reader.uvarint(), reader.uvarint(), reader.uvarint()],
      [0, 127, 128, 300, 2 ** 31 - 1],
    );
    assert.equal(reader.remaining, 0);
  });

  test('compact strings: null is 0, empty is 1, length+1 otherwise (multi-byte length too)', () => {
    const long = 'x'.repeat(200);
    const bytes = new Writer()
      .compactString(null)
      .compactString('')
      .compactString('ab')
      .compactString(long)
      .bytes();
    assert.deepEqual(bytes.subarray(0, 6), hex('00 01 03 6162 c9'));
    assert.equal(bytes[6], 0x01); // 201 = 0xc9 0x01
    const reader = new Reader(bytes);
    assert.equal(reader.compactString(), null);
    assert.equal(reader.compactString(), '');
    assert.equal(reader.compactString(), 'ab');
    assert.equal(reader.compactString(), long);
  });

  test('classic strings: int16 length, -1 is null', () => {
    const bytes = new Writer().string(null).string('é').bytes();
    assert.deepEqual(bytes, hex('ffff 0002 c3a9'));
    const reader = new Reader(bytes);
    assert.equal(reader.string(), null);
    assert.equal(reader.string(), 'é');
  });

  test('compact arrays: null is 0, empty is 1; classic arrays: int32 count, -1 null', () => {
    const w = new Writer();
    w.compactArray(null, () => undefined);
    w.compactArray([], () => undefined);
    w.compactArray([1, 2], (n) => w.int32(n));
    w.array(null, () => undefined);
    w.array([7], (n) => w.int16(n));
    const bytes = w.bytes();
    assert.deepEqual(bytes, hex('00 01 03 00000001 00000002 ffffffff 00000001 0007'));
    const r = new Reader(bytes);
    assert.equal(
      r.compactArray(() => r.int32()),
      null,
    );
    assert.deepEqual(
      r.compactArray(() => r.int32()),
      [],
    );
    assert.deepEqual(
      r.compactArray(() => r.int32()),
      [1, 2],
    );
    assert.equal(
      r.array(() => r.int16()),
      null,
    );
    assert.deepEqual(
      r.array(() => r.int16()),
      [7],
    );
  });

  test('tagged fields we do not know are skipped, whatever their tag and size', () => {
    const r = new Reader(hex('02 05 03 abcdef 9601 00 2a'));
    r.skipTaggedFields(); // tag 5 (3 bytes), tag 150 (0 bytes)
    assert.equal(r.int8(), 42);
  });

  test('int64 offsets, -1 included; UUIDs as Kafka prints them', () => {
    const r = new Reader(hex('000000000000002a ffffffffffffffff 00112233445566778899aabbccddeeff'));
    assert.equal(r.int64(), 42);
    assert.equal(r.int64(), -1);
    assert.equal(r.uuid(), 'ABEiM0RVZneImaq7zN3u_w');
  });

  test('int64 written as two halves is the 64-bit value, sign and carry included', () => {
    const values = [
      0,
      1,
      -1,
      -2,
      2 ** 32 - 1,
      2 ** 32,
      -(2 ** 32),
      1_764_892_800_123,
      -(2 ** 53) + 1,
    ];
    const w = new Writer();
    for (const v of values) w.int64(v);
    const bytes = w.bytes();
    values.forEach((v, i) => assert.equal(bytes.readBigInt64BE(8 * i), BigInt(v), `value ${v}`));
    assert.throws(() => new Writer().int64(2 ** 53), RangeError);
    assert.throws(() => new Writer().int64(1.5), RangeError);
  });

  test('int64 as two halves equals the 64-bit value as Number() rounds it, sign and carry included', () => {
    const edges = [0n, 1n, -1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 53n - 1n];
    edges.push(-(2n ** 53n) + 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, -(2n ** 32n) - 1n);
    const bytes = Buffer.alloc(8 * (edges.length + 2000));
    edges.forEach((v, i) => bytes.writeBigInt64BE(v, 8 * i));
    // Random bit patterns: every carry and sign between the halves.
    let seed = 7;
    for (let at = 8 * edges.length; at < bytes.length; at++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      bytes[at] = seed >>> 8;
    }
    const reader = new Reader(bytes);
    for (let at = 0; at < bytes.length; at += 8)
      assert.equal(reader.int64(), Number(bytes.readBigInt64BE(at)), `at byte ${at}`);
    assert.equal(new Reader(hex('00000000 fffffffe')).int64(), 2 ** 32 - 2);
    assert.throws(() => new Reader(hex('00000000 000000')).int64(), WireError);
  });

  test('a message that ends early is a WireError, not garbage', () => {
    assert.throws(() => new Reader(hex('0003 61')).string(), WireError);
    assert.throws(() => new Reader(hex('03 61')).compactString(), WireError);
    assert.throws(() => new Reader(hex('80808080 80')).uvarint(), WireError);
  });

  test('an array whose count a damaged message inflates is a WireError after its last item', () => {
    /** What `read` returned before the array failed, and that it failed with a WireError. */
    const readUntilFailure = (readArray: (read: () => number) => unknown, read: () => number) => {
      const items: number[] = [];
      assert.throws(() => readArray(() => items[items.push(read()) - 1]!), WireError);
      return items;
    };
    // int32 2,147,483,647 items, then one int16: the read fails at the second item.
    const classic = new Reader(hex('7fffffff 0007'));
    assert.deepEqual(
      readUntilFailure(
        (read) => classic.array(read),
        () => classic.int16(),
      ),
      [7],
    );
    // uvarint 4,294,967,295 (count + 1), then two int32s: the read fails at the third.
    const compact = new Reader(hex('ffffffff0f 00000005 00000006'));
    assert.deepEqual(
      readUntilFailure(
        (read) => compact.compactArray(read),
        () => compact.int32(),
      ),
      [5, 6],
    );
  });
});
