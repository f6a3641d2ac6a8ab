// A topic-partition's last log-end offsets, one per tick, oldest first: what every window
// of it hands out as `brokerOffsets`. Kept as a ring in one array, written in place. Made
// anew each tick instead (so that windows handed out kept theirs), the 10,000
// topic-partitions of a large cluster made 10,000 arrays a tick, each kept until the next
// tick and so promoted by the collector: 2 MB a tick (bench/service, promoted profile).
// Judging reads them only for a partition whose commits stopped (Burrow's rule: stopped,
// unless the log end came down to the commit lately), so the array a window hands out is
// made when first read in a tick, and shared by that tick's windows.
import { holdHiddenClass } from '../contract/hidden-class.js';

export class RecentEnds {
  #ends: number[] = [];
  /** Where the oldest end sits once the ring has turned; 0 while it fills. */
  #head = 0;
  /** The ends as last read, until the next one is added: the windows of a tick share it. */
  #read: readonly number[] | null = null;

  /** The last `keep` of `ends` (oldest first), in an array of its own. */
  static of(ends: readonly number[], keep = ends.length): RecentEnds {
    const recent = new RecentEnds();
    recent.#ends = lastOf(ends, keep);
    return recent;
  }

  get length(): number {
    return this.#ends.length;
  }

  /** The i-th oldest end. */
  at(i: number): number {
    const ends = this.#ends;
    return ends[(this.#head + i) % ends.length]!;
  }

  /** Adds the newest end, keeping the last `keep`. */
  add(end: number, keep: number): void {
    this.#read = null;
    const ends = this.#ends;
    if (this.#head === 0 && ends.length < keep) {
      ends.push(end); // filling
      // Full: a copy of its exact size (push leaves room for more, kept for good otherwise).
      if (ends.length === keep) this.#ends = ends.slice();
      return;
    }
    if (ends.length === keep && keep > 0) {
      ends[this.#head] = end;
      this.#head = (this.#head + 1) % keep;
      return;
    }
    // `keep` is not the ring's size (a store with other sizes read this state): oldest
    // first again, then cut to size.
    const ordered = this.toArray();
    ordered.push(end);
    this.#ends = lastOf(ordered, keep);
    this.#head = 0;
  }

  /**
   * The ends, oldest first, as an array made once per tick (when first read) and shared by
   * every window that reads it then; it never changes.
   */
  read(): readonly number[] {
    return (this.#read ??= this.toArray());
  }

  /** The ends, oldest first, as an array of their own. */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#ends.length; i++) out.push(this.at(i));
    return out;
  }
}

/** The last `keep` of `ends`, in an array of its own. */
function lastOf(ends: readonly number[], keep: number): number[] {
  return ends.slice(Math.max(0, ends.length - keep));
}

// One per topic-partition, made as they appear (src/contract/hidden-class.ts says why).
holdHiddenClass(RecentEnds.of([0]));
