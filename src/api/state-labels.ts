// The label text of /metrics' read-model series (state-metrics.ts), encoded once and kept
// across renderings. Encoding every group's and partition's labels again on every rendering
// allocated about 40 MB a rendering at 10,000 groups x 10 partitions (a tenth of all the
// service allocated, and the collector's work for it cost more than the encoding).
//
// A series' labels are written as three parts back to back: how they open, per group
// (`{cluster="a",consumer_group="g"`) or per cluster for the topics' own series
// (`{cluster="a"`); the topic, per topic of the cluster (`,topic="t"`); how they close,
// per partition number (`,partition="0"}`). A group's own series have no topic part and
// close with `}`. A topic part is made once per cluster and shared by every group reading
// the topic and by the topic's own series; a closing part once per partition number. So
// the cache grows with groups and topics, not with group-partitions (a part per
// topic-partition cost about 370 bytes each, 37 MB at 100,000 of them). Each part is an
// array of its own, exactly as long, so a line copies it with one TypedArray `set` (a
// memory copy) instead of byte by byte.
//
// Per group, the topic parts of its partitions in order are reused while the group's
// partitions' topics are those they were made for (the partition numbers are read at each
// rendering); the check allocates nothing, and the topics are usually the very same
// strings tick after tick. When they differ, the group gets a new list (never one changed
// in place: a rendering keeps what it was handed). The topics' series are kept the same
// way per cluster.
//
// Bounded by the read model, not by history: each rendering marks what it uses, and
// `sweep()` (once its labels are gathered) drops every cluster, group and topic it did not
// use, and the closing parts above the highest partition number it used. The labels a
// rendering writes are those of its own input's groups, whatever the cache holds: a group
// deleted or gone is in no rendering taken after it. One rendering at a time uses the cache
// (StateMetricsCache starts one at a time); were two to overlap, each would still write its
// own input's labels, and the cache would only keep less.

/** How a group's own series close their labels (they have no topic part). */
export const GROUP_CLOSE: Uint8Array = Uint8Array.of(0x7d); // }
export const NO_TOPIC: Uint8Array = new Uint8Array(0);

/**
 * Partition numbers kept as closing parts: Kafka's run from 0 up, and no topic has this
 * many. Any other number (none from Kafka) gets its part made for each line.
 */
const KEPT_PARTITIONS_BELOW = 1 << 16;

/** The closing part of partition `partition`: the kept one, or one made now. */
export function partitionClose(closes: readonly Uint8Array[], partition: number): Uint8Array {
  return closes[partition] ?? encoder.encode(`,partition="${partition}"}`);
}

const labelSpecial = /[\\\n"]/;

/** prom-client's escaping of a label value (with a fast path for the common case). */
export function escapeLabelValue(value: string): string {
  if (!labelSpecial.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** The topic part of the labels of every series of one topic of a cluster. */
export interface TopicLabel {
  readonly topic: string;
  /** `,topic="t"` */
  readonly part: Uint8Array;
}

/** A group's labels: how its series open, and each partition's topic part, in the group's order. */
export interface GroupLabels {
  /** `{cluster="a",consumer_group="g"` */
  readonly open: Uint8Array;
  readonly topics: readonly TopicLabel[];
}

/** A topic-partition as the read model lists it, in a group or in a topic's offsets. */
interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A group's partitions as `group()` reads them, by index: a PartitionReader opened on the
 * group (no object per partition), or an array.
 */
interface PartitionList {
  at(i: number): TopicPartition | undefined;
}

/** What the cache holds now, and how much it has encoded since it was made (tests). */
export interface StateLabelStats {
  readonly clusters: number;
  readonly groups: number;
  readonly topics: number;
  /** Closing parts (one per partition number up to the highest in use). */
  readonly partitionCloses: number;
  /** Label parts encoded so far: it stays still while renderings reuse what is kept. */
  readonly encoded: number;
}

interface Kept {
  /** The last rendering that used it. */
  usedIn: number;
}

type KeptTopic = TopicLabel & Kept;
type KeptGroup = GroupLabels & Kept & { readonly topics: readonly KeptTopic[] };

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
    let topics = 0;
    let partitionCloses = 0;
    for (const cluster of this.#clusters.values()) {
      groups += cluster.groupCount;
      topics += cluster.topicCount;
      partitionCloses += cluster.partitionCloses.length;
    }
    const clusters = this.#clusters.size;
    return { clusters, groups, topics, partitionCloses, ...this.#counts };
  }
}

export class ClusterLabels {
  /** `{cluster="a"`: how the topics' own series open. */
  readonly open: Uint8Array;
  readonly #groupOpenText: string;
  readonly #counts: { encoded: number };
  readonly #groups = new Map<string, KeptGroup>();
  readonly #topics = new Map<string, KeptTopic>();
  /** The topics' series, in the order of the offsets they were made for. */
  #topicSeries: readonly KeptTopic[] = [];
  /** `,partition="N"}` at index N, for every N up to the highest in use. */
  #partitionCloses: Uint8Array[] = [];
  #highestPartition = -1;
  usedIn = 0;

  constructor(name: string, counts: { encoded: number }) {
    this.#counts = counts;
    const open = `{cluster="${escapeLabelValue(name)}"`;
    this.open = this.#encode(open);
    this.#groupOpenText = `${open},consumer_group="`;
  }

  startRendering(rendering: number): void {
    this.usedIn = rendering;
    this.#highestPartition = -1;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  get topicCount(): number {
    return this.#topics.size;
  }

  /**
   * The closing parts by partition number: every partition of the groups and topics this
   * rendering asked for has one (read it after asking; it is replaced, not shortened, by
   * `sweep()`).
   */
  get partitionCloses(): readonly Uint8Array[] {
    return this.#partitionCloses;
  }

  /**
   * The labels of group `name` whose `count` partitions are `partitions.at(0)`, … (in this
   * order; a PartitionReader opened on the group, or an array).
   */
  group(name: string, partitions: PartitionList, count: number): GroupLabels {
    const rendering = this.usedIn;
    let kept = this.#groups.get(name);
    if (kept === undefined || !sameTopics(kept.topics, partitions, count)) {
      const topics: KeptTopic[] = [];
      for (let i = 0; i < count; i++) topics.push(this.#topic(partitions.at(i)!.topic));
      kept = {
        open: kept?.open ?? this.#encode(`${this.#groupOpenText}${escapeLabelValue(name)}"`),
        topics,
        usedIn: rendering,
      };
      this.#groups.set(name, kept);
    }
    kept.usedIn = rendering;
    const topics = kept.topics;
    for (let i = 0; i < topics.length; i++) {
      topics[i]!.usedIn = rendering;
      this.#usePartition(partitions.at(i)!.partition);
    }
    return kept;
  }

  /**
   * The topic parts of the topics' series: one per partition of `topics`' offsets, in their
   * order (those with no known log end included: which have one changes tick to tick).
   */
  topicSeries(
    topics: readonly (readonly [string, readonly TopicPartition[]])[],
  ): readonly TopicLabel[] {
    const rendering = this.usedIn;
    if (!sameTopicSeries(this.#topicSeries, topics)) {
      const series: KeptTopic[] = [];
      for (const [topic, offsets] of topics) {
        const label = this.#topic(topic);
        for (let i = 0; i < offsets.length; i++) series.push(label);
      }
      this.#topicSeries = series;
    }
    const series = this.#topicSeries;
    for (let i = 0; i < series.length; i++) series[i]!.usedIn = rendering;
    for (const [, offsets] of topics)
      for (let i = 0; i < offsets.length; i++) this.#usePartition(offsets[i]!.partition);
    return series;
  }

  /** Drops the groups and topics the current rendering did not use. */
  sweep(): void {
    // forEach, not for...of: no entry array per group. Deleting while iterating is safe.
    // The rendering is forEach's `this`: the callback is made once, not per sweep, so V8
    // keeps its optimized code (src/contract/hidden-class.ts).
    this.#groups.forEach(dropUnused, this.usedIn);
    this.#topics.forEach(dropUnused, this.usedIn);
    if (this.#partitionCloses.length > this.#highestPartition + 1)
      this.#partitionCloses = this.#partitionCloses.slice(0, this.#highestPartition + 1);
  }

  #topic(topic: string): KeptTopic {
    let label = this.#topics.get(topic);
    if (label === undefined) {
      const part = this.#encode(`,topic="${escapeLabelValue(topic)}"`);
      label = { topic, part, usedIn: this.usedIn };
      this.#topics.set(topic, label);
    }
    return label;
  }

  /** Makes sure partition number `partition` has its closing part. */
  #usePartition(partition: number): void {
    if (!Number.isInteger(partition) || partition < 0 || partition >= KEPT_PARTITIONS_BELOW) return;
    if (partition > this.#highestPartition) this.#highestPartition = partition;
    const closes = this.#partitionCloses;
    if (closes[partition] !== undefined) return;
    // Kafka's partition numbers run from 0 up; the parts below are made too, so the array
    // has no holes.
    for (let n = closes.length; n <= partition; n++)
      closes.push(this.#encode(`,partition="${n}"}`));
  }

  /**
   * UTF-8 in an array of its own, exactly as long. One of up to 64 bytes lives on V8's
   * heap, without a backing store of its own for the collector to track, unless something
   * asks for its ArrayBuffer: TextEncoder.encodeInto does, so ASCII text (most labels) is
   * copied here code unit by code unit instead.
   */
  #encode(text: string): Uint8Array {
    this.#counts.encoded++;
    const length = Buffer.byteLength(text);
    const bytes = new Uint8Array(length);
    if (length !== text.length) encoder.encodeInto(text, bytes);
    else for (let i = 0; i < length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
}

function sameTopics(
  kept: readonly TopicLabel[],
  partitions: PartitionList,
  count: number,
): boolean {
  if (kept.length !== count) return false;
  for (let i = 0; i < count; i++) if (kept[i]!.topic !== partitions.at(i)!.topic) return false;
  return true;
}

function sameTopicSeries(
  kept: readonly TopicLabel[],
  topics: readonly (readonly [string, readonly TopicPartition[]])[],
): boolean {
  let i = 0;
  for (const [topic, offsets] of topics) {
    for (let j = 0; j < offsets.length; j++, i++) {
      const k = kept[i];
      if (k === undefined || k.topic !== topic) return false;
    }
  }
  return i === kept.length;
}

/** Deletes `kept` from `all` unless the rendering `this` used it (a Map.forEach callback). */
function dropUnused(
  this: number,
  kept: { readonly usedIn: number },
  name: string,
  all: Map<string, unknown>,
): void {
  if (kept.usedIn !== this) all.delete(name);
}
