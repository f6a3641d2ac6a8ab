// The spool's files: numbered append-only segments (`000000000001.seg`, one item a line)
// and `head`, the position up to which items were delivered, replaced atomically.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SpoolHead {
  /** The segment the next unread item is in. */
  readonly segment: number;
  /** Its byte offset in that segment. */
  readonly offset: number;
}

const segmentPattern = /^(\d{12})\.seg$/;

export function segmentFile(dir: string, id: number): string {
  return join(dir, `${String(id).padStart(12, '0')}.seg`);
}

/** Ids of the segments in `dir`, oldest first. */
export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => segmentPattern.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The head as written, or null when there is none or it cannot be read. */
export function readHead(dir: string): SpoolHead | null {
  let text: string;
  try {
    text = readFileSync(join(dir, 'head'), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<SpoolHead>;
    const { segment, offset } = parsed;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) {
      return { segment: segment!, offset: offset! };
    }
  } catch {
    // fall through: an unreadable head replays from the oldest segment (writes are idempotent)
  }
  return null;
}

export function writeHead(dir: string, head: SpoolHead): void {
  const file = join(dir, 'head');
  writeFileSync(`${file}.tmp`, JSON.stringify(head));
  renameSync(`${file}.tmp`, file);
}
