// One item as the spool stores it: `<crc32 of the item, 8 hex digits> <item>\n`. The check
// tells an item written whole from a line garbled on disk (a bad sector, a truncated copy,
// a hand edit), which must never reach a server as data. Segments written before records
// had checksums (`NNN.seg`; checked ones are `NNN.v2.seg`) hold bare items, one a line.
import { crc32 } from './crc32.js';

/** Bytes a record adds to its item: eight hex digits and a space. */
export const RECORD_PREFIX_BYTES = 9;
const SPACE = 0x20;
const HEX = /^[0-9a-f]{8}$/;

/** The line a checked segment holds for an item (without its newline). */
export function encodeRecord(item: string): string {
  const bytes = Buffer.from(item, 'utf8');
  return `${crc32(bytes).toString(16).padStart(8, '0')} ${item}`;
}

/** Bytes a record of `item` takes on disk, newline included. */
export function recordBytes(item: string): number {
  return Buffer.byteLength(item, 'utf8') + RECORD_PREFIX_BYTES + 1;
}

/** The item of the record in `line` (no newline), or why it is not a record. */
export function decodeRecord(line: Buffer): { item: string } | { bad: string } {
  if (line.length < RECORD_PREFIX_BYTES || line[RECORD_PREFIX_BYTES - 1] !== SPACE) {
    return { bad: 'not a spool record (no checksum)' };
  }
  const stored = line.toString('latin1', 0, RECORD_PREFIX_BYTES - 1);
  if (!HEX.test(stored)) return { bad: 'not a spool record (no checksum)' };
  const body = line.subarray(RECORD_PREFIX_BYTES);
  const actual = crc32(body);
  if (actual !== Number.parseInt(stored, 16)) {
    return {
      bad: `checksum mismatch (stored ${stored}, computed ${actual.toString(16).padStart(8, '0')})`,
    };
  }
  return { item: body.toString('utf8') };
}
