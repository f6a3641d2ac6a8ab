// A partition's lag as groupLag reports it. There are 100,000 of them a tick at 10,000
// groups x 10 partitions, each alive from sampling until the report is built, so the
// collector promotes every one: this keeps three fields (the tick's PartitionLog of the
// partition, the committed offset, the owning member, all of which the tick holds anyway)
// and reads the rest through getters, instead of eleven own fields per partition. The
// numbers are those the fields would hold: a PartitionLog does not change once its tick
// has built it, nor does an owner. A getter is not an own property, so a spread copies
// none of them: `toJSON` lists every field, and JSON and logs carry them all. Where each
// lag is read and let go before the next group's is made (the service's tick), the same
// objects are handed out again (`reset`: PartitionLagPool in group-lag.ts).
import type { PartitionLag, SampleFault } from '../contract/snapshot.js';
import type { PartitionOwner } from './assignment.js';
import { unreadLog, type PartitionLog } from './partition-logs.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

export class LoggedPartitionLag implements PartitionLag {
  committedOffset: number | null;
  #log: PartitionLog;
  #owner: PartitionOwner | null;

  constructor(log: PartitionLog, committedOffset: number | null, owner: PartitionOwner | null) {
    this.committedOffset = committedOffset;
    this.#log = log;
    this.#owner = owner;
  }

  /** Becomes the lag of another partition (or group): for a pool's objects only. */
  reset(log: PartitionLog, committedOffset: number | null, owner: PartitionOwner | null): this {
    this.committedOffset = committedOffset;
    this.#log = log;
    this.#owner = owner;
    return this;
  }

  get topic(): string {
    return this.#log.topic;
  }

  get partition(): number {
    return this.#log.partition;
  }

  get logEndOffset(): number | null {
    return this.#log.logEndOffset;
  }

  get logStartOffset(): number | null {
    return this.#log.logStartOffset;
  }

  /** max(0, logEnd − committed); null when either is unknown. */
  get lag(): number | null {
    const committed = this.committedOffset;
    const end = this.#log.logEndOffset;
    return committed !== null && end !== null ? Math.max(0, end - committed) : null;
  }

  /** logStart − committed when the group fell behind retention, else 0. */
  get messagesLost(): number {
    const committed = this.committedOffset;
    const start = this.#log.logStartOffset;
    return committed !== null && start !== null && start > committed ? start - committed : 0;
  }

  get consumerId(): string | null {
    return this.#owner?.consumerId ?? null;
  }

  get host(): string | null {
    return this.#owner?.host ?? null;
  }

  get clientId(): string | null {
    return this.#owner?.clientId ?? null;
  }

  get fault(): SampleFault | null {
    return this.#log.fault;
  }

  toJSON(): PartitionLag {
    return {
      topic: this.topic,
      partition: this.partition,
      committedOffset: this.committedOffset,
      logEndOffset: this.logEndOffset,
      logStartOffset: this.logStartOffset,
      lag: this.lag,
      messagesLost: this.messagesLost,
      consumerId: this.consumerId,
      host: this.host,
      clientId: this.clientId,
      fault: this.fault,
    };
  }
}

// A tick's lags all die before the next tick (src/contract/hidden-class.ts).
holdHiddenClass(new LoggedPartitionLag(unreadLog('', 0), null, null));
