// The groups of a cluster's previous report, found by name as the next report is judged
// group by group (evaluateGroup shares what did not change with them). Both reports list
// groups in the same order (the window store's, sorted by name), so each is found by
// stepping along the previous list; a map of it is made only when a name is not where the
// step expects it (a group came or went).
import type { GroupStatus } from '../status/index.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

export class PreviousGroups {
  readonly #groups: readonly GroupStatus[];
  #next = 0;
  /** Index of each group in the previous list. */
  #indexOf: Map<string, number> | null = null;

  constructor(groups: readonly GroupStatus[]) {
    this.#groups = groups;
  }

  /** The previous report's status of `group`; undefined when it had none. */
  of(group: string): GroupStatus | undefined {
    const stepped = this.#groups[this.#next];
    if (stepped !== undefined && stepped.group === group) {
      this.#next++;
      return stepped;
    }
    if (this.#indexOf === null) {
      this.#indexOf = new Map();
      for (let i = 0; i < this.#groups.length; i++) this.#indexOf.set(this.#groups[i]!.group, i);
    }
    const at = this.#indexOf.get(group);
    if (at === undefined) return undefined;
    this.#next = at + 1;
    return this.#groups[at];
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PreviousGroups([]));
