// A partition's window as the store hands it to the evaluator: its samples are the ring read
// in place (ring-series.ts), and made into objects only when `samples` is read (the API's
// consumer detail, the status page), never while a tick judges its groups. A tick's judging
// reuses the same windows group after group (`load`: WindowStore.windowToJudge), so it
// makes none per partition.
import type { PartitionSample, PartitionWindow } from '../contract/evaluation.js';
import type { GroupPartitions } from './group-partitions.js';
import type { RingSeries } from './ring-series.js';
import { catchUpOver, timeLagMs } from './time-lag.js';

// Its fields are PartitionWindow's read-only ones, written only by the constructor and `load`.
export class StoredWindow implements PartitionWindow {
  topic: string;
  partition: number;
  series: RingSeries;
  brokerOffsets: readonly number[];
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
    this.brokerOffsets = [];
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
    // Shared by every window of the tick: the store replaces it rather than change it.
    this.brokerOffsets = listed ? tp.recentEnds : [];
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
              gp.offsetAt(i, 0),
              gp.timestampAt(i, 0),
              gp.offsetAt(i, size - 1),
              gp.timestampAt(i, size - 1),
              listed ? tp.history : undefined,
              currentLag,
            );
    this.messagesLost = gp.messagesLost(i);
    return this;
  }

  get samples(): PartitionSample[] {
    return this.series.toArray();
  }
}
