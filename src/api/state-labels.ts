// The label text of /metrics' read-model series (state-metrics.ts), encoded once and kept
// across renderings. Encoding every group's and partition's labels again on every rendering
// allocated about 40 MB a rendering at 10,000 groups x 10 partitions (a tenth of all the
// service allocated, and the collector's work for it cost more than the encoding).
//
// A series' labels are written as two parts back to back: how they open, per group
// (`{cluster="a",consumer_group="g"`) or per cluster for the topics' own series
// (`{cluster="a"`), and how they close, per topic-partition (`,topic="t",partition="0"}`;
// a group's own series close with `}`). A closing part is made once per cluster and
// shared by every group that reads the partition and by the topic's series. Each part is
// an array of its own, exactly as long, so a line copies it with one TypedArray `set` (a
// memory copy) instead of byte by byte.
//
// Per group, the closing parts of its partitions in order are reused while the group's
// partitions (topic and partition of each, in order) are those they were made for; the check
// allocates nothing, and the topics are usually the very same strings tick after tick. When
// they differ, the group gets a new list (never one changed in place: a rendering keeps what
// it was handed). The topics' series are kept the same way per cluster.
//
// Bounded by the read model, not by history: each rendering marks what it uses, and `sweep()`
// (once its labels are gathered) drops every cluster, group and topic-partition it did not
// use. The labels a rendering writes are those of its own input's groups, whatever the
// cache holds: a group deleted or gone is in no rendering taken after it.
// One rendering at a time uses the cache (StateMetricsCache starts one at a time); were two
// to overlap, each would still write its own input's labels, and the cache would only keep less.

/** How a group's own series close their labels. */
export const GROUP_CLOSE: Uint8Array = Uint8Array.of(0x7d); // }

const labelSpecial = /[\\\n"]/;

/** prom-client's escaping of a label value (with a fast path for the common case). */
export function escapeLabelValue(value: string): string {
  if (!labelSpecial.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** How the labels of every series of one topic-partition close. */
export interface PartitionLabel {
  readonly topic: string;
  readonly partition: number;
  /** `,topic="t",partition="0"}` */
  readonly close: Uint8Array;
}

/** A group's labels: how its series open, and how each partition's close, in the group's order. */
export interface GroupLabels {
  /** `{cluster="a",consumer_group="g"` */
  readonly open: Uint8Array;
  readonly partitions: readonly PartitionLabel[];
}

/** A topic-partition as the read model lists it, in a group or in a topic's offsets. */
interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What the cache holds now, and how much it has encoded since it was made (tests). */
export interface StateLabelStats {
  readonly clusters: number;
  readonly groups: number;
  readonly topicPartitions: number;
  /** Label parts encoded so far: it stays still while renderings reuse what is kept. */
  readonly encoded: number;
}

interface Kept {
  /** The last rendering that used it. */
  usedIn: number;
}

type KeptPartition = PartitionLabel & Kept;
type KeptGroup = GroupLabels & Kept & { readonly partitions: readonly KeptPartition[] };

const encoder = new TextEncoder();

export class StateLabels {
  readonly #clusters = new Map<string, ClusterLabels>();
  readonly #counts = { encoded: 0 };
  #rendering = 0;

  /** A rendering starts gathering its labels. */
  begin(): void {
    this.#rendering++;
  }

  /** The labels of one cluster of the rendering. */
  cluster(name: string): ClusterLabels {
    let cluster = this.#clusters.get(name);
    if (cluster === undefined) {
      cluster = new ClusterLabels(name, this.#counts);
      this.#clusters.set(name, cluster);
    }
    cluster.startRendering(this.#rendering);
    return cluster;
  }

  /** The rendering has gathered its labels: drops everything it did not use. */
  sweep(): void {
    const rendering = this.#rendering;
    for (const [name, cluster] of this.#clusters) {
      if (cluster.usedIn !== rendering) this.#clusters.delete(name);
      else cluster.sweep();
    }
  }

  /** Drops everything (nobody scrapes any more). */
  clear(): void {
    this.#clusters.clear();
  }

  stats(): StateLabelStats {
    let groups = 0;
    let topicPartitions = 0;
    for (const cluster of this.#clusters.values()) {
      groups += cluster.groupCount;
      topicPartitions += cluster.topicPartitionCount;
    }
    return { clusters: this.#clusters.size, groups, topicPartitions, ...this.#counts };
  }
}

export class ClusterLabels {
  /** `{cluster="a"`: how the topics' own series open. */
  readonly open: Uint8Array;
  readonly #groupOpenText: string;
  readonly #counts: { encoded: number };
  readonly #groups = new Map<string, KeptGroup>();
  /** Closing parts by topic, then partition. */
  readonly #partitions = new Map<string, Map<number, KeptPartition>>();
  /** The topics' series, in the order of the offsets they were made for. */
  #topicSeries: readonly KeptPartition[] = [];
  usedIn = 0;

  constructor(name: string, counts: { encoded: number }) {
    this.#counts = counts;
    const open = `{cluster="${escapeLabelValue(name)}"`;
    this.open = this.#encode(open);
    this.#groupOpenText = `${open},consumer_group="`;
  }

  startRendering(rendering: number): void {
    this.usedIn = rendering;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  get topicPartitionCount(): number {
    let count = 0;
    for (const byPartition of this.#partitions.values()) count += byPartition.size;
    return count;
  }

  /** The labels of group `name` whose partitions are `partitions` (in this order). */
  group(name: string, partitions: readonly TopicPartition[]): GroupLabels {
    const rendering = this.usedIn;
    let kept = this.#groups.get(name);
    if (kept === undefined || !samePartitions(kept.partitions, partitions)) {
      kept = {
        open: kept?.open ?? this.#encode(`${this.#groupOpenText}${escapeLabelValue(name)}"`),
        partitions: partitions.map((p) => this.#partition(p.topic, p.partition)),
        usedIn: rendering,
      };
      this.#groups.set(name, kept);
    }
    kept.usedIn = rendering;
    const labels = kept.partitions;
    for (let i = 0; i < labels.length; i++) labels[i]!.usedIn = rendering;
    return kept;
  }

  /**
   * How the labels of the topics' series close: one per partition of `topics`' offsets, in
   * their order (those with no known log end included: which have one changes tick to tick).
   */
  topicSeries(
    topics: readonly (readonly [string, readonly TopicPartition[]])[],
  ): readonly PartitionLabel[] {
    const rendering = this.usedIn;
    if (!sameTopicSeries(this.#topicSeries, topics)) {
      const series: KeptPartition[] = [];
      for (const [topic, offsets] of topics)
        for (const p of offsets) series.push(this.#partition(topic, p.partition));
      this.#topicSeries = series;
    }
    const series = this.#topicSeries;
    for (let i = 0; i < series.length; i++) series[i]!.usedIn = rendering;
    return series;
  }

  /** Drops the groups and topic-partitions the current rendering did not use. */
  sweep(): void {
    const rendering = this.usedIn;
    // forEach, not for...of: no entry array per group. Deleting while iterating is safe.
    this.#groups.forEach((group, name, groups) => {
      if (group.usedIn !== rendering) groups.delete(name);
    });
    this.#partitions.forEach((byPartition, topic, topics) => {
      byPartition.forEach((label, partition) => {
        if (label.usedIn !== rendering) byPartition.delete(partition);
      });
      if (byPartition.size === 0) topics.delete(topic);
    });
  }

  #partition(topic: string, partition: number): KeptPartition {
    let byPartition = this.#partitions.get(topic);
    if (byPartition === undefined) {
      byPartition = new Map();
      this.#partitions.set(topic, byPartition);
    }
    let label = byPartition.get(partition);
    if (label === undefined) {
      const close = `,topic="${escapeLabelValue(topic)}",partition="${partition}"}`;
      label = { topic, partition, close: this.#encode(close), usedIn: this.usedIn };
      byPartition.set(partition, label);
    }
    return label;
  }

  /** UTF-8 in an array of its own, exactly as long (small ones live on V8's heap). */
  #encode(text: string): Uint8Array {
    this.#counts.encoded++;
    const bytes = new Uint8Array(Buffer.byteLength(text));
    encoder.encodeInto(text, bytes);
    return bytes;
  }
}

function samePartitions(
  kept: readonly PartitionLabel[],
  partitions: readonly TopicPartition[],
): boolean {
  if (kept.length !== partitions.length) return false;
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    const p = partitions[i]!;
    if (k.partition !== p.partition || k.topic !== p.topic) return false;
  }
  return true;
}

function sameTopicSeries(
  kept: readonly PartitionLabel[],
  topics: readonly (readonly [string, readonly TopicPartition[]])[],
): boolean {
  let i = 0;
  for (const [topic, offsets] of topics) {
    for (let j = 0; j < offsets.length; j++, i++) {
      const k = kept[i];
      if (k === undefined || k.partition !== offsets[j]!.partition || k.topic !== topic)
        return false;
    }
  }
  return i === kept.length;
}
