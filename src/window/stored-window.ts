// A partition's window as the store hands it to the evaluator: its samples are the ring read
// in place (ring-series.ts), and made into objects only when `samples` is read (the API's
// consumer detail, the status page), never while a tick judges its groups.
import type { PartitionSample, PartitionWindow } from '../contract/evaluation.js';
import type { GroupPartitions } from './group-partitions.js';
import type { RingSeries } from './ring-series.js';
import { catchUpOver, timeLagMs } from './time-lag.js';

export class StoredWindow implements PartitionWindow {
  readonly topic: string;
  readonly partition: number;
  readonly series: RingSeries;
  readonly brokerOffsets: readonly number[];
  readonly currentLag: number;
  readonly owner: string | undefined;
  readonly clientId: string | undefined;
  readonly consumerId: string | undefined;
  readonly timeLagMs: number | null;
  readonly catchUpMs: number | null;
  readonly messagesLost: number | null;

  /** Partition `i` of a group's columns, as of the tick at `at`. */
  constructor(gp: GroupPartitions, i: number, at: number) {
    const tp = gp.tps[i]!;
    const listed = tp.listed; // else the cluster keeps nothing of it yet
    const committedOffset = gp.committedOffset(i);
    const currentLag = gp.currentLag(i) ?? 0;
    const size = gp.size(i);
    this.topic = tp.topic;
    this.partition = tp.partition;
    this.series = gp.series(i);
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
  }

  get samples(): PartitionSample[] {
    return this.series.toArray();
  }
}
