// The offsets ListOffsets answers listed, partition by partition, packed in three columns
// (topic, partition, offset) instead of an object each. A tick asks for every partition's
// log end and start, 20,000 entries at 10,000 topic-partitions, and holds both answers until
// the partitions' logs are built from them; as objects they were promoted to V8's old
// generation every tick against a real broker (bench/service, `promoted` profile: about a
// quarter of what a tick promoted once the Metadata and the samples were kept). Columns are
// three arrays, whose numbers the collector neither moves one by one nor marks.

/** One listed offset as an object (tests, logs). */
export interface ListedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export class ListedOffsetList {
  readonly #topics: string[] = [];
  readonly #partitions: number[] = [];
  readonly #offsets: number[] = [];

  get length(): number {
    return this.#topics.length;
  }

  add(topic: string, partition: number, offset: number): void {
    this.#topics.push(topic);
    this.#partitions.push(partition);
    this.#offsets.push(offset);
  }

  topic(i: number): string {
    return this.#topics[i]!;
  }

  partition(i: number): number {
    return this.#partitions[i]!;
  }

  offset(i: number): number {
    return this.#offsets[i]!;
  }

  /** The entries as objects (a copy, made when asked: tests, logs). */
  toArray(): ListedOffset[] {
    const out: ListedOffset[] = [];
    for (let i = 0; i < this.length; i++)
      out.push({ topic: this.topic(i), partition: this.partition(i), offset: this.offset(i) });
    return out;
  }

  toJSON(): ListedOffset[] {
    return this.toArray();
  }
}

/** A list of `entries` (test doubles, the one-topic reader of __consumer_offsets). */
export function listedOffsetList(entries: Iterable<ListedOffset>): ListedOffsetList {
  const list = new ListedOffsetList();
  for (const { topic, partition, offset } of entries) list.add(topic, partition, offset);
  return list;
}
