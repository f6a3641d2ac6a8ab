// A group's committed offsets as OffsetFetch lists them (topic by topic), packed. A tick
// holds every group's offsets from its OffsetFetch answer until the lag pass at the tick's
// end (the log ends are asked after them), so they outlive V8's young generation: as an
// object per partition ({topic, partition, offset}) and an array per group, that was about
// 7 MB promoted a tick at 10,000 groups × 10 partitions, an eighth of all a tick promoted
// (bench/service, LAGWATCH_BENCH_PROFILE=promoted). Packed, the groups of one answer share
// one Float64Array (outside the heap: a collection neither copies nor marks its numbers)
// and one array of topic names, one name per run of a topic; a group keeps a small view.
import { holdHiddenClass } from '../contract/hidden-class.js';

/** Numbers per entry: topic (index into the names), partition, offset. */
const ENTRY = 3;
const FIRST_ENTRIES = 256;

/** What one answer's groups share: their entries, appended group after group. */
export class OffsetColumns {
  #numbers = new Float64Array(FIRST_ENTRIES * ENTRY);
  readonly #topics: string[] = [];
  #count = 0;

  /** Entries so far: where the next group's list starts. */
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

  /** The entries from `from` to the last one added, as one group's list. */
  listFrom(from: number): CommittedOffsetList {
    return new CommittedOffsetList(this, from, this.#count);
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

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** -1 where the group has no commit on the partition. */
  readonly offset: number;
}

/** One group's committed offsets, in the order its answer listed them. */
export class CommittedOffsetList {
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
  toArray(): CommittedOffset[] {
    const out: CommittedOffset[] = [];
    for (let i = 0; i < this.length; i++)
      out.push({ topic: this.topic(i), partition: this.partition(i), offset: this.offset(i) });
    return out;
  }

  toJSON(): CommittedOffset[] {
    return this.toArray();
  }
}

/** A list of its own from entries (one group per request on older brokers; test doubles). */
export function committedOffsetList(entries: Iterable<CommittedOffset>): CommittedOffsetList {
  const columns = new OffsetColumns();
  for (const { topic, partition, offset } of entries) columns.add(topic, partition, offset);
  return columns.listFrom(0);
}

// Made per tick (src/contract/hidden-class.ts says why one of each is held).
holdHiddenClass(committedOffsetList([{ topic: '', partition: 0, offset: 0 }]));
