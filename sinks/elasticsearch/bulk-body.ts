// A bulk request's body: NDJSON, for each item its action line and its document, each
// followed by a newline, as UTF-8. Made from the part's bytes (`<index> <_id> <document>`
// and a newline, item by item: bulk-item.ts) without decoding them: the document's bytes,
// newline included, are copied as they are, and each action line's head is made once per
// index. Given as lines, the client joined two new strings an item into one string of the
// whole batch, which the HTTP client then encoded again (about 610,000 items a second of
// CPU, against about 1,000,000 from strings into one Buffer); the items were strings
// decoded from the queue's bytes before that.
import { BufferPool } from '../delivery/buffer-pool.js';
import type { ItemPart } from '../delivery/item-part.js';
import { bulkActionHead } from './index-mode.js';
import type { IndexMode } from './index-mode.js';

const SPACE = 0x20;
/** Bytes an item adds beyond its head, id and document: `}}` and a newline, with room to spare. */
const ITEM_EXTRA = 8;

/**
 * The body, in a Buffer from `pool` (BufferPool: the caller gives it back once the request
 * has answered, as `Buffer.from(body.buffer)`).
 */
export function bulkBody(part: ItemPart, mode: IndexMode, pool = new BufferPool(0)): Buffer {
  const bytes = part.bytes;
  const count = part.length;
  let buf = pool.take(part.byteLength + count * 64);
  let pos = 0;
  let index: Buffer | null = null;
  let head: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = part.start(i);
    const first = bytes.indexOf(SPACE, start);
    const second = bytes.indexOf(SPACE, first + 1);
    const end = part.end(i) + 1; // the document and its newline
    if (index === null || bytes.compare(index, 0, index.length, start, first) !== 0) {
      index = Buffer.from(bytes.subarray(start, first));
      head = Buffer.from(bulkActionHead(mode, index.toString('utf8')), 'utf8');
    }
    // An id escaped by JSON takes at most 6 bytes a byte (\u00XX), and its quotes.
    const most = head.length + (second - first) * 6 + (end - second) + ITEM_EXTRA;
    if (pos + most > buf.length) {
      const bigger = pool.take(Math.max(buf.length * 2, pos + most));
      buf.copy(bigger, 0, 0, pos);
      pool.give(buf);
      buf = bigger;
    }
    pos += head.copy(buf, pos);
    pos = writeIdJson(buf, pos, bytes, first + 1, second);
    buf[pos++] = 0x7d; // }
    buf[pos++] = 0x7d;
    buf[pos++] = 0x0a;
    pos += bytes.copy(buf, pos, second + 1, end);
  }
  return buf.subarray(0, pos);
}

/**
 * Writes the id as a JSON string at `pos`; returns where it ends. Ids are base64url
 * (document-id.ts): quoted as they are; an id with anything JSON escapes goes through
 * JSON.stringify.
 */
function writeIdJson(buf: Buffer, pos: number, bytes: Buffer, start: number, end: number): number {
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80) {
      return pos + buf.write(JSON.stringify(bytes.toString('utf8', start, end)), pos, 'utf8');
    }
  }
  buf[pos++] = 0x22;
  pos += bytes.copy(buf, pos, start, end);
  buf[pos++] = 0x22;
  return pos;
}
