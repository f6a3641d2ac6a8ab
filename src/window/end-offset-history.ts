// Where one topic-partition's log ended over time: (log-end offset, time) points,
// oldest first, bounded. A plateau (the same offset tick after tick) is kept as its
// first and its latest point only, so an idle partition costs two points however long
// it idles, and the history reaches back as far as the partition has been busy.
//
// Lag in seconds comes from it: the time at which the log ended at a given offset.
import type { NumberReader } from './number-column.js';

export interface EndOffsetPoint {
  readonly offset: number;
  readonly timestamp: number;
}

export class EndOffsetHistory {
  readonly capacity: number;
  #points: EndOffsetPoint[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`capacity ${capacity}`);
    this.capacity = capacity;
  }

  get points(): readonly EndOffsetPoint[] {
    return this.#points;
  }

  add(offset: number, timestamp: number): void {
    const points = this.#points;
    const last = points[points.length - 1];
    if (last && timestamp <= last.timestamp) return; // out of order: keep what we know
    if (last && offset < last.offset) {
      // The log went backwards: the topic was deleted and created again. Start over.
      this.#points = [{ offset, timestamp }];
      return;
    }
    const beforeLast = points[points.length - 2];
    if (last && beforeLast && last.offset === offset && beforeLast.offset === offset) {
      // Still on the plateau: move its latest point forward.
      points[points.length - 1] = { offset, timestamp };
      return;
    }
    points.push({ offset, timestamp });
    if (points.length > this.capacity) points.shift();
  }

  /**
   * Writes the points, oldest first, into `target` from `at`: their count of numbers,
   * then (offset, timestamp) per point. Returns where the writing ended; `target` must
   * have room for `exportLength` numbers.
   */
  writeTo(target: Float64Array, at: number): number {
    let out = at;
    target[out++] = this.#points.length * 2;
    for (const p of this.#points) {
      target[out++] = p.offset;
      target[out++] = p.timestamp;
    }
    return out;
  }

  /** How many numbers `writeTo` writes. */
  get exportLength(): number {
    return 1 + this.#points.length * 2;
  }

  /**
   * A history of `capacity` holding what `writeTo` wrote, original times included;
   * beyond capacity, the newest points. Points out of time order are dropped.
   */
  static readFrom(capacity: number, reader: NumberReader): EndOffsetHistory {
    const flat = reader.run();
    const history = new EndOffsetHistory(capacity);
    const points: EndOffsetPoint[] = [];
    for (let at = 0; at + 1 < flat.length; at += 2) {
      const point = { offset: flat[at]!, timestamp: flat[at + 1]! };
      const last = points[points.length - 1];
      if (last && point.timestamp <= last.timestamp) continue;
      points.push(point);
    }
    history.#points = points.slice(Math.max(0, points.length - capacity));
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
    const points = this.#points;
    const newest = points[points.length - 1];
    if (!newest) return null;
    if (offset >= newest.offset) return newest.timestamp;
    for (let i = points.length - 2; i >= 0; i--) {
      const a = points[i]!;
      if (a.offset <= offset) {
        const b = points[i + 1]!;
        // a.offset <= offset < b.offset, so b.offset > a.offset.
        return (
          a.timestamp + ((offset - a.offset) * (b.timestamp - a.timestamp)) / (b.offset - a.offset)
        );
      }
    }
    const oldest = points[0]!;
    const after = points.findIndex((p) => p.offset > oldest.offset);
    if (after < 1) return null;
    const from = points[after - 1]!;
    const to = points[after]!;
    const msPerMessage = (to.timestamp - from.timestamp) / (to.offset - from.offset);
    return oldest.timestamp - (oldest.offset - offset) * msPerMessage;
  }
}
