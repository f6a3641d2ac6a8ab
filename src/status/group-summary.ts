// A judged group as the read model keeps it between ticks: its figures (status, lag total,
// completeness, state, members, type) and its partitions' names, without its partitions'
// numbers. Those are judged again from the window store when someone reads them (the
// consumer detail, the status page's rows, a /metrics rendering that has no tick's report
// to read), as Burrow judges a group when asked.
// Why: the numbers are 168 bytes a group-partition (partition-numbers.ts), 17 MB at
// 10,000 groups x 10, kept whole between ticks only to answer the few groups anyone asks
// about. bench/service at that size (120 s runs, no /metrics renderings): RSS steady
// 186-190 MiB kept this way, against 203 with the numbers kept.
// Judged again, the partitions are what the tick showed: the window is the one the tick
// judged, at the tick's time (`takenAt`), and the evaluator is pure. While the next tick
// records (a few hundred ms), a group already recorded shows its new samples. A cluster in
// commits mode adds samples between ticks, so the read model keeps its groups whole.
// The summary can hold its tick's group (`held`) until the read model lets go of it: what
// renders /metrics right after a tick reads the numbers as judged, instead of judging
// every group again.
import type { GroupStatus, PartitionStatus } from '../contract/evaluation.js';
import type { GroupType } from '../contract/snapshot.js';
import type { GroupStatusCode } from '../contract/statuses.js';
import { holdHiddenClass } from '../contract/hidden-class.js';
import { EvaluatedGroup, NAMES_PER_PARTITION } from './evaluated-group.js';

/**
 * Judges a group again, as its tick did: the window store's window of `group` at `takenAt`;
 * null when the store has no window of it any more.
 */
export type JudgeAgain = (cluster: string, group: string, takenAt: number) => GroupStatus | null;

/**
 * The last group judged again, and for which summary: a request reads a group's partitions
 * several times (its JSON, its worst partition), and a rendering reads each group once per
 * family, one group after another.
 */
export class JudgedAgain {
  readonly #judge: JudgeAgain;
  #of: GroupSummary | null = null;
  #judged: GroupStatus | null = null;

  constructor(judge: JudgeAgain) {
    this.#judge = judge;
  }

  /** The partitions of `summary`'s group, judged again (or as last judged for it). */
  of(summary: GroupSummary): GroupStatus | null {
    if (this.#of !== summary) {
      this.#judged = this.#judge(summary.cluster, summary.group, summary.takenAt);
      this.#of = summary;
    }
    return this.#judged;
  }

  /** Forgets the last group judged (the window store changed under it). */
  forget(): void {
    this.#of = null;
    this.#judged = null;
  }
}

export class GroupSummary implements GroupStatus {
  readonly cluster: string;
  readonly group: string;
  readonly status: GroupStatusCode;
  readonly complete: number;
  readonly partitionCount: number;
  readonly totallag: number;
  readonly state: string | null;
  readonly members: number | null;
  readonly type: GroupType | null;
  /** The tick's time: what the partitions are judged at again. */
  readonly takenAt: number;
  readonly #names: readonly string[];
  readonly #again: JudgedAgain;
  #held: GroupStatus | null;

  /** `group`'s summary; `hold`: keep `group` itself until `release`. */
  constructor(group: EvaluatedGroup, takenAt: number, again: JudgedAgain, hold: boolean) {
    this.cluster = group.cluster;
    this.group = group.group;
    this.status = group.status;
    this.complete = group.complete;
    this.partitionCount = group.partitionCount;
    this.totallag = group.totallag;
    this.state = group.state;
    this.members = group.members;
    this.type = group.type;
    this.takenAt = takenAt;
    this.#names = group.names;
    this.#again = again;
    this.#held = hold ? group : null;
  }

  /** The tick's group while it is held; null once released. */
  get held(): GroupStatus | null {
    return this.#held;
  }

  /** Lets go of the tick's group: its partitions are judged again from now on. */
  release(): void {
    this.#held = null;
  }

  /** The topics of the partitions, in input order, one per partition (names kept). */
  topicAt(i: number): string {
    return this.#names[i * NAMES_PER_PARTITION]!;
  }

  /**
   * The whole group with its partitions: the tick's while held, else judged again; this
   * summary, with no partitions, when the store has forgotten the group.
   */
  judged(): GroupStatus {
    return this.#held ?? this.#again.of(this) ?? this.#empty();
  }

  get partitions(): readonly PartitionStatus[] {
    return this.judged().partitions;
  }

  get maxlag(): PartitionStatus | null {
    return this.judged().maxlag;
  }

  /** The figures alone, with no partitions: the group as the store no longer has it. */
  #empty(): GroupStatus {
    return this.#withPartitions([], 0, null);
  }

  toJSON(): GroupStatus {
    const judged = this.judged();
    return this.#withPartitions([...judged.partitions], this.partitionCount, judged.maxlag);
  }

  /** A plain status of these figures and the partitions given, its keys in GroupStatus's order. */
  #withPartitions(
    partitions: PartitionStatus[],
    partitionCount: number,
    maxlag: PartitionStatus | null,
  ): GroupStatus {
    return {
      cluster: this.cluster,
      group: this.group,
      status: this.status,
      complete: this.complete,
      partitions,
      partitionCount,
      maxlag,
      totallag: this.totallag,
      state: this.state,
      members: this.members,
      type: this.type,
    };
  }
}

/**
 * `group` as the read model keeps it: an evaluated group as its summary, any other (a
 * plain status: NOTFOUND, tests) as it is.
 */
export function summaryOf(
  group: GroupStatus,
  takenAt: number,
  again: JudgedAgain,
  hold: boolean,
): GroupStatus {
  return group instanceof EvaluatedGroup ? new GroupSummary(group, takenAt, again, hold) : group;
}

/** What a rendering may take of `group` now: a summary's held group, else the group. */
export function heldOrSelf(group: GroupStatus): GroupStatus {
  return group instanceof GroupSummary ? (group.held ?? group) : group;
}

// Made per group per tick (src/contract/hidden-class.ts says why one is held).
holdHiddenClass(
  new GroupSummary(
    new EvaluatedGroup(
      {
        cluster: '',
        group: '',
        status: 'OK',
        complete: 0,
        totallag: 0,
        state: null,
        members: null,
        type: null,
        maxlagIndex: -1,
      },
      [],
      new Float64Array(0),
      0,
    ),
    0,
    new JudgedAgain(() => null),
    false,
  ),
);
