// Burrow's DELETEs, applied where the data lives: the window store forgets, what is left
// is judged again (by the read model, as it judges any group again), and the read model is
// told the result. The API calls this through the GroupDeletes interface; it never writes
// the store itself.
import type { WindowStore } from '../window/store.js';
import type { LatestState } from './latest.js';

/** What the API may change: a group, or one topic of a group, is forgotten. */
export interface GroupDeletes {
  /** Burrow's DELETE of a group: forgotten until a tick sees it again. */
  deleteGroup(cluster: string, group: string): void;
  /**
   * Burrow's DELETE of a group's topic: that topic's partitions are forgotten, the rest of
   * the group is judged again as the tick judged it; a group with no topic left is gone.
   */
  deleteGroupTopic(cluster: string, group: string, topic: string): void;
}

export interface StoreGroupDeletesOptions {
  readonly store: WindowStore;
  /** Told every change; judges again what a DELETE leaves of a group. */
  readonly latest: LatestState;
}

export class StoreGroupDeletes implements GroupDeletes {
  readonly #store: WindowStore;
  readonly #latest: LatestState;

  constructor(options: StoreGroupDeletesOptions) {
    this.#store = options.store;
    this.#latest = options.latest;
  }

  deleteGroup(cluster: string, group: string): void {
    this.#store.deleteGroup(cluster, group);
    this.#latest.groupChanged(cluster, group, null);
  }

  deleteGroupTopic(cluster: string, group: string, topic: string): void {
    this.#store.deleteGroupTopic(cluster, group, topic);
    const judgedAt = this.#latest.judgedAt(cluster, group);
    if (judgedAt === null) {
      this.#latest.groupChanged(cluster, group, undefined);
      return;
    }
    this.#latest.groupChanged(cluster, group, this.#latest.judgeAgain(cluster, group, judgedAt));
  }
}
