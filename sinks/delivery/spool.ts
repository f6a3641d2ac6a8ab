// The disk spool: where items wait when memory cannot hold them or the server has been
// away too long. Append-only segment files, read back oldest first, a `head` file saying
// how far delivery got, a bound on the bytes on disk. It outlives the process: a new
// Spool on the same folder finds what the last one left, in the same order.
//
// I/O is synchronous: the spool is touched only when a sink is in trouble or closing,
// each call moves at most one batch (or one overflow) of items, and the page cache takes
// the writes. `close()` fsyncs; items appended since the last fsync can be lost by a
// machine crash, not by a process crash or restart.
//
// Each item is stored as a record with a checksum (spool-record.ts). A line that fails its
// check is never returned: it is appended to the `quarantine` file beside the segments,
// counted (`quarantined`) and reported once to `onQuarantine`. Segments written before
// records had checksums are read as they were (bare items, unchecked): they were written
// by a working lagwatch, there is no way to tell their good lines from bad, and dropping
// them would turn every upgrade during an outage into data loss. They go as they are
// delivered; everything appended from then on is checked.
//
// Over 300 lines on purpose, for now: one class owns the files' invariants (head, segments,
// counts, the tail's repair), and splitting it means passing those between files. The
// record format is already apart (spool-record.ts, crc32.ts, spool-files.ts); the open-time
// scans (#repairTail, #countItems) are the next to move.
import { appendAll } from './append-all.js';
import {
  appendFileSync,
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, LagwatchError } from '../../src/contract/errors.js';
import { itemBytes } from './item-queue.js';
import { QUARANTINE_FILE, listSegments, readHead, segmentFile, writeHead } from './spool-files.js';
import type { SegmentName, SpoolHead } from './spool-files.js';
import { RECORD_PREFIX_BYTES, decodeRecord, encodeRecord, recordBytes } from './spool-record.js';
import { lockSpool } from './spool-lock.js';

export interface SpoolOptions {
  readonly dir: string;
  /** Bytes the segment files may take on disk, all together. */
  readonly maxBytes: number;
  /** A new segment starts beyond this size. Default: a tenth of maxBytes, 64 KiB to 16 MiB. */
  readonly segmentBytes?: number | undefined;
  /** Told once about each line that failed its check (and was quarantined, not returned). */
  readonly onQuarantine?: ((record: QuarantinedRecord) => void) | undefined;
}

/** A line that failed its check: where it was, why, and where it went. */
export interface QuarantinedRecord {
  readonly segment: number;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
  /** The quarantine file, or null if it could not be written (the line is then lost). */
  readonly file: string | null;
  /** The line's first bytes, for the log. */
  readonly preview: string;
}

/** Items read from the head, and where the head moves once they are delivered. */
export interface SpoolRead {
  readonly items: string[];
  readonly next: SpoolHead;
}

/**
 * What opening found: items left by an earlier process (`unchecked` of them in segments
 * written before records had checksums), bytes of a torn last line cut off.
 */
export interface SpoolRecovery {
  readonly items: number;
  readonly unchecked: number;
  readonly bytes: number;
  readonly tornBytes: number;
}

interface Segment extends SegmentName {
  size: number;
}

const NEWLINE = 0x0a;
const MIN_READ = 64 * 1024;
const PREVIEW_BYTES = 200;

function io(message: string, cause: unknown): LagwatchError {
  return new LagwatchError(ErrorCode.SPOOL_IO, message, { cause, retryable: true });
}

export class Spool {
  readonly dir: string;
  readonly maxBytes: number;
  readonly recovery: SpoolRecovery;
  readonly #segmentBytes: number;
  readonly #unlock: () => void;
  readonly #onQuarantine: ((record: QuarantinedRecord) => void) | undefined;
  /** Lines quarantined by this process (`segment:offset`), so a re-read skips them quietly. */
  readonly #quarantinedAt = new Set<string>();
  #quarantined = 0;
  #segments: Segment[] = [];
  #head: SpoolHead;
  #items = 0;
  #bytes = 0;
  #tailFd: number | null = null;
  #nextId: number;
  #closed = false;

  /** Opens (creating) the folder; throws LAGWATCH_SPOOL_IO or LAGWATCH_SPOOL_LOCKED. */
  constructor(options: SpoolOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.#segmentBytes =
      options.segmentBytes ??
      Math.min(16 * 1024 * 1024, Math.max(64 * 1024, Math.floor(options.maxBytes / 10)));
    this.#onQuarantine = options.onQuarantine;
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (err) {
      throw io(`cannot create spool folder ${this.dir}`, err);
    }
    this.#unlock = lockSpool(this.dir);
    try {
      const names = listSegments(this.dir);
      const stored = readHead(this.dir);
      const oldest = names[0]?.id ?? stored?.segment ?? 1;
      this.#head =
        stored !== null && stored.segment >= oldest ? stored : { segment: oldest, offset: 0 };
      for (const name of names) {
        const file = segmentFile(this.dir, name);
        if (name.id < this.#head.segment) rmSync(file, { force: true });
        else this.#segments.push({ ...name, size: statSync(file).size });
      }
      const first = this.#segments[0];
      if (first !== undefined && !this.#segments.some((seg) => seg.id === this.#head.segment)) {
        this.#head = { segment: first.id, offset: 0 };
      }
      this.#nextId = Math.max(this.#head.segment, (names.at(-1)?.id ?? 0) + 1);
      const tornBytes = this.#repairTail();
      for (const s of this.#segments) this.#bytes += s.size;
      const counted = this.#countItems();
      this.#items = counted.items;
      this.recovery = {
        items: counted.items,
        unchecked: counted.unchecked,
        bytes: this.#bytes,
        tornBytes,
      };
    } catch (err) {
      this.#unlock();
      throw err instanceof LagwatchError ? err : io(`cannot read spool ${this.dir}`, err);
    }
  }

  /** Items waiting. */
  get items(): number {
    return this.#items;
  }

  /** Bytes on disk (including delivered items of the oldest segment until it is removed). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Lines that failed their check since this Spool was opened: quarantined, never returned. */
  get quarantined(): number {
    return this.#quarantined;
  }

  /** Bytes that can still be appended. */
  get freeBytes(): number {
    return Math.max(0, this.maxBytes - this.#bytes);
  }

  /**
   * Appends items after the newest, as many as fit in maxBytes (counting each record's
   * checksum: recordBytes), and returns how many did (always the first ones). An item must
   * not contain a newline. Throws LAGWATCH_SPOOL_IO.
   */
  append(items: readonly string[]): number {
    this.#assertOpen();
    let accepted = 0;
    while (accepted < items.length) {
      const tail = this.#writableTail(recordBytes(items[accepted]!));
      let chunk = '';
      let chunkBytes = 0;
      let n = accepted;
      while (n < items.length) {
        const item = items[n]!;
        if (item.includes('\n')) {
          throw new LagwatchError(ErrorCode.INPUT_INVALID, 'a spool item holds a newline');
        }
        const size = recordBytes(item);
        if (this.#bytes + chunkBytes + size > this.maxBytes) break;
        if (chunkBytes > 0 && tail.size + chunkBytes + size > this.#segmentBytes) break;
        chunk += encodeRecord(item) + '\n';
        chunkBytes += size;
        n++;
      }
      if (n === accepted) break;
      try {
        writeSync(this.#tailFd!, chunk);
      } catch (err) {
        throw io(`cannot write to spool ${this.dir}`, err);
      }
      tail.size += chunkBytes;
      this.#bytes += chunkBytes;
      this.#items += n - accepted;
      accepted = n;
      if (this.#bytes >= this.maxBytes) break;
    }
    return accepted;
  }

  /**
   * The oldest items, at most `maxItems` and `maxBytes` of items (at least one), without
   * removing them: `ack` does that once they are delivered. Lines failing their check on
   * the way are quarantined and skipped. Null when the spool holds no (good) item.
   */
  read(maxItems: number, maxBytes: number): SpoolRead | null {
    this.#assertOpen();
    const items: string[] = [];
    let bytes = 0;
    let position = this.#head;
    let index = this.#segments.findIndex((s) => s.id === position.segment);
    while (index !== -1 && items.length < maxItems) {
      const segment = this.#segments[index]!;
      if (position.offset < segment.size) {
        const part = this.#readFrom(
          segment,
          position,
          maxItems - items.length,
          maxBytes - bytes,
          items.length === 0,
        );
        appendAll(items, part.items);
        bytes += part.bytes;
        const moved = part.next.offset > position.offset;
        position = part.next;
        if (!moved || part.full) break; // a limit was reached
        if (position.offset < segment.size) continue; // more of this segment
      }
      const following = this.#segments[index + 1];
      if (following === undefined) break;
      position = { segment: following.id, offset: 0 };
      index++;
    }
    if (items.length > 0) return { items, next: position };
    // Only quarantined lines (if any) lay before the end: the head moves past them.
    if (position.segment !== this.#head.segment || position.offset !== this.#head.offset) {
      this.#moveHead(position, 0);
    }
    return null;
  }

  /** Marks what `read` returned as delivered: the head moves past it for good. */
  ack(read: SpoolRead): void {
    if (this.#closed) return;
    this.#moveHead(read.next, read.items.length);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#tailFd !== null) {
      try {
        fsyncSync(this.#tailFd);
      } finally {
        closeSync(this.#tailFd);
        this.#tailFd = null;
      }
    }
    this.#unlock();
  }

  #moveHead(next: SpoolHead, delivered: number): void {
    this.#head = next;
    this.#items = Math.max(0, this.#items - delivered);
    for (const s of this.#segments.filter((seg) => seg.id < this.#head.segment)) {
      this.#removeSegment(s);
    }
    const last = this.#segments.at(-1);
    if (this.#items === 0 && last !== undefined && last.id === this.#head.segment) {
      // Everything is delivered: start afresh so the disk is given back.
      this.#removeSegment(last);
      this.#head = { segment: this.#nextId, offset: 0 };
    }
    try {
      writeHead(this.dir, this.#head);
    } catch (err) {
      throw io(`cannot write the head of spool ${this.dir}`, err);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw io(`spool ${this.dir} is closed`, undefined);
  }

  /** The segment to append to, starting a new one when the current is full. */
  #writableTail(nextItemBytes: number): Segment {
    let tail = this.#segments.at(-1);
    const full = tail !== undefined && tail.size + nextItemBytes > this.#segmentBytes;
    const behindHead = tail !== undefined && tail.id < this.#head.segment;
    // Records with checksums never go into a segment of bare items from an older version.
    const unchecked = tail !== undefined && !tail.checked;
    if (tail === undefined || full || behindHead || unchecked || this.#tailFd === null) {
      if (tail === undefined || full || behindHead || unchecked) {
        tail = { id: this.#nextId++, checked: true, size: 0 };
        this.#segments.push(tail);
      }
      if (this.#tailFd !== null) closeSync(this.#tailFd);
      try {
        this.#tailFd = openSync(segmentFile(this.dir, tail), 'a');
      } catch (err) {
        throw io(`cannot open a segment of spool ${this.dir}`, err);
      }
    }
    return tail;
  }

  /**
   * Items of one segment from `head`, within the limits (`bytes`: of the items, as a
   * request holds them); the first is taken whatever its size when `mustTakeOne`. `full`:
   * a limit was reached (else the segment or the bytes read ended).
   */
  #readFrom(
    segment: Segment,
    head: SpoolHead,
    maxItems: number,
    maxBytes: number,
    mustTakeOne: boolean,
  ): SpoolRead & { bytes: number; full: boolean } {
    const remaining = segment.size - head.offset;
    const prefix = segment.checked ? RECORD_PREFIX_BYTES : 0;
    const wanted = maxBytes + 1 + Math.min(maxItems, 1_000_000) * prefix;
    let length = Math.min(remaining, Math.max(MIN_READ, wanted));
    const fd = openSync(segmentFile(this.dir, segment), 'r');
    try {
      for (;;) {
        const buffer = Buffer.allocUnsafe(length);
        const got = readSync(fd, buffer, 0, length, head.offset);
        const items: string[] = [];
        let bytes = 0;
        let start = 0;
        let full = false;
        while (items.length < maxItems) {
          const end = buffer.indexOf(NEWLINE, start);
          if (end === -1 || end >= got) break;
          const item = this.#item(segment, buffer.subarray(start, end), head.offset + start);
          if (item === null) {
            start = end + 1;
            continue;
          }
          const size = itemBytes(item);
          if ((items.length > 0 || !mustTakeOne) && bytes + size > maxBytes) {
            full = true;
            break;
          }
          items.push(item);
          bytes += size;
          start = end + 1;
        }
        if (items.length === maxItems) full = true;
        if (items.length > 0 || full || start > 0) {
          return { items, bytes, next: { segment: segment.id, offset: head.offset + start }, full };
        }
        // The first line is longer than what was read.
        if (length >= remaining) {
          throw io(`spool segment ${segment.id} of ${this.dir} ends without a newline`, undefined);
        }
        length = Math.min(remaining, length * 2);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** The item a line holds, or null when it fails its check (it is then quarantined). */
  #item(segment: Segment, line: Buffer, offset: number): string | null {
    if (!segment.checked) return line.toString('utf8');
    const decoded = decodeRecord(line);
    if ('item' in decoded) return decoded.item;
    const key = `${segment.id}:${offset}`;
    if (this.#quarantinedAt.has(key)) return null;
    this.#quarantinedAt.add(key);
    this.#quarantined++;
    this.#items = Math.max(0, this.#items - 1);
    let file: string | null = join(this.dir, QUARANTINE_FILE);
    try {
      appendFileSync(file, Buffer.concat([line, Buffer.from('\n')]));
    } catch {
      file = null;
    }
    this.#onQuarantine?.({
      segment: segment.id,
      offset,
      bytes: line.length + 1,
      reason: decoded.bad,
      file,
      preview: line.toString('utf8', 0, Math.min(line.length, PREVIEW_BYTES)),
    });
    return null;
  }

  #removeSegment(segment: Segment): void {
    if (this.#segments.at(-1) === segment && this.#tailFd !== null) {
      closeSync(this.#tailFd);
      this.#tailFd = null;
    }
    rmSync(segmentFile(this.dir, segment), { force: true });
    this.#bytes -= segment.size;
    this.#segments = this.#segments.filter((s) => s !== segment);
  }

  /** Cuts a last line left half-written by a crash; returns the bytes cut. */
  #repairTail(): number {
    const tail = this.#segments.at(-1);
    if (tail === undefined || tail.size === 0) return 0;
    const fd = openSync(segmentFile(this.dir, tail), 'r+');
    try {
      const size = fstatSync(fd).size;
      const window = Math.min(size, MIN_READ);
      for (let end = size; end > 0;) {
        const from = Math.max(0, end - window);
        const buffer = Buffer.allocUnsafe(end - from);
        readSync(fd, buffer, 0, end - from, from);
        const at = buffer.lastIndexOf(NEWLINE);
        if (at !== -1) {
          const keep = from + at + 1;
          if (keep < size) ftruncateSync(fd, keep);
          tail.size = keep;
          return size - keep;
        }
        end = from;
      }
      ftruncateSync(fd, 0);
      tail.size = 0;
      return size;
    } finally {
      closeSync(fd);
    }
  }

  /** Newlines from the head to the end: the items waiting (and those in unchecked segments). */
  #countItems(): { items: number; unchecked: number } {
    let count = 0;
    let unchecked = 0;
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (const segment of this.#segments) {
      let position = segment.id === this.#head.segment ? this.#head.offset : 0;
      if (segment.id < this.#head.segment) continue;
      const before = count;
      const fd = openSync(segmentFile(this.dir, segment), 'r');
      try {
        while (position < segment.size) {
          const got = readSync(fd, buffer, 0, buffer.length, position);
          if (got === 0) break;
          for (let i = 0; i < got; i++) if (buffer[i] === NEWLINE) count++;
          position += got;
        }
      } finally {
        closeSync(fd);
      }
      if (!segment.checked) unchecked += count - before;
    }
    return { items: count, unchecked };
  }
}
