// The spool's record checksum: a line garbled on disk is quarantined (moved to the
// `quarantine` file, counted, reported once), never returned as an item; segments written
// before records had checksums are read as they were.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { after, describe, test } from 'node:test';
import { crc32 } from '../../../sinks/delivery/crc32.js';
import { Spool } from '../../../sinks/delivery/spool.js';
import type { QuarantinedRecord } from '../../../sinks/delivery/spool.js';
import { decodeRecord, encodeRecord } from '../../../sinks/delivery/spool-record.js';

const root = mkdtempSync(join(tmpdir(), 'lagwatch-spool-crc-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `s${n++}`);

function drain(spool: Spool): string[] {
  const out: string[] = [];
  for (let read = spool.read(1000, 1_000_000); read !== null; read = spool.read(1000, 1_000_000)) {
    out.push(...read.items);
    spool.ack(read);
  }
  return out;
}

function open(dir: string, seen: QuarantinedRecord[] = []): Spool {
  return new Spool({ dir, maxBytes: 1_000_000, onQuarantine: (r) => seen.push(r) });
}

const segmentOf = (dir: string): string => readdirSync(dir).find((f) => f.endsWith('.seg'))!;

describe('crc32', () => {
  test('is the standard CRC-32 (check value of "123456789")', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  test('equals zlib.crc32 where the runtime has it', (t) => {
    const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    if (native === undefined) {
      t.diagnostic('this Node has no zlib.crc32; the check value test stands alone');
      return;
    }
    for (const text of ['', 'a', 'lagwatch_group,cluster=prod lag=5i 1', 'é组\u0000\uffff']) {
      const bytes = Buffer.from(text, 'utf8');
      assert.equal(crc32(bytes), native(bytes), text);
    }
  });
});

describe('spool records', () => {
  test('a record round-trips; any changed byte fails its check', () => {
    const line = Buffer.from(encodeRecord('{"a":"é"}'));
    assert.deepEqual(decodeRecord(line), { item: '{"a":"é"}' });
    for (let i = 0; i < line.length; i++) {
      const bad = Buffer.from(line);
      bad[i] = bad[i]! ^ 0x01;
      assert.ok('bad' in decodeRecord(bad), `byte ${i}`);
    }
    assert.ok('bad' in decodeRecord(Buffer.from('garbage')));
    assert.ok('bad' in decodeRecord(Buffer.from('')));
  });
});

describe('Spool checksums', () => {
  test('new segments hold checked records', () => {
    const dir = freshDir();
    const spool = open(dir);
    spool.append(['one']);
    const segment = segmentOf(dir);
    assert.match(segment, /^\d{12}\.v2\.seg$/);
    assert.equal(readFileSync(join(dir, segment), 'utf8'), `${encodeRecord('one')}\n`);
    spool.close();
  });

  test('a garbage line is quarantined, counted, reported once, and never returned', () => {
    const dir = freshDir();
    const first = open(dir);
    first.append(['good-1', 'good-2']);
    first.close();
    appendFileSync(join(dir, segmentOf(dir)), 'lagwatch-garbage {"not":"a record"}\n');
    const tail = open(dir);
    tail.append(['good-3']);
    tail.close();

    const seen: QuarantinedRecord[] = [];
    const spool = open(dir, seen);
    assert.equal(spool.items, 4, 'counted as a line until it is read');
    const read = spool.read(1000, 1_000_000);
    assert.deepEqual(read?.items, ['good-1', 'good-2', 'good-3']);
    // Read again before the ack (a retried batch): not quarantined or counted twice.
    assert.deepEqual(spool.read(1000, 1_000_000)?.items, ['good-1', 'good-2', 'good-3']);
    spool.ack(read);
    assert.equal(spool.items, 0);
    assert.equal(spool.quarantined, 1);
    assert.equal(seen.length, 1);
    const record = seen[0]!;
    assert.match(record.reason, /no checksum/);
    assert.equal(record.preview, 'lagwatch-garbage {"not":"a record"}');
    assert.equal(record.file, join(dir, 'quarantine'));
    assert.equal(
      readFileSync(join(dir, 'quarantine'), 'utf8'),
      'lagwatch-garbage {"not":"a record"}\n',
    );
    spool.close();
  });

  test('a record whose item was changed fails its checksum', () => {
    const dir = freshDir();
    const spool = open(dir);
    spool.append(['cpu value=1 1', 'cpu value=2 2']);
    spool.close();
    const file = join(dir, segmentOf(dir));
    writeFileSync(file, readFileSync(file, 'utf8').replace('value=1', 'value=9'));
    const seen: QuarantinedRecord[] = [];
    const reopened = open(dir, seen);
    assert.deepEqual(drain(reopened), ['cpu value=2 2']);
    assert.equal(reopened.quarantined, 1);
    assert.match(seen[0]!.reason, /checksum mismatch/);
    reopened.close();
  });

  test('a spool holding only bad lines reads as empty and its head moves past them', () => {
    const dir = freshDir();
    const spool = open(dir);
    spool.append(['x']);
    spool.close();
    writeFileSync(join(dir, segmentOf(dir)), 'junk\nmore junk\n');
    const reopened = open(dir);
    assert.equal(reopened.read(10, 1000), null);
    assert.equal(reopened.items, 0);
    assert.equal(reopened.quarantined, 2);
    reopened.append(['after']);
    assert.deepEqual(drain(reopened), ['after']);
    reopened.close();
    const again = open(dir);
    assert.equal(again.items, 0, 'the head was written past the bad lines');
    again.close();
  });

  test('segments from before checksums are delivered as they are, before the new ones', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '000000000001.seg'), 'old-1\nold-2\n');
    writeFileSync(join(dir, 'head'), JSON.stringify({ segment: 1, offset: 0 }));
    const seen: QuarantinedRecord[] = [];
    const spool = open(dir, seen);
    assert.equal(spool.recovery.items, 2);
    assert.equal(spool.recovery.unchecked, 2);
    spool.append(['new-1']);
    assert.deepEqual(drain(spool), ['old-1', 'old-2', 'new-1']);
    assert.equal(seen.length, 0);
    assert.equal(existsSync(join(dir, '000000000001.seg')), false, 'the old segment is gone');
    spool.close();
  });
});
