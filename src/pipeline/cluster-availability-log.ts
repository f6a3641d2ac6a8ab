// A cluster going down and coming back, logged once each with the cause, whatever the
// number of ticks in between: an outage of an hour is two lines, not one (or, with
// kafkajs' own, four) per tick. Ticks that find it still down log at debug. Fed the
// snapshot of every tick by ClusterTick.
import type { Logger } from '../contract/logger.js';
import type { ClusterSnapshot } from '../contract/snapshot.js';

type Observed = Pick<ClusterSnapshot, 'cluster' | 'takenAt' | 'available' | 'fault'>;

export class ClusterAvailabilityLog {
  /** null before the first tick. */
  #available: boolean | null = null;
  #downSince = 0;
  #ticksDown = 0;

  observe(snapshot: Observed, logger: Logger): void {
    const { cluster, takenAt, fault } = snapshot;
    if (!snapshot.available) {
      this.#ticksDown++;
      if (this.#available !== false) {
        this.#downSince = takenAt;
        const cause = fault === null ? 'unknown cause' : `${fault.code}: ${fault.message}`;
        logger.warn({ cluster, fault }, `cluster ${cluster} unavailable (${cause})`);
      } else {
        logger.debug({ cluster, fault, ticksDown: this.#ticksDown }, 'cluster still unavailable');
      }
    } else if (this.#available === false) {
      const downForMs = takenAt - this.#downSince;
      logger.info(
        { cluster, downForMs, ticksDown: this.#ticksDown },
        `cluster ${cluster} available again after ${Math.round(downForMs / 1000)} s`,
      );
      this.#ticksDown = 0;
    }
    this.#available = snapshot.available;
  }
}
