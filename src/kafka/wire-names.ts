// Names read off the wire (group ids, topics, protocol types, group states), kept by a client
// from one tick to the next: a name whose bytes were read before is handed out as the string
// made then, not decoded again. Each tick reads every group's id in ListGroups and again in
// OffsetFetch, with the group's states, types and topics; each string lived through the tick
// (the listing and the committed offsets are held until the groups' lags are made), so V8
// promoted them all and a full collection freed them the tick after: about 1.4 MB a tick at
// 10,000 groups against a real broker (bench/service, LAGWATCH_BENCH_REAL=1, `promoted`
// profile). A name read again is the string already in the old generation, and the
// comparison makes nothing.
//
// Bounded: names are kept for two turns (the client turns once a tick, at its listing), so a
// deleted group's id is let go a tick after the last answer that named it. Only ASCII names
// are kept: their bytes compare to the string's char codes one to one (others are decoded
// each time, as before). Names are found by a 32-bit FNV-1a hash of their bytes; two names
// with the same hash take turns (the other is decoded), which is rare and costs nothing but
// the decoding.

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Longer names are decoded each time: hashing and comparing them would cost more. */
export const LONGEST_KEPT_NAME = 256;

/** A kept name and the last turn it was read in. */
interface KeptName {
  readonly text: string;
  readIn: number;
}

export class WireNames {
  // One map for all turns, each name stamped with the turn it was last read in: a name read
  // again only has its stamp set. A map per turn, refilled every tick, grew its table again
  // and again, and those tables were promoted as the strings had been.
  readonly #kept = new Map<number, KeptName>();
  #turn = 0;

  /** How many names are kept. */
  get size(): number {
    return this.#kept.size;
  }

  /** `length` bytes of `buffer` from `at` as UTF-8 text: the kept string for them, if any. */
  text(buffer: Buffer, at: number, length: number): string {
    if (length > LONGEST_KEPT_NAME) return buffer.toString('utf8', at, at + length);
    let hash = FNV_OFFSET;
    let high = 0;
    for (let i = at, end = at + length; i < end; i++) {
      const byte = buffer[i]!;
      high |= byte;
      hash = Math.imul(hash ^ byte, FNV_PRIME);
    }
    if ((high & 0x80) !== 0) return buffer.toString('utf8', at, at + length);
    const kept = this.#kept.get(hash);
    if (kept !== undefined && sameAscii(kept.text, buffer, at, length)) {
      kept.readIn = this.#turn;
      return kept.text;
    }
    const made = buffer.toString('latin1', at, at + length);
    this.#kept.set(hash, { text: made, readIn: this.#turn });
    return made;
  }

  /** A new turn: names not read in this one or the one before are let go. */
  turn(): void {
    this.#turn++;
    const oldest = this.#turn - 1;
    for (const [hash, kept] of this.#kept) if (kept.readIn < oldest) this.#kept.delete(hash);
  }
}

function sameAscii(name: string, buffer: Buffer, at: number, length: number): boolean {
  if (name.length !== length) return false;
  for (let i = 0; i < length; i++) if (name.charCodeAt(i) !== buffer[at + i]) return false;
  return true;
}
