// One group's partitions, as columns: its numbers in one Float64Array (committed offset,
// current lag and messages lost per partition, then each partition's ring of the last
// `capacity` samples: offset, timestamp, lag), ring heads in one Int32Array, owners in
// two arrays, and the topic-partitions by reference. No object per partition or sample,
// no key per partition: a tick on a group whose partitions did not change writes numbers
// in place (`matches`, then `update`), and only a change of the set (`assemble`) makes a
// new one. At 10 partitions and 10 intervals that is ≈ 300 bytes per group-partition.
//
// Samples keep NaN for an unknown lag; committed offset and current lag NaN for null.
import { orNull } from '../contract/nan-null.js';
import type { PartitionLag } from '../contract/snapshot.js';
import { key, type TopicPartitionState } from './cluster-state.js';
import { RingSeries, SAMPLE_FIELDS } from './ring-series.js';
import { byTopicThenPartition } from '../contract/sort-orders.js';

const FIELDS = SAMPLE_FIELDS; // per sample: offset, timestamp, lag (NaN: unknown)
const COLUMNS = 3; // per partition: committed offset, current lag, messages lost

export class GroupPartitions {
  /** Samples kept per partition. */
  readonly capacity: number;
  readonly count: number;
  /** The i-th partition's topic-partition (its topic and number). */
  readonly tps: readonly TopicPartitionState[];
  readonly hosts: (string | null)[];
  readonly clientIds: (string | null)[];
  /** The owning member's id; not exported with the state (the next tick knows it again). */
  readonly consumerIds: (string | null)[];
  /** Partition indexes by topic, then partition: the order windows list them in. */
  readonly order: Int32Array;
  readonly #numbers: Float64Array;
  /** Per partition: the next ring slot, then (from `count` on) the ring's size. */
  readonly #heads: Int32Array;
  #index: Map<string, number> | null = null;

  private constructor(capacity: number, tps: TopicPartitionState[]) {
    const count = tps.length;
    this.capacity = capacity;
    this.count = count;
    this.tps = tps;
    this.hosts = new Array<string | null>(count).fill(null);
    this.clientIds = new Array<string | null>(count).fill(null);
    this.consumerIds = new Array<string | null>(count).fill(null);
    // One ArrayBuffer for the three arrays: each buffer of its own is a backing store
    // outside the heap that the collector tracks and sweeps. Three per group were 30,000
    // of the 51,000 ArrayBuffers a heap snapshot at 10,000 groups x 10 found.
    const floats = count * (COLUMNS + capacity * FIELDS);
    const buffer = new ArrayBuffer(8 * floats + 4 * 3 * count);
    this.#numbers = new Float64Array(buffer, 0, floats);
    this.#numbers.fill(Number.NaN, 0, 2 * count);
    this.#numbers.fill(0, 2 * count, 3 * count);
    this.#heads = new Int32Array(buffer, 8 * floats, 2 * count);
    const sorted = tps.map((tp, i) => ({ tp, i }));
    sorted.sort((a, b) => byTopicThenPartition(a.tp, b.tp));
    this.order = new Int32Array(buffer, 8 * floats + 4 * 2 * count, count);
    for (let k = 0; k < count; k++) this.order[k] = sorted[k]!.i;
  }

  static empty(capacity: number): GroupPartitions {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity ${capacity}`);
    return new GroupPartitions(capacity, []);
  }

  /**
   * A group of these topic-partitions, each row copied from `from[i]` (a partition of a
   * previous GroupPartitions, its samples cut to the newest `capacity`) or new (nothing
   * known, no samples) where `from[i]` is null.
   */
  static assemble(
    capacity: number,
    tps: TopicPartitionState[],
    from: readonly ({ group: GroupPartitions; index: number } | null)[],
  ): GroupPartitions {
    const out = new GroupPartitions(capacity, tps);
    for (let i = 0; i < tps.length; i++) {
      const source = from[i];
      if (source) out.#copyRow(i, source.group, source.index);
    }
    return out;
  }

  /**
   * Bytes of numbers held (the typed arrays): per partition (3 + 3 × capacity) float64s
   * and three int32s (ring head, ring size, place in `order`).
   */
  get numberBytes(): number {
    return this.#numbers.byteLength + this.#heads.byteLength + this.order.byteLength;
  }

  /** Whether `partitions` are exactly these, in this order: then `update` each in place. */
  matches(partitions: readonly PartitionLag[]): boolean {
    if (partitions.length !== this.count) return false;
    const tps = this.tps;
    for (let i = 0; i < partitions.length; i++) {
      const p = partitions[i]!;
      const tp = tps[i]!;
      if (tp.partition !== p.partition || tp.topic !== p.topic || tp.removed) return false;
    }
    return true;
  }

  /** The partition's index, or -1. */
  indexOf(topic: string, partition: number): number {
    if (!this.#index) {
      this.#index = new Map();
      for (let i = 0; i < this.count; i++) {
        this.#index.set(key(this.tps[i]!.topic, this.tps[i]!.partition), i);
      }
    }
    return this.#index.get(key(topic, partition)) ?? -1;
  }

  /** A tick's view of partition `i`; with `addSample`, its committed offset as a sample. */
  update(i: number, p: PartitionLag, at: number, addSample: boolean): void {
    const n = this.count;
    const numbers = this.#numbers;
    numbers[i] = p.committedOffset ?? Number.NaN;
    numbers[n + i] = p.lag ?? Number.NaN;
    numbers[2 * n + i] = p.messagesLost;
    // Keep the string held when it did not change (the snapshot's copy goes with it), and
    // share an equal one another partition holds: a member owns several partitions, and a
    // response may carry its strings once per partition.
    setShared(this.hosts, i, p.host);
    setShared(this.clientIds, i, p.clientId);
    setShared(this.consumerIds, i, p.consumerId);
    if (addSample && p.committedOffset !== null) this.push(i, p.committedOffset, at, p.lag);
  }

  committedOffset(i: number): number | null {
    return orNull(this.#numbers[i]!);
  }

  currentLag(i: number): number | null {
    return orNull(this.#numbers[this.count + i]!);
  }

  messagesLost(i: number): number {
    return this.#numbers[2 * this.count + i]!;
  }

  /** Sets what an import restores of a partition but its samples. */
  setScalars(i: number, committedOffset: number, currentLag: number, messagesLost: number): void {
    this.#numbers[i] = committedOffset;
    this.#numbers[this.count + i] = currentLag;
    this.#numbers[2 * this.count + i] = messagesLost;
  }

  /** How many samples partition `i` holds. */
  size(i: number): number {
    return this.#heads[this.count + i]!;
  }

  push(i: number, offset: number, timestamp: number, lag: number | null): void {
    const heads = this.#heads;
    const next = heads[i]!;
    const at = this.#ringStart(i) + next * FIELDS;
    this.#numbers[at] = offset;
    this.#numbers[at + 1] = timestamp;
    this.#numbers[at + 2] = lag ?? Number.NaN;
    heads[i] = next + 1 === this.capacity ? 0 : next + 1;
    if (heads[this.count + i]! < this.capacity) heads[this.count + i]!++;
  }

  /** Overwrites the newest sample's offset and lag, keeping its time (Burrow's min-distance). */
  replaceLast(i: number, offset: number, lag: number | null): void {
    const size = this.size(i);
    if (size === 0) throw new RangeError('no sample to replace');
    const at = this.#sampleAt(i, size - 1);
    this.#numbers[at] = offset;
    this.#numbers[at + 2] = lag ?? Number.NaN;
  }

  /** The j-th oldest sample's offset. */
  offsetAt(i: number, j: number): number {
    return this.#numbers[this.#sampleAt(i, j)]!;
  }

  /** The j-th oldest sample's time. */
  timestampAt(i: number, j: number): number {
    return this.#numbers[this.#sampleAt(i, j) + 1]!;
  }

  /**
   * How long before `at` partition i's j-th oldest sample was taken, in ms: a distance, not
   * an epoch time, so that it stays one of V8's small integers (EndOffsetHistory.catchUpMs).
   */
  msBefore(at: number, i: number, j: number): number {
    return at - this.#numbers[this.#sampleAt(i, j) + 1]!;
  }

  /** The newest sample's time, or undefined with none. */
  lastTimestamp(i: number): number | undefined {
    const size = this.size(i);
    return size === 0 ? undefined : this.timestampAt(i, size - 1);
  }

  /**
   * Partition i's samples, oldest first, read in place (until the next tick writes the ring).
   * With `reuse`, that view is pointed at them instead of making a new one.
   */
  series(i: number, reuse?: RingSeries): RingSeries {
    const size = this.size(i);
    let oldest = this.#heads[i]! - size;
    if (oldest < 0) oldest += this.capacity;
    if (reuse === undefined)
      return new RingSeries(this.#numbers, this.#ringStart(i), oldest, size, this.capacity);
    reuse.view(this.#numbers, this.#ringStart(i), oldest, size, this.capacity);
    return reuse;
  }

  /**
   * Writes partition i's samples, oldest first, into `target` from `at`: their count of
   * numbers, then (offset, timestamp, lag or NaN) each. Returns where the writing ended.
   */
  writeSamples(i: number, target: Float64Array, at: number): number {
    const size = this.size(i);
    const numbers = this.#numbers;
    let out = at;
    target[out++] = size * FIELDS;
    if (size === 0) return out;
    // The ring as at most two runs: from the oldest to the end of its room, then from its start.
    const ring = this.#ringStart(i);
    const oldest = this.#sampleAt(i, 0);
    const firstRun = Math.min(size * FIELDS, ring + this.capacity * FIELDS - oldest);
    for (let k = oldest; k < oldest + firstRun; k++) target[out++] = numbers[k]!;
    for (let k = ring; k < ring + size * FIELDS - firstRun; k++) target[out++] = numbers[k]!;
    return out;
  }

  /** Takes (offset, timestamp, lag) triples, oldest first, as partition i's samples; beyond capacity the newest. */
  readSamples(i: number, flat: Float64Array): void {
    const count = Math.floor(flat.length / FIELDS);
    const kept = Math.min(count, this.capacity);
    const start = this.#ringStart(i);
    const from = (count - kept) * FIELDS;
    for (let k = 0; k < kept * FIELDS; k++) this.#numbers[start + k] = flat[from + k]!;
    this.#heads[i] = kept % this.capacity;
    this.#heads[this.count + i] = kept;
  }

  /** Whether some partition's topic was forgotten (deleted): `withoutRemoved` drops them. */
  readsRemoved(): boolean {
    for (const tp of this.tps) if (tp.removed) return true;
    return false;
  }

  withoutRemoved(): GroupPartitions {
    return this.without((i) => this.tps[i]!.removed);
  }

  /** A copy less the partitions `drop` picks (this one unchanged). */
  without(drop: (i: number) => boolean): GroupPartitions {
    const tps: TopicPartitionState[] = [];
    const from: { group: GroupPartitions; index: number }[] = [];
    for (let i = 0; i < this.count; i++) {
      if (drop(i)) continue;
      tps.push(this.tps[i]!);
      from.push({ group: this, index: i });
    }
    return GroupPartitions.assemble(this.capacity, tps, from);
  }

  /** Marks every topic-partition read here with `mark` (a sweep of unread ones). */
  markRead(mark: number): void {
    for (const tp of this.tps) tp.mark = mark;
  }

  #copyRow(i: number, source: GroupPartitions, j: number): void {
    this.#numbers[i] = source.#numbers[j]!;
    this.#numbers[this.count + i] = source.#numbers[source.count + j]!;
    this.#numbers[2 * this.count + i] = source.#numbers[2 * source.count + j]!;
    this.hosts[i] = source.hosts[j]!;
    this.clientIds[i] = source.clientIds[j]!;
    this.consumerIds[i] = source.consumerIds[j]!;
    const size = source.size(j);
    const kept = Math.min(size, this.capacity);
    const start = this.#ringStart(i);
    for (let k = 0; k < kept; k++) {
      const from = source.#sampleAt(j, size - kept + k);
      this.#numbers[start + k * FIELDS] = source.#numbers[from]!;
      this.#numbers[start + k * FIELDS + 1] = source.#numbers[from + 1]!;
      this.#numbers[start + k * FIELDS + 2] = source.#numbers[from + 2]!;
    }
    this.#heads[i] = kept % this.capacity;
    this.#heads[this.count + i] = kept;
  }

  #ringStart(i: number): number {
    return this.count * COLUMNS + i * this.capacity * FIELDS;
  }

  /** Index in #numbers of partition i's j-th oldest sample. */
  #sampleAt(i: number, j: number): number {
    let slot = this.#heads[i]! - this.#heads[this.count + i]! + j;
    if (slot < 0) slot += this.capacity;
    return this.#ringStart(i) + slot * FIELDS;
  }
}

const SHARE_SPAN = 64;

/**
 * Sets `list[i]` to `value`, or to an equal string the list already holds: one string per
 * distinct value per group. Looks only when the value changed (a new group, a new owner), and
 * only at the SHARE_SPAN partitions either side, so a group of thousands stays linear.
 */
export function setShared(list: (string | null)[], i: number, value: string | null): void {
  if (list[i] === value) return;
  if (value !== null) {
    const end = Math.min(list.length, i + SHARE_SPAN + 1);
    for (let j = Math.max(0, i - SHARE_SPAN); j < end; j++) {
      if (j !== i && list[j] === value) {
        list[i] = list[j]!;
        return;
      }
    }
  }
  list[i] = value;
}
