import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  appendFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ErrorCode, LagwatchError } from '../../../src/contract/errors.js';
import { Spool } from '../../../sinks/delivery/spool.js';

const root = mkdtempSync(join(tmpdir(), 'lagwatch-spool-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `s${n++}`);

function drain(spool: Spool, maxItems = 1000, maxBytes = 1_000_000): string[] {
  const out: string[] = [];
  for (
    let read = spool.read(maxItems, maxBytes);
    read !== null;
    read = spool.read(maxItems, maxBytes)
  ) {
    out.push(...read.items);
    spool.ack(read);
  }
  return out;
}

const items = (from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `item-${from + i} ${'x'.repeat((from + i) % 17)}`);

describe('Spool', () => {
  test('reads back what was appended, oldest first, and is empty after', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 1_000_000 });
    assert.equal(spool.append(items(0, 10)), 10);
    assert.equal(spool.append(items(10, 5)), 5);
    assert.equal(spool.items, 15);
    assert.deepEqual(drain(spool, 4), items(0, 15));
    assert.equal(spool.items, 0);
    assert.equal(spool.read(10, 1000), null);
    spool.close();
  });

  test('read does not remove: without ack the same items come again', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 1_000_000 });
    spool.append(['a', 'b', 'c']);
    assert.deepEqual(spool.read(2, 1000)?.items, ['a', 'b']);
    assert.deepEqual(spool.read(2, 1000)?.items, ['a', 'b']);
    spool.close();
  });

  test('a read takes at most maxItems and maxBytes, and at least one item', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 1_000_000 });
    spool.append(['aaaa', 'bbbb', 'cccc', 'd'.repeat(100)]);
    assert.deepEqual(spool.read(1, 1000)?.items, ['aaaa']);
    const first = spool.read(10, 10);
    assert.deepEqual(first?.items, ['aaaa', 'bbbb']);
    spool.ack(first);
    assert.deepEqual(spool.read(10, 10)?.items, ['cccc']);
    spool.ack(spool.read(10, 10)!);
    assert.deepEqual(spool.read(10, 10)?.items, ['d'.repeat(100)]);
    spool.close();
  });

  test('keeps its bound: appends only what fits in maxBytes and says how much', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 190 });
    // 9 bytes, a checksum and a space (9 bytes), a newline: 19 bytes a record.
    const ten = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    assert.equal(spool.append(ten), 10);
    assert.equal(spool.bytes, 190);
    assert.equal(spool.freeBytes, 0);
    assert.equal(spool.append(['more']), 0);
    assert.deepEqual(drain(spool), ten.slice(0, 10));
    assert.equal(spool.bytes, 0, 'a drained spool gives its disk back');
    assert.equal(spool.append(ten.slice(10)), 10);
    spool.close();
  });

  test('rolls segments and removes each once delivered', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1_000_000, segmentBytes: 64 });
    spool.append(items(0, 40));
    const segments = () => readdirSync(dir).filter((f) => f.endsWith('.seg'));
    assert.ok(segments().length > 5, `segments: ${segments().length}`);
    const before = segments().length;
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const read = spool.read(8, 1_000_000);
      assert.ok(read);
      assert.ok(read.items.length <= 8);
      got.push(...read.items);
      spool.ack(read);
    }
    assert.ok(segments().length < before);
    assert.deepEqual([...got, ...drain(spool)], items(0, 40));
    assert.deepEqual(segments(), []);
    spool.close();
  });

  test('a read continues into the next segments, and its ack removes the ones it finished', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1_000_000, segmentBytes: 64 });
    spool.append(items(0, 40));
    const read = spool.read(25, 1_000_000);
    assert.deepEqual(read?.items, items(0, 25));
    spool.ack(read);
    const bytes = spool.bytes;
    const rest = spool.read(100, 1_000_000);
    assert.deepEqual(rest?.items, items(25, 15));
    spool.ack(rest);
    assert.ok(spool.bytes < bytes);
    assert.equal(spool.items, 0);
    spool.close();
  });

  test('a read across segments keeps to maxBytes', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 1_000_000, segmentBytes: 20 });
    spool.append(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee', 'ffff']); // 5 bytes each, 4 a segment
    assert.deepEqual(spool.read(100, 27)?.items, ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee']);
    assert.deepEqual(spool.read(100, 5)?.items, ['aaaa']);
    spool.close();
  });

  test('survives a restart: a new Spool on the folder finds the rest, in order', () => {
    const dir = freshDir();
    const first = new Spool({ dir, maxBytes: 1_000_000, segmentBytes: 256 });
    first.append(items(0, 30));
    first.ack(first.read(7, 1_000_000)!);
    first.close();
    const second = new Spool({ dir, maxBytes: 1_000_000, segmentBytes: 256 });
    assert.equal(second.items, 23);
    assert.equal(second.recovery.items, 23);
    second.append(items(30, 5));
    second.close();
    const third = new Spool({ dir, maxBytes: 1_000_000, segmentBytes: 256 });
    assert.deepEqual(drain(third, 5), items(7, 28));
    third.close();
  });

  test('a process that died mid-append leaves a torn line: it is cut off, the rest kept', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1_000_000 });
    spool.append(['one', 'two']);
    spool.close();
    const segment = readdirSync(dir).find((f) => f.endsWith('.seg'))!;
    appendFileSync(join(dir, segment), 'thr');
    const reopened = new Spool({ dir, maxBytes: 1_000_000 });
    assert.equal(reopened.recovery.tornBytes, 3);
    assert.equal(reopened.items, 2);
    reopened.append(['three']);
    assert.deepEqual(drain(reopened), ['one', 'two', 'three']);
    reopened.close();
  });

  test('an unreadable head replays from the oldest segment (writes are idempotent)', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1_000_000 });
    spool.append(['a', 'b', 'c']);
    spool.ack(spool.read(1, 1000)!);
    spool.close();
    writeFileSync(join(dir, 'head'), 'not json');
    const reopened = new Spool({ dir, maxBytes: 1_000_000 });
    assert.deepEqual(drain(reopened), ['a', 'b', 'c']);
    reopened.close();
  });

  test('one owner at a time: a second open is refused until the first closes', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1000 });
    assert.throws(
      () => new Spool({ dir, maxBytes: 1000 }),
      (error: unknown) => error instanceof LagwatchError && error.code === ErrorCode.SPOOL_LOCKED,
    );
    spool.close();
    assert.equal(existsSync(join(dir, 'lock')), false);
    new Spool({ dir, maxBytes: 1000 }).close();
  });

  test('a lock left by a process that is gone is taken over', () => {
    const dir = freshDir();
    new Spool({ dir, maxBytes: 1000 }).close();
    writeFileSync(join(dir, 'lock'), '2147483646\n');
    const spool = new Spool({ dir, maxBytes: 1000 });
    spool.close();
  });

  test('a folder that cannot be created is a LAGWATCH_SPOOL_IO error', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    assert.throws(
      () => new Spool({ dir: join(file, 'spool'), maxBytes: 1000 }),
      (error: unknown) => error instanceof LagwatchError && error.code === ErrorCode.SPOOL_IO,
    );
  });

  test('an item holding a newline is refused (it would become two)', () => {
    const spool = new Spool({ dir: freshDir(), maxBytes: 1000 });
    assert.throws(() => spool.append(['a\nb']), LagwatchError);
    spool.close();
  });

  test('the bytes on disk are what the files hold', () => {
    const dir = freshDir();
    const spool = new Spool({ dir, maxBytes: 1_000_000 });
    spool.append(items(0, 50));
    const onDisk = readdirSync(dir)
      .filter((f) => f.endsWith('.seg'))
      .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    assert.equal(spool.bytes, onDisk);
    spool.close();
  });
});
