// A bulk request's body: NDJSON, for each item its action line and its document, each
// followed by a newline, as UTF-8. Written straight into one Buffer, which the client sends
// as it is. Given as lines, the client joined two new strings an item into one string of the
// whole batch, which the HTTP client then encoded again: about 610,000 items a second of
// CPU, against about 1,000,000 written so (bench/encoders' documents, batches of 2,000).
import { decodeBulkItem } from './bulk-item.js';
import { bulkActionHead } from './index-mode.js';
import type { IndexMode } from './index-mode.js';

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a pair's 4 bytes are 2 units). */
const MAX_BYTES_PER_UNIT = 3;
/** Bytes an item adds beyond its head, id and document: `}}` and two newlines, with room to spare. */
const ITEM_EXTRA = 8;

export function bulkBody(items: readonly string[], mode: IndexMode): Buffer {
  // Sized for ASCII items with a short head; an item that may not fit grows it first.
  let room = 0;
  for (const item of items) room += item.length + 64;
  let buf = Buffer.allocUnsafe(room);
  let pos = 0;
  let lastIndex: string | null = null;
  let head = '';
  for (const line of items) {
    const { index, id, source } = decodeBulkItem(line);
    if (index !== lastIndex) {
      lastIndex = index;
      head = bulkActionHead(mode, index);
    }
    const idJson = JSON.stringify(id);
    // Buffer.write stops silently where the Buffer ends, so there must be room for the worst case.
    const most = (head.length + idJson.length + source.length) * MAX_BYTES_PER_UNIT + ITEM_EXTRA;
    if (pos + most > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + most));
      buf.copy(bigger, 0, 0, pos);
      buf = bigger;
    }
    pos += buf.write(head, pos);
    pos += buf.write(idJson, pos);
    buf[pos++] = 0x7d; // }
    buf[pos++] = 0x7d;
    buf[pos++] = 0x0a;
    pos += buf.write(source, pos);
    buf[pos++] = 0x0a;
  }
  return buf.subarray(0, pos);
}
