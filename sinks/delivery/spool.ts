// The disk spool: where items wait when memory cannot hold them or the server has been
// away too long. Append-only segment files, read back oldest first, a `head` file saying
// how far delivery got, a bound on the bytes on disk. It outlives the process: a new
// Spool on the same folder finds what the last one left, in the same order.
//
// I/O is synchronous: the spool is touched only when a sink is in trouble or closing,
// each call moves at most one batch (or one overflow) of items, and the page cache takes
// the writes. `close()` fsyncs; items appended since the last fsync can be lost by a
// machine crash, not by a process crash or restart.
import {
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
import { ErrorCode, LagwatchError } from '../../src/contract/errors.js';
import { itemBytes } from './item-queue.js';
import { listSegments, readHead, segmentFile, writeHead } from './spool-files.js';
import type { SpoolHead } from './spool-files.js';
import { lockSpool } from './spool-lock.js';

export interface SpoolOptions {
  readonly dir: string;
  /** Bytes the segment files may take on disk, all together. */
  readonly maxBytes: number;
  /** A new segment starts beyond this size. Default: a tenth of maxBytes, 64 KiB to 16 MiB. */
  readonly segmentBytes?: number | undefined;
}

/** Items read from the head, and where the head moves once they are delivered. */
export interface SpoolRead {
  readonly items: string[];
  readonly next: SpoolHead;
}

/** What opening found: items left by an earlier process, bytes of a torn last line cut off. */
export interface SpoolRecovery {
  readonly items: number;
  readonly bytes: number;
  readonly tornBytes: number;
}

interface Segment {
  readonly id: number;
  size: number;
}

const NEWLINE = 0x0a;
const MIN_READ = 64 * 1024;

function io(message: string, cause: unknown): LagwatchError {
  return new LagwatchError(ErrorCode.SPOOL_IO, message, { cause, retryable: true });
}

export class Spool {
  readonly dir: string;
  readonly maxBytes: number;
  readonly recovery: SpoolRecovery;
  readonly #segmentBytes: number;
  readonly #unlock: () => void;
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
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (err) {
      throw io(`cannot create spool folder ${this.dir}`, err);
    }
    this.#unlock = lockSpool(this.dir);
    try {
      const ids = listSegments(this.dir);
      const stored = readHead(this.dir);
      const oldest = ids[0] ?? stored?.segment ?? 1;
      this.#head =
        stored !== null && stored.segment >= oldest ? stored : { segment: oldest, offset: 0 };
      for (const id of ids) {
        if (id < this.#head.segment) rmSync(segmentFile(this.dir, id), { force: true });
        else this.#segments.push({ id, size: statSync(segmentFile(this.dir, id)).size });
      }
      const first = this.#segments[0];
      if (first !== undefined && !this.#segments.some((seg) => seg.id === this.#head.segment)) {
        this.#head = { segment: first.id, offset: 0 };
      }
      this.#nextId = Math.max(this.#head.segment, (ids.at(-1) ?? 0) + 1);
      const tornBytes = this.#repairTail();
      for (const s of this.#segments) this.#bytes += s.size;
      this.#items = this.#countItems();
      this.recovery = { items: this.#items, bytes: this.#bytes, tornBytes };
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

  /** Bytes that can still be appended. */
  get freeBytes(): number {
    return Math.max(0, this.maxBytes - this.#bytes);
  }

  /**
   * Appends items after the newest, as many as fit in maxBytes, and returns how many did
   * (always the first ones). An item must not contain a newline. Throws LAGWATCH_SPOOL_IO.
   */
  append(items: readonly string[]): number {
    this.#assertOpen();
    let accepted = 0;
    while (accepted < items.length) {
      const tail = this.#writableTail(itemBytes(items[accepted]!));
      let chunk = '';
      let chunkBytes = 0;
      let n = accepted;
      while (n < items.length) {
        const item = items[n]!;
        if (item.includes('\n')) {
          throw new LagwatchError(ErrorCode.INPUT_INVALID, 'a spool item holds a newline');
        }
        const size = itemBytes(item);
        if (this.#bytes + chunkBytes + size > this.maxBytes) break;
        if (chunkBytes > 0 && tail.size + chunkBytes + size > this.#segmentBytes) break;
        chunk += item + '\n';
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
   * The oldest items, at most `maxItems` and `maxBytes` (at least one), without removing
   * them: `ack` does that once they are delivered. Null when the spool is empty.
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
        const first = items.length === 0;
        const part = this.#readFrom(
          segment,
          position,
          maxItems - items.length,
          maxBytes - bytes,
          first,
        );
        if (part === null) break; // the next item would pass maxBytes
        items.push(...part.items);
        bytes += part.bytes;
        position = part.next;
        if (position.offset < segment.size) break; // a limit was reached inside the segment
      }
      const following = this.#segments[index + 1];
      if (following === undefined) break;
      position = { segment: following.id, offset: 0 };
      index++;
    }
    return items.length === 0 ? null : { items, next: position };
  }

  /** Marks what `read` returned as delivered: the head moves past it for good. */
  ack(read: SpoolRead): void {
    if (this.#closed) return;
    this.#head = read.next;
    this.#items = Math.max(0, this.#items - read.items.length);
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

  #assertOpen(): void {
    if (this.#closed) throw io(`spool ${this.dir} is closed`, undefined);
  }

  /** The segment to append to, starting a new one when the current is full. */
  #writableTail(nextItemBytes: number): Segment {
    let tail = this.#segments.at(-1);
    const full = tail !== undefined && tail.size + nextItemBytes > this.#segmentBytes;
    const behindHead = tail !== undefined && tail.id < this.#head.segment;
    if (tail === undefined || full || behindHead || this.#tailFd === null) {
      if (tail === undefined || full || behindHead) {
        tail = { id: this.#nextId++, size: 0 };
        this.#segments.push(tail);
      }
      if (this.#tailFd !== null) closeSync(this.#tailFd);
      try {
        this.#tailFd = openSync(segmentFile(this.dir, tail.id), 'a');
      } catch (err) {
        throw io(`cannot open a segment of spool ${this.dir}`, err);
      }
    }
    return tail;
  }

  /**
   * Items of one segment from `head`, within the limits; the first is taken whatever its
   * size when `mustTakeOne`. Null when not even one item fits.
   */
  #readFrom(
    segment: Segment,
    head: SpoolHead,
    maxItems: number,
    maxBytes: number,
    mustTakeOne: boolean,
  ): (SpoolRead & { bytes: number }) | null {
    const remaining = segment.size - head.offset;
    let length = Math.min(remaining, Math.max(MIN_READ, maxBytes + 1));
    const fd = openSync(segmentFile(this.dir, segment.id), 'r');
    try {
      for (;;) {
        const buffer = Buffer.allocUnsafe(length);
        const got = readSync(fd, buffer, 0, length, head.offset);
        const items: string[] = [];
        let start = 0;
        while (items.length < maxItems) {
          const end = buffer.indexOf(NEWLINE, start);
          if (end === -1 || end >= got) break;
          if ((items.length > 0 || !mustTakeOne) && end + 1 > maxBytes) break;
          items.push(buffer.toString('utf8', start, end));
          start = end + 1;
        }
        if (items.length > 0) {
          return {
            items,
            bytes: start,
            next: { segment: segment.id, offset: head.offset + start },
          };
        }
        // The first line is longer than maxBytes (or than what was read, which is more).
        if (!mustTakeOne) return null;
        if (length >= remaining) {
          throw io(`spool segment ${segment.id} of ${this.dir} ends without a newline`, undefined);
        }
        length = Math.min(remaining, length * 2);
      }
    } finally {
      closeSync(fd);
    }
  }

  #removeSegment(segment: Segment): void {
    if (this.#segments.at(-1) === segment && this.#tailFd !== null) {
      closeSync(this.#tailFd);
      this.#tailFd = null;
    }
    rmSync(segmentFile(this.dir, segment.id), { force: true });
    this.#bytes -= segment.size;
    this.#segments = this.#segments.filter((s) => s !== segment);
  }

  /** Cuts a last line left half-written by a crash; returns the bytes cut. */
  #repairTail(): number {
    const tail = this.#segments.at(-1);
    if (tail === undefined || tail.size === 0) return 0;
    const fd = openSync(segmentFile(this.dir, tail.id), 'r+');
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

  /** Newlines from the head to the end: the items waiting. */
  #countItems(): number {
    let count = 0;
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (const segment of this.#segments) {
      let position = segment.id === this.#head.segment ? this.#head.offset : 0;
      if (segment.id < this.#head.segment) continue;
      const fd = openSync(segmentFile(this.dir, segment.id), 'r');
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
    }
    return count;
  }
}
