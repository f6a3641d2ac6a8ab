// The last N consumer samples of one partition, in one flat Float64Array (offset,
// timestamp, lag for each slot) rather than N objects. Float64 holds offsets exactly up to
// 2^53. The window store keeps its rings in columns per group (group-partitions.ts); this
// single ring is for one partition on its own (catchUpMs takes its span).
import type { PartitionSample } from '../contract/evaluation.js';
import type { NumberReader } from './number-column.js';

const FIELDS = 3; // offset, timestamp, lag (NaN: unknown)

export class SampleRing {
  readonly capacity: number;
  readonly #slots: Float64Array;
  #next = 0;
  #size = 0;

  /**
   * `slots`: room of its own for `capacity` samples in a larger block (the rings restored
   * at a start share one: a hundred thousand small arrays each cost an allocation of
   * their own memory outside the heap, and most of the time to load).
   */
  constructor(capacity: number, slots?: Float64Array) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity ${capacity}`);
    if (slots && slots.length !== capacity * FIELDS) {
      throw new RangeError(`${slots.length} slots for capacity ${capacity}`);
    }
    this.capacity = capacity;
    this.#slots = slots ?? new Float64Array(capacity * FIELDS);
  }

  /** A block of room for `rings` rings of `capacity`, to hand out with `slotsIn`. */
  static block(capacity: number, rings: number): Float64Array {
    return new Float64Array(capacity * FIELDS * rings);
  }

  /** The `index`-th ring's room in a `block`. */
  static slotsIn(block: Float64Array, capacity: number, index: number): Float64Array {
    const length = capacity * FIELDS;
    return block.subarray(index * length, (index + 1) * length);
  }

  get size(): number {
    return this.#size;
  }

  push(offset: number, timestamp: number, lag: number | null): void {
    const at = this.#next * FIELDS;
    this.#slots[at] = offset;
    this.#slots[at + 1] = timestamp;
    this.#slots[at + 2] = lag ?? Number.NaN;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /**
   * Overwrites the newest sample's offset and lag, keeping its timestamp: Burrow's
   * min-distance, for commits that come faster than it allows.
   */
  replaceLast(offset: number, lag: number | null): void {
    if (this.#size === 0) throw new RangeError('no sample to replace');
    const at = this.#slot(this.#size - 1);
    this.#slots[at] = offset;
    this.#slots[at + 2] = lag ?? Number.NaN;
  }

  /** The samples, oldest first. `observedAt` is the tick time, the same as `timestamp`. */
  toArray(): PartitionSample[] {
    const out: PartitionSample[] = new Array<PartitionSample>(this.#size);
    for (let i = 0; i < this.#size; i++) {
      const at = this.#slot(i);
      const lag = this.#slots[at + 2]!;
      const timestamp = this.#slots[at + 1]!;
      out[i] = {
        offset: this.#slots[at]!,
        timestamp,
        lag: Number.isNaN(lag) ? null : lag,
        observedAt: timestamp,
      };
    }
    return out;
  }

  /** The newest sample's offset, or undefined when empty. */
  lastOffset(): number | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#slot(this.#size - 1)];
  }

  /** The newest sample's time, or undefined when empty. */
  lastTimestamp(): number | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#slot(this.#size - 1) + 1];
  }

  /** The oldest and newest samples' offsets and times, for rates. */
  span(): { firstOffset: number; firstTime: number; lastOffset: number; lastTime: number } | null {
    if (this.#size < 2) return null;
    const first = this.#slot(0);
    const last = this.#slot(this.#size - 1);
    return {
      firstOffset: this.#slots[first]!,
      firstTime: this.#slots[first + 1]!,
      lastOffset: this.#slots[last]!,
      lastTime: this.#slots[last + 1]!,
    };
  }

  /**
   * Writes the samples, oldest first, into `target` from `at`: their count of numbers,
   * then (offset, timestamp, lag or NaN) per sample, original timestamps kept. Returns
   * where the writing ended; `target` must have room for `exportLength` numbers.
   */
  writeTo(target: Float64Array, at: number): number {
    const slots = this.#slots;
    let out = at;
    target[out++] = this.#size * FIELDS;
    const start = this.#slot(0);
    const first = Math.min(this.#size * FIELDS, slots.length - start);
    for (let i = start; i < start + first; i++) target[out++] = slots[i]!;
    for (let i = 0; i < this.#size * FIELDS - first; i++) target[out++] = slots[i]!;
    return out;
  }

  /** How many numbers `writeTo` writes. */
  get exportLength(): number {
    return 1 + this.#size * FIELDS;
  }

  /**
   * A ring of `capacity` (in `slots`, if given) holding what `writeTo` wrote; beyond
   * capacity, the newest.
   */
  static readFrom(capacity: number, reader: NumberReader, slots?: Float64Array): SampleRing {
    const flat = reader.run();
    const ring = new SampleRing(capacity, slots);
    const count = Math.floor(flat.length / FIELDS);
    const kept = Math.min(count, capacity);
    // A loop rather than set(subarray): no view allocated per ring (100,000 at a start).
    const slotsOf = ring.#slots;
    const from = (count - kept) * FIELDS;
    for (let i = 0; i < kept * FIELDS; i++) slotsOf[i] = flat[from + i]!;
    ring.#size = kept;
    ring.#next = kept % capacity;
    return ring;
  }

  /** Index in #slots of the i-th oldest sample. */
  #slot(i: number): number {
    return ((this.#next - this.#size + i + this.capacity) % this.capacity) * FIELDS;
  }
}
