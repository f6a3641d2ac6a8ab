// Where one topic-partition's log ended over time: (log-end offset, time) points,
// oldest first, bounded. A plateau (the same offset tick after tick) is kept as its
// first and its latest point only, so an idle partition costs two points however long
// it idles, and the history reaches back as far as the partition has been busy.
//
// Lag in seconds comes from it: the time at which the log ended at a given offset.
//
// The points live in one Float64Array (offset, time per point) used as a ring once full,
// rather than an object per point: 10,000 topic-partitions × 60 points were 600,000
// objects. The array starts small and doubles up to `capacity`.
import type { NumberReader } from './number-column.js';

export interface EndOffsetPoint {
  readonly offset: number;
  readonly timestamp: number;
}

const INITIAL_POINTS = 4;
/** Where a point's offset and time sit in its pair of numbers. */
const OFFSET = 0;
const TIME = 1;

export class EndOffsetHistory {
  readonly capacity: number;
  /** (offset, timestamp) per point; a ring once it holds `capacity` points. */
  #data: Float64Array;
  /** Index (in points) of the oldest point; 0 until the ring is full. */
  #start = 0;
  #size = 0;
  /** The last growthPerMs asked (NaN: none since the history last changed). */
  #growthFrom = NaN;
  #growthTo = NaN;
  #growth = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`capacity ${capacity}`);
    this.capacity = capacity;
    this.#data = new Float64Array(2 * Math.min(capacity, INITIAL_POINTS));
  }

  /** The points, oldest first (a copy, made when read: for tests and tools). */
  get points(): readonly EndOffsetPoint[] {
    const out: EndOffsetPoint[] = [];
    for (let i = 0; i < this.#size; i++) {
      out.push({ offset: this.offsetAt(i), timestamp: this.timestampAt(i) });
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes of numbers held: 16 per point room, at most 16 × capacity. */
  get numberBytes(): number {
    return this.#data.byteLength;
  }

  /** The i-th oldest point's offset. */
  offsetAt(i: number): number {
    return this.#data[this.#at(i)]!;
  }

  /** The i-th oldest point's time. */
  timestampAt(i: number): number {
    return this.#data[this.#at(i) + 1]!;
  }

  add(offset: number, timestamp: number): void {
    this.#growthFrom = NaN;
    const size = this.#size;
    if (size > 0) {
      const last = this.#at(size - 1);
      const lastOffset = this.#data[last]!;
      if (timestamp <= this.#data[last + 1]!) return; // out of order: keep what we know
      if (offset < lastOffset) {
        this.#startOver(); // the log went backwards
      } else if (size > 1 && lastOffset === offset && this.offsetAt(size - 2) === offset) {
        // Still on the plateau: move its latest point forward.
        this.#data[last + 1] = timestamp;
        return;
      }
    }
    this.#append(offset, timestamp);
  }

  /**
   * How fast the log end moved from `from` to `to` (offsets per ms), from the newest points
   * at or before each; 0 if unknown. The last answer is kept until the history changes:
   * every group reading the partition asks it with the same two times in a tick (the
   * sampled groups' windows start and end at the same ticks), so one in ten at ten groups
   * a topic-partition computes it.
   */
  growthPerMs(from: number, to: number): number {
    if (from === this.#growthFrom && to === this.#growthTo) return this.#growth;
    const start = this.offsetAtOrBefore(from);
    const end = this.offsetAtOrBefore(to);
    const growth = start === null || end === null || to <= from ? 0 : (end - start) / (to - from);
    this.#growthFrom = from;
    this.#growthTo = to;
    this.#growth = growth;
    return growth;
  }

  /**
   * How long a group needs to catch up `currentLag` (> 0) at the pace it read `consumed`
   * (> 0) offsets from `fromAgoMs` to `toAgoMs` before `tickTime`, net of how fast the log
   * grew meanwhile (growthPerMs); null when it does not gain on the log. Whole ms.
   *
   * The times come as distances from the tick's, and only whole ms leave: an epoch time in
   * ms is too large for V8's small integers, so each one passed to or returned from a call
   * V8 does not inline is a new heap number, and this runs for every group-partition every
   * tick.
   */
  catchUpMs(
    consumed: number,
    fromAgoMs: number,
    toAgoMs: number,
    tickTime: number,
    currentLag: number,
  ): number | null {
    const consumedPerMs = consumed / (fromAgoMs - toAgoMs);
    const netPerMs = consumedPerMs - this.growthPerMs(tickTime - fromAgoMs, tickTime - toAgoMs);
    return netPerMs <= 0 ? null : Math.round(currentLag / netPerMs);
  }

  /** The offset of the newest point at or before `time`, or null (none that old). */
  offsetAtOrBefore(time: number): number | null {
    const before = this.#pointsAtOrBelow(TIME, time);
    return before === 0 ? null : this.offsetAt(before - 1);
  }

  /**
   * Writes the points, oldest first, into `target` from `at`: their count of numbers,
   * then (offset, timestamp) per point. Returns where the writing ended; `target` must
   * have room for `exportLength` numbers.
   */
  writeTo(target: Float64Array, at: number): number {
    let out = at;
    target[out++] = this.#size * 2;
    for (let i = 0; i < this.#size; i++) {
      const from = this.#at(i);
      target[out++] = this.#data[from]!;
      target[out++] = this.#data[from + 1]!;
    }
    return out;
  }

  /** How many numbers `writeTo` writes. */
  get exportLength(): number {
    return 1 + this.#size * 2;
  }

  /**
   * A history of `capacity` holding what `writeTo` wrote, original times included;
   * beyond capacity, the newest points. Points out of time order are dropped.
   */
  static readFrom(capacity: number, reader: NumberReader): EndOffsetHistory {
    const flat = reader.run();
    const history = new EndOffsetHistory(capacity);
    let lastTime = -Infinity;
    let lastOffset = -Infinity;
    for (let at = 0; at + 1 < flat.length; at += 2) {
      const offset = flat[at]!;
      const timestamp = flat[at + 1]!;
      if (timestamp <= lastTime) continue;
      // As `add`: a log end that went back starts the history over, so the offsets never
      // go down, which the searches rely on (a state file written by hand may break it).
      if (offset < lastOffset) history.#startOver();
      lastTime = timestamp;
      lastOffset = offset;
      history.#append(offset, timestamp);
    }
    return history;
  }

  /**
   * When the message at `offset` was appended, i.e. when the log end passed `offset`:
   * the age of a consumer's oldest unread message is the tick time minus this.
   * Null when the history cannot tell.
   *
   * - At or beyond the newest point: the newest point's time (nothing newer is unread).
   * - Otherwise between the last point at or below `offset` and the point after it: linear
   *   interpolation. On a plateau at exactly `offset` that is the plateau's latest point:
   *   the log stayed there until then, so the next message came after it.
   * - Below the oldest point: extrapolated back from the oldest point at the rate between
   *   the end of the oldest plateau and the point after it; null when the log never
   *   moved in the history (no rate to go by).
   */
  timeAtOffset(offset: number): number | null {
    const time = this.#timeAt(offset);
    return Number.isNaN(time) ? null : time;
  }

  /**
   * How old the message at `offset` is at `tickTime` (tickTime minus timeAtOffset, at
   * least 0), in whole ms; null when the history cannot tell. Only the age leaves, not the
   * epoch time (see catchUpMs).
   */
  ageMs(offset: number, tickTime: number): number | null {
    const time = this.#timeAt(offset);
    return Number.isNaN(time) ? null : Math.max(0, Math.round(tickTime - time));
  }

  /** timeAtOffset, NaN for null; reads the points in place. */
  #timeAt(offset: number): number {
    const size = this.#size;
    if (size === 0) return Number.NaN;
    const data = this.#data;
    const newest = this.#at(size - 1);
    if (offset >= data[newest]!) return data[newest + 1]!;
    const below = this.#pointsAtOrBelow(OFFSET, offset); // < size: the newest point is above it
    if (below > 0) {
      // a is the newest point at or below `offset`, b the one after it: a.offset <= offset
      // < b.offset, so b.offset > a.offset.
      const a = this.#at(below - 1);
      const b = this.#at(below);
      const aTime = data[a + 1]!;
      return aTime + ((offset - data[a]!) * (data[b + 1]! - aTime)) / (data[b]! - data[a]!);
    }
    const oldest = this.#at(0);
    const oldestOffset = data[oldest]!;
    let after = 1;
    while (after < size && data[this.#at(after)]! <= oldestOffset) after++;
    if (after === size) return Number.NaN;
    const b = this.#at(after);
    const a = this.#at(after - 1);
    const msPerMessage = (data[b + 1]! - data[a + 1]!) / (data[b]! - data[a]!);
    return data[oldest + 1]! - (oldestOffset - offset) * msPerMessage;
  }

  /** Appends a point, dropping the oldest when full. */
  #append(offset: number, timestamp: number): void {
    if (this.#size === this.#data.length / 2 && this.#size < this.capacity) {
      // Not yet a ring (#start is 0): grow in place order.
      const grown = new Float64Array(2 * Math.min(this.capacity, this.#size * 2));
      grown.set(this.#data);
      this.#data = grown;
    }
    if (this.#size < this.capacity) {
      const at = this.#at(this.#size++);
      this.#data[at] = offset;
      this.#data[at + 1] = timestamp;
      return;
    }
    // Full: the new point takes the oldest one's place.
    const at = this.#at(0);
    this.#data[at] = offset;
    this.#data[at + 1] = timestamp;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /**
   * How many points, from the oldest, have a `field` (OFFSET or TIME) at or below `value`,
   * by a binary search: offsets never go down (`add` and `readFrom` start over when the log
   * end went back) and times only go up. A lagging group's commit is often older than most
   * of the history (a group that stopped, one falling behind), and a walk back from the
   * newest point went through all of it, for each of its partitions every tick: 60 points
   * by default, more where `window.endOffsetHistory` is raised to reach further back.
   */
  #pointsAtOrBelow(field: typeof OFFSET | typeof TIME, value: number): number {
    let low = 0;
    let high = this.#size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#data[this.#at(middle) + field]! <= value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Forgets every point: the log end went back (the topic was deleted and made again). */
  #startOver(): void {
    this.#start = 0;
    this.#size = 0;
  }

  /** Index in #data of the i-th oldest point. */
  #at(i: number): number {
    const slot = this.#start + i;
    return 2 * (slot >= this.capacity ? slot - this.capacity : slot);
  }
}
