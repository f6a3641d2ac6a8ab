// The spool's files: numbered append-only segments (`000000000001.v2.seg`, one checked
// record a line; `000000000001.seg`, one bare item a line, written before records had
// checksums), `head`, the position up to which items were delivered, replaced atomically,
// and `quarantine`, the lines that failed their check, kept for an operator.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SpoolHead {
  /** The segment the next unread item is in. */
  readonly segment: number;
  /** Its byte offset in that segment. */
  readonly offset: number;
}

/** A segment file: its number, and whether its lines are checked records (or bare items). */
export interface SegmentName {
  readonly id: number;
  readonly checked: boolean;
}

const segmentPattern = /^(\d{12})(\.v2)?\.seg$/;

export const QUARANTINE_FILE = 'quarantine';

export function segmentFile(dir: string, segment: SegmentName): string {
  return join(dir, `${String(segment.id).padStart(12, '0')}${segment.checked ? '.v2' : ''}.seg`);
}

/** The segments in `dir`, oldest first. */
export function listSegments(dir: string): SegmentName[] {
  return readdirSync(dir)
    .map((name) => segmentPattern.exec(name))
    .filter((match) => match !== null)
    .map((match) => ({ id: Number(match[1]), checked: match[2] !== undefined }))
    .sort((a, b) => a.id - b.id);
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
