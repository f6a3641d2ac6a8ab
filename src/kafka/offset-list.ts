// Offsets as Kafka lists them, (topic, partition, offset) entry after entry, packed: a
// group's committed offsets from OffsetFetch (topic by topic), and the log ends or starts
// of a tick's partitions from ListOffsets. A tick holds both kinds until the lag pass at its
// end, so they outlive V8's young generation: as an object per entry ({topic, partition,
// offset}) and an array per group, OffsetFetch's were about 7 MB promoted a tick at 10,000
// groups × 10 partitions, an eighth of all a tick promoted (bench/service,
// LAGWATCH_BENCH_PROFILE=promoted), and ListOffsets' 20,000 a tick were a quarter of what was
// left once the Metadata and the samples were kept. Packed, the entries of one answer share
// one Float64Array (outside the heap: a collection neither copies nor marks its numbers) and
// one array of topic names, one name per run of a topic; each list (a group's, or a whole
// ListOffsets answer) is a small view.
import { holdHiddenClass } from '../contract/hidden-class.js';

/** Numbers per entry: topic (index into the names), partition, offset. */
const ENTRY = 3;
const FIRST_ENTRIES = 256;

/** What one answer's lists share: their entries, appended list after list. */
export class OffsetColumns {
  #numbers = new Float64Array(FIRST_ENTRIES * ENTRY);
  readonly #topics: string[] = [];
  #count = 0;

  /** Entries so far: where the next list starts. */
  get count(): number {
    return this.#count;
  }

  /** Appends one entry; a topic that differs from the last entry's starts a new run. */
  add(topic: string, partition: number, offset: number): void {
    const topics = this.#topics;
    if (topics.length === 0 || topics[topics.length - 1] !== topic) topics.push(topic);
    let numbers = this.#numbers;
    const at = this.#count * ENTRY;
    if (at + ENTRY > numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      this.#numbers = numbers = grown;
    }
    numbers[at] = topics.length - 1;
    numbers[at + 1] = partition;
    numbers[at + 2] = offset;
    this.#count++;
  }

  /** The entries from `from` to the last one added, as one list. */
  listFrom(from: number): OffsetList {
    return new OffsetList(this, from, this.#count);
  }

  /** Entry `i`'s topic. */
  topicAt(i: number): string {
    return this.#topics[this.#numbers[i * ENTRY]!]!;
  }

  partitionAt(i: number): number {
    return this.#numbers[i * ENTRY + 1]!;
  }

  offsetAt(i: number): number {
    return this.#numbers[i * ENTRY + 2]!;
  }
}

export interface OffsetEntry {
  readonly topic: string;
  readonly partition: number;
  /** Of committed offsets: -1 where the group has no commit on the partition. */
  readonly offset: number;
}

/**
 * One list of entries, in the order the answer listed them: a group's committed offsets (-1
 * where the group has no commit), or a ListOffsets answer's offsets.
 */
export class OffsetList {
  readonly length: number;
  readonly #columns: OffsetColumns;
  readonly #from: number;

  constructor(columns: OffsetColumns, from: number, to: number) {
    this.#columns = columns;
    this.#from = from;
    this.length = to - from;
  }

  topic(i: number): string {
    return this.#columns.topicAt(this.#from + i);
  }

  partition(i: number): number {
    return this.#columns.partitionAt(this.#from + i);
  }

  offset(i: number): number {
    return this.#columns.offsetAt(this.#from + i);
  }

  /** The entries as objects (a copy, made when asked: logs, tests). */
  toArray(): OffsetEntry[] {
    const out: OffsetEntry[] = [];
    for (let i = 0; i < this.length; i++)
      out.push({ topic: this.topic(i), partition: this.partition(i), offset: this.offset(i) });
    return out;
  }

  toJSON(): OffsetEntry[] {
    return this.toArray();
  }
}

/** A list of its own from entries (one group per request on older brokers; test doubles). */
export function offsetList(entries: Iterable<OffsetEntry>): OffsetList {
  const columns = new OffsetColumns();
  for (const { topic, partition, offset } of entries) columns.add(topic, partition, offset);
  return columns.listFrom(0);
}

// Made per tick (src/contract/hidden-class.ts says why one of each is held).
holdHiddenClass(offsetList([{ topic: '', partition: 0, offset: 0 }]));
