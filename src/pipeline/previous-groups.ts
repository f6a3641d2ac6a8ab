// The groups of a cluster's previous report, found by name as the next report is judged
// group by group (evaluateGroup shares the partitions' names that did not change with
// them). Both reports list groups in the same order (the window store's, sorted by name), so
// each is found by stepping along the previous list; a map of it is made only when a name
// is not where the step expects it (a group came or went).
// A tick keeps only these names of its report for the next (PreviousNames), not the report:
// its numbers (17 MB at 10,000 groups x 10) go once its listeners are done with it.
import type { EvaluationReport } from '../contract/report.js';
import { namesOf } from '../status/index.js';
import { holdHiddenClass } from '../contract/hidden-class.js';

/** A report's groups by name, and the names of each one's partitions (null: none kept). */
export interface PreviousNames {
  readonly groups: readonly string[];
  readonly names: readonly (readonly string[] | null)[];
}

/** What the next tick may share of `report`'s groups. */
export function previousNamesOf(report: EvaluationReport): PreviousNames {
  const groups = new Array<string>(report.groups.length);
  const names = new Array<readonly string[] | null>(report.groups.length);
  for (let i = 0; i < groups.length; i++) {
    const group = report.groups[i]!;
    groups[i] = group.group;
    names[i] = namesOf(group);
  }
  return { groups, names };
}

const NONE: PreviousNames = { groups: [], names: [] };

export class PreviousGroups {
  readonly #previous: PreviousNames;
  #next = 0;
  /** Index of each group in the previous list. */
  #indexOf: Map<string, number> | null = null;

  constructor(previous: PreviousNames | null) {
    this.#previous = previous ?? NONE;
  }

  /** The previous report's names of `group`'s partitions; null when it had none. */
  of(group: string): readonly string[] | null {
    const { groups, names } = this.#previous;
    if (groups[this.#next] === group) return names[this.#next++]!;
    if (this.#indexOf === null) {
      this.#indexOf = new Map();
      for (let i = 0; i < groups.length; i++) this.#indexOf.set(groups[i]!, i);
    }
    const at = this.#indexOf.get(group);
    if (at === undefined) return null;
    this.#next = at + 1;
    return names[at]!;
  }
}

// One per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(new PreviousGroups(null));
