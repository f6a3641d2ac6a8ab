// The series /metrics makes from the read model (per group, per partition, per
// topic-partition: nearly all of them), written as Prometheus text directly rather than
// through prom-client's registry. At 100,000 group-partitions that is half a million
// series; prom-client hashes a label object per series and builds each line from it again,
// which took seconds of CPU and blocked the event loop that long.
// The text is written one family at a time (so it can be compressed as it is made and is
// never held whole: 50 MB at 100,000 group-partitions), as bytes (metrics-bytes.ts), the
// label text encoded once and kept from one rendering to the next (state-labels.ts),
// handed on a slice (about 10 ms of work) at a time with a yield to the event loop after each,
// so probes and the API answer while it runs. What it writes is taken from the read model at
// once, before the first yield (takeStateMetricsInput). Label escaping, value formatting and
// HELP/TYPE lines are prom-client's; the tests read it back with a Prometheus text-format parser.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { MetricsBytes, type MetricsByteSink } from './metrics-bytes.js';
import { ChunkPool } from './metrics-chunk-pool.js';
import {
  GROUP_CLOSE,
  NO_TOPIC,
  partitionClose,
  StateLabels,
  type GroupLabels,
  type TopicLabel,
} from './state-labels.js';
import type { TopicPartitionOffsets } from '../contract/report.js';
import type { LatestState } from '../pipeline/latest.js';
import { PartitionReader } from '../contract/partition-reader.js';
import { heldOrSelf, type GroupStatus } from '../status/index.js';
import {
  FAMILIES,
  familyHeader,
  familyName,
  type Family,
  type GroupValue,
  partitionValue,
  type PartitionValue,
} from './state-families.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

/** Wall time written between two yields to the event loop (as src/util/time-slices.ts). */
const SLICE_MS = 10;
/** Lines (or groups) between two readings of the clock: a few hundred µs of work. */
const CHECK_EVERY = 1000;

/** One cluster's groups and topic offsets as one rendering reads them. */
interface ClusterInput {
  readonly cluster: string;
  /** The groups' names, and their statuses at the same index. */
  readonly groupNames: readonly string[];
  readonly groupStatuses: GroupStatus[];
  readonly topics: readonly (readonly [string, readonly TopicPartitionOffsets[]])[];
}

/**
 * What one rendering reads, taken from the read model at once (a few ms at 10,000 groups:
 * lists of references, no copies of statuses, which are never changed in place). A tick or
 * a DELETE that lands while the rendering yields changes the read model's maps, never what
 * the rendering writes: a rendering shows the read model as it was when it was taken.
 */
export interface StateMetricsInput {
  readonly clusters: readonly ClusterInput[];
  /** Partitions of all groups: what the rendering's cost grows with. */
  readonly groupPartitions: number;
}

export function takeStateMetricsInput(latest: LatestState): StateMetricsInput {
  const clusters: ClusterInput[] = [];
  let groupPartitions = 0;
  for (const cluster of latest.clusterNames()) {
    const view = latest.cluster(cluster);
    if (!view) continue;
    const taken: TakenGroups = { groupNames: [], groupStatuses: [], groupPartitions: 0 };
    // forEach: no [name, status] pair per group; with a callback made once, not per call,
    // so that V8 keeps its optimized code (src/contract/hidden-class.ts).
    view.groups.forEach(takeGroup, taken);
    groupPartitions += taken.groupPartitions;
    const topics: (readonly [string, readonly TopicPartitionOffsets[]])[] = [];
    for (const topic of view.topicNames()) topics.push([topic, view.topic(topic) ?? []]);
    clusters.push({
      cluster,
      groupNames: taken.groupNames,
      groupStatuses: taken.groupStatuses,
      topics,
    });
  }
  return { clusters, groupPartitions };
}

interface TakenGroups {
  readonly groupNames: string[];
  readonly groupStatuses: GroupStatus[];
  groupPartitions: number;
}

/** Adds one group to what a rendering takes (a Map.forEach callback; `this` is the taking). */
function takeGroup(this: TakenGroups, status: GroupStatus, group: string): void {
  this.groupNames.push(group);
  // A summary's held group (the tick's, as judged) rather than the summary, whose
  // partitions would be judged again after the read model lets go of the group.
  this.groupStatuses.push(heldOrSelf(status));
  this.groupPartitions += status.partitionCount;
}

/** A cluster of the input with the labels of its series. */
interface LabelledCluster {
  readonly input: ClusterInput;
  readonly groups: readonly GroupLabels[];
  /** `{cluster="a"`, and each topic series' topic part (one per offset of `input.topics`). */
  readonly open: Uint8Array;
  readonly topicSeries: readonly TopicLabel[];
  /** Closing parts by partition number (state-labels.ts). */
  readonly partitionCloses: readonly Uint8Array[];
}

/**
 * Writes the series of `input` as Prometheus text: every family's HELP and TYPE, its
 * lines, and a blank line after it, one family after another. `labels` keeps the label
 * text from one rendering to the next (state-labels.ts); without it, all is encoded anew.
 * `chunks` keeps the Buffers the text is written into (metrics-chunk-pool.ts), likewise.
 */
export async function writeStateMetrics(
  input: StateMetricsInput,
  sink: MetricsByteSink,
  labels: StateLabels = new StateLabels(),
  chunks: ChunkPool = new ChunkPool(),
): Promise<void> {
  const slices = new LineSlices();
  const reader = new PartitionReader();
  const clusters: LabelledCluster[] = [];
  labels.begin();
  for (const cluster of input.clusters) {
    const kept = labels.cluster(cluster.cluster);
    const { groupNames, groupStatuses } = cluster;
    const groups: GroupLabels[] = [];
    for (let g = 0; g < groupNames.length; g++) {
      // A summary whose tick's group the read model let go of is judged again here, once
      // for the whole rendering rather than once per family (group-summary.ts).
      const status = groupStatuses[g]!;
      const count = reader.open((groupStatuses[g] = status.judged?.() ?? status));
      groups.push(kept.group(groupNames[g]!, reader, count));
      if (slices.due(count + 1)) await slices.yield();
    }
    clusters.push({
      input: cluster,
      groups,
      open: kept.open,
      topicSeries: kept.topicSeries(cluster.topics),
      partitionCloses: kept.partitionCloses,
    });
  }
  labels.sweep();
  const out = new MetricsBytes(sink, chunks);
  for (const listed of FAMILIES) {
    const f = listed.family;
    out.text(familyHeader(f));
    for (const cluster of clusters) {
      if (listed.kind === 'topic') await writeTopicLines(out, f, cluster, slices);
      else if (listed.kind === 'group') await writeGroupLines(out, listed.family, cluster, slices);
      else await writePartitionLines(out, listed.family, cluster, slices, reader);
    }
    out.text('\n');
  }
  reader.close();
  await out.flush();
}

async function writeTopicLines(
  out: MetricsBytes,
  f: Family<unknown>,
  cluster: LabelledCluster,
  slices: LineSlices,
): Promise<void> {
  const name = familyName(f);
  const { open, topicSeries, partitionCloses } = cluster;
  let i = 0;
  for (const [, offsets] of cluster.input.topics) {
    for (let j = 0; j < offsets.length; j++, i++) {
      const { partition, logEndOffset } = offsets[j]!;
      if (logEndOffset === null) continue;
      const close = partitionClose(partitionCloses, partition);
      out.line(name, open, topicSeries[i]!.part, close, logEndOffset);
    }
    if (slices.due(offsets.length, out)) await slices.yield(out);
  }
}

async function writeGroupLines(
  out: MetricsBytes,
  f: Family<GroupValue>,
  cluster: LabelledCluster,
  slices: LineSlices,
): Promise<void> {
  const name = familyName(f);
  const { groups } = cluster;
  const statuses = cluster.input.groupStatuses;
  for (let g = 0; g < groups.length; g++) {
    const value = f.value(statuses[g]!);
    if (value !== null) {
      const { open } = groups[g]!;
      if (f.valueInMs) out.lineMsAsSeconds(name, open, NO_TOPIC, GROUP_CLOSE, value);
      else out.line(name, open, NO_TOPIC, GROUP_CLOSE, value);
    }
    if (slices.due(1, out)) await slices.yield(out);
  }
}

async function writePartitionLines(
  out: MetricsBytes,
  f: Family<PartitionValue>,
  cluster: LabelledCluster,
  slices: LineSlices,
  reader: PartitionReader,
): Promise<void> {
  const name = familyName(f);
  const field = f.value;
  const { groups, partitionCloses } = cluster;
  const statuses = cluster.input.groupStatuses;
  for (let g = 0; g < groups.length; g++) {
    const count = reader.open(statuses[g]!);
    const { open, topics } = groups[g]!;
    for (let i = 0; i < count; i++) {
      const p = reader.at(i);
      const value = partitionValue(field, p);
      if (value === null) continue;
      const close = partitionClose(partitionCloses, p.partition);
      if (f.valueInMs) out.lineMsAsSeconds(name, open, topics[i]!.part, close, value);
      else out.line(name, open, topics[i]!.part, close, value);
    }
    if (slices.due(count, out)) await slices.yield(out);
  }
}

/**
 * Hands the work on in slices of about SLICE_MS, with a yield to the event loop after each.
 * The clock is read once per CHECK_EVERY lines or so, not per line or per group.
 */
class LineSlices {
  #start = performance.now();
  #work = 0;

  /**
   * `work` more lines (or groups) were done: true when it is time to yield, or when `out`
   * has as many full chunks waiting as its pool keeps (MetricsBytes.backlogged), which are
   * then handed on mid-slice.
   */
  due(work: number, out?: MetricsBytes): boolean {
    this.#work += work;
    let timeUp = false;
    if (this.#work >= CHECK_EVERY) {
      this.#work = 0;
      timeUp = performance.now() - this.#start >= SLICE_MS;
    }
    return timeUp || (out !== undefined && out.backlogged);
  }

  /** Hands on what `out` holds, then yields to the event loop. */
  async yield(out?: MetricsBytes): Promise<void> {
    if (out) await out.flush();
    await yieldToLoop();
    this.#start = performance.now();
  }
}

// One per rendering (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new LineSlices());
