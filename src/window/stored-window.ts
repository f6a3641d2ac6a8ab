// A partition's window as the store hands it to the evaluator: its samples are the ring read
// in place (ring-series.ts), and made into objects only when `samples` is read (the API's
// consumer detail, the status page), never while a tick judges its groups. A tick's judging
// reuses the same windows group after group (`load`: WindowStore.windowToJudge), so it
// makes none per partition.
import type { PartitionSample, PartitionWindow } from '../contract/evaluation.js';
import type { GroupPartitions } from './group-partitions.js';
import type { RecentEnds } from './recent-ends.js';
import type { RingSeries } from './ring-series.js';
import { catchUpOver, timeLagMs } from './time-lag.js';

const NONE: readonly number[] = Object.freeze([]);

// Its fields are PartitionWindow's read-only ones, written only by the constructor and `load`.
export class StoredWindow implements PartitionWindow {
  topic: string;
  partition: number;
  series: RingSeries;
  /** The topic-partition's recent log ends; null while the cluster keeps none of it yet. */
  #ends: RecentEnds | null;
  /** The ends as they were when the window was kept (`keep`); null: read them when asked. */
  #kept: readonly number[] | null;
  currentLag: number;
  owner: string | undefined;
  clientId: string | undefined;
  consumerId: string | undefined;
  timeLagMs: number | null;
  catchUpMs: number | null;
  messagesLost: number | null;

  /** Partition `i` of a group's columns, as of the tick at `at`. */
  constructor(gp: GroupPartitions, i: number, at: number) {
    this.topic = '';
    this.partition = 0;
    this.series = gp.series(i);
    this.#ends = null;
    this.#kept = null;
    this.currentLag = 0;
    this.owner = undefined;
    this.clientId = undefined;
    this.consumerId = undefined;
    this.timeLagMs = null;
    this.catchUpMs = null;
    this.messagesLost = null;
    this.load(gp, i, at);
  }

  /** Becomes the window of partition `i` of `gp` as of `at`, its series view reused. */
  load(gp: GroupPartitions, i: number, at: number): this {
    const tp = gp.tps[i]!;
    const listed = tp.listed; // else the cluster keeps nothing of it yet
    const committedOffset = gp.committedOffset(i);
    const currentLag = gp.currentLag(i) ?? 0;
    const size = gp.size(i);
    this.topic = tp.topic;
    this.partition = tp.partition;
    this.series = gp.series(i, this.series);
    this.#ends = listed ? tp.recentEnds : null;
    this.#kept = null;
    this.currentLag = currentLag;
    this.owner = gp.hosts[i] ?? undefined;
    this.clientId = gp.clientIds[i] ?? undefined;
    this.consumerId = gp.consumerIds[i] ?? undefined;
    this.timeLagMs =
      committedOffset !== null && listed && tp.logEndOffset !== null
        ? timeLagMs(tp.history, committedOffset, tp.logEndOffset, at)
        : null;
    this.catchUpMs =
      committedOffset === null
        ? null
        : size < 2
          ? currentLag <= 0
            ? 0
            : null
          : catchUpOver(
              gp.offsetAt(i, size - 1) - gp.offsetAt(i, 0),
              gp.msBefore(at, i, 0),
              gp.msBefore(at, i, size - 1),
              at,
              listed ? tp.history : undefined,
              currentLag,
            );
    this.messagesLost = gp.messagesLost(i);
    return this;
  }

  /**
   * The recent log ends: as they were when the window was kept, else as they are when read
   * (the store writes them in place; a view judged at once reads them so).
   */
  get brokerOffsets(): readonly number[] {
    return this.#kept ?? this.#ends?.read() ?? NONE;
  }

  /**
   * Takes the recent log ends as they are now, for a window kept beyond this moment (the
   * API's consumer detail, a DELETE's re-judging): later ticks do not change it.
   */
  keep(): this {
    this.#kept = this.brokerOffsets;
    return this;
  }

  get samples(): PartitionSample[] {
    return this.series.toArray();
  }
}
