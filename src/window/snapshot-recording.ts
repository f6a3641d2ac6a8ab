// One tick's snapshot taken into the window store a group at a time (from a GroupLagSource:
// the service's ticks make each group's lag only as it is recorded), so that the tick can
// yield to the event loop between groups: at 10,000 groups x 10 partitions taking it in at
// once held the loop for 40 to 150 ms every tick (bench/service), and the API's answers
// waited behind it. The groups come first (each marks the topic-partitions it lists as
// watched), then the topic-partitions' log-end offsets, then the sweeps of what no group
// reads any more; only then is the tick the cluster's last (`lastTakenAt`).
//
// While it is open, each group is either as the last tick left it or as this tick leaves
// it, never in between (WindowStore serves both: see `at`); until it finishes, a recorded
// group's lag in time is read against the topic-partitions' previous log ends (theirs come
// last). Whatever must see the tick whole (a DELETE, an export for the state directory)
// finishes it first: what is left is then recorded at once.
import { listedGroups, type GroupLagSource, type SnapshotHead } from '../contract/snapshot.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import {
  expireGroups,
  newClusterState,
  forgetDeletedTopics,
  forgetUnwatchedPartitions,
  type ClusterState,
  type TopicPartitionState,
  type WindowSizes,
} from './cluster-state.js';
import { recordGroup } from './record-group.js';

export interface RecordingOptions extends WindowSizes {
  readonly expireGroupAfterMs: number;
}

export class SnapshotRecording {
  /** The snapshot's time: the sample time of every group this recording has recorded. */
  readonly at: number;
  /** The snapshot's cluster. */
  readonly cluster: string;
  readonly #cluster: ClusterState;
  readonly #snapshot: SnapshotHead;
  readonly #groups: GroupLagSource;
  readonly #samples: 'ticks' | 'commits';
  readonly #options: RecordingOptions;
  /** Called once when the recording ends (finished or abandoned), with the recording. */
  readonly #ended: (recording: SnapshotRecording) => void;
  #open = true;

  constructor(
    cluster: ClusterState,
    snapshot: SnapshotHead,
    groups: GroupLagSource,
    samples: 'ticks' | 'commits',
    options: RecordingOptions,
    ended: (recording: SnapshotRecording) => void,
  ) {
    this.at = snapshot.takenAt;
    this.cluster = snapshot.cluster;
    this.#cluster = cluster;
    this.#snapshot = snapshot;
    this.#groups = groups;
    this.#samples = samples;
    this.#options = options;
    this.#ended = ended;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Records the snapshot's next group. False when none is left (or the recording ended). */
  recordNext(): boolean {
    if (!this.#open) return false;
    const group = this.#groups.next();
    if (group === null) return false;
    recordGroup(this.#cluster, group, this.at, this.#samples, this.#options);
    return true;
  }

  /** Records the groups left, the topic-partitions' offsets, then sweeps; ends the recording. */
  finish(): void {
    if (!this.#open) return;
    while (this.recordNext());
    const cluster = this.#cluster;
    const at = this.at;
    // History is kept only where some group commits or owns: lag in time needs no more.
    let topic: string | null = null;
    let partitions: (TopicPartitionState | undefined)[] | undefined;
    const offsets = this.#snapshot.offsets;
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i]!;
      if (o.topic !== topic) {
        topic = o.topic;
        partitions = cluster.topics.get(topic);
      }
      const tp = partitions?.[o.partition];
      if (!tp || tp.watchedAt !== at) continue;
      tp.listed = true;
      tp.logEndOffset = o.logEndOffset;
      if (o.logEndOffset !== null) {
        tp.history.add(o.logEndOffset, at);
        tp.recentEnds.add(o.logEndOffset, this.#options.intervals);
      }
    }
    forgetDeletedTopics(cluster, new Set(this.#snapshot.topics));
    expireGroups(cluster, at, this.#options.expireGroupAfterMs);
    forgetUnwatchedPartitions(cluster);
    cluster.lastTakenAt = at;
    this.#end();
  }

  /**
   * Ends the recording where it is (a group threw): the groups it recorded keep this tick's
   * sample but are not served until a tick is finished, the others stay as they were.
   */
  abandon(): void {
    if (this.#open) this.#end();
  }

  #end(): void {
    this.#open = false;
    this.#ended(this);
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(
  new SnapshotRecording(
    newClusterState(),
    {
      cluster: '',
      takenAt: 0,
      durationMs: 0,
      available: true,
      fault: null,
      offsets: [],
      topics: [],
      requests: 0,
    },
    listedGroups([]),
    'ticks',
    { intervals: 1, endOffsetHistory: 1, expireGroupAfterMs: 0 },
    () => undefined,
  ),
);
