// A judged group as a report keeps it until the next tick replaces it: its figures as
// fields, its partitions' numbers in the report's packed numbers (partition-numbers.ts),
// their reasons among those numbers, their names in one array, and no object per
// partition. `partitions` and `maxlag` make the partitions' objects when read, anew on each
// read, so they die young.
// Made once per judging, 100,000 partition objects (about 90 bytes each) and 10,000
// arrays lived a whole tick at 10,000 groups × 10: the collector promoted and marked them
// every tick, the largest share of what a tick promoted (bench/service's `promoted`
// profile). A getter is not an own property: `toJSON` lists every field, in the order a
// plain GroupStatus has them, so JSON and logs carry them all; an object spread does not.
import { EvaluatedPartition, type KeptReasonTexts } from './partition-status.js';
import { PARTITION_SLOTS, Slot } from './partition-numbers.js';
import { REASON_CODES } from './reasons.js';
import type { GroupType } from '../contract/snapshot.js';
import type { GroupStatusCode } from '../contract/statuses.js';
import type { GroupStatus, PartitionStatus } from '../contract/evaluation.js';

/** Names kept per partition: topic, owner host, owner client.id (the reason is a number). */
export const NAMES_PER_PARTITION = 3;

/** What evaluateGroup found, besides the partitions' numbers and names. */
export interface GroupFigures {
  readonly cluster: string;
  readonly group: string;
  readonly status: GroupStatusCode;
  readonly complete: number;
  readonly totallag: number;
  readonly state: string | null;
  readonly members: number | null;
  readonly type: GroupType | null;
  /** Index of the partition with the most lag (the first such), -1 with none. */
  readonly maxlagIndex: number;
}

export class EvaluatedGroup implements GroupStatus, KeptReasonTexts {
  readonly cluster: string;
  readonly group: string;
  readonly status: GroupStatusCode;
  readonly complete: number;
  readonly partitionCount: number;
  readonly totallag: number;
  readonly state: string | null;
  readonly members: number | null;
  readonly type: GroupType | null;
  readonly #names: readonly string[];
  readonly #numbers: Float64Array;
  readonly #first: number;
  readonly #maxlagIndex: number;
  /** The partitions' reason texts read so far, by partition; made when the first is read. */
  #texts: (string | undefined)[] | null;

  /**
   * `names`: NAMES_PER_PARTITION per partition (topic, owner, client.id); the partitions'
   * numbers, their reasons' numbers among them (Slot.REASON), are at `first`, `first + 1`,
   * … of `numbers`.
   */
  constructor(
    figures: GroupFigures,
    names: readonly string[],
    numbers: Float64Array,
    first: number,
  ) {
    this.cluster = figures.cluster;
    this.group = figures.group;
    this.status = figures.status;
    this.complete = figures.complete;
    this.partitionCount = names.length / NAMES_PER_PARTITION;
    this.totallag = figures.totallag;
    this.state = figures.state;
    this.members = figures.members;
    this.type = figures.type;
    this.#names = names;
    this.#numbers = numbers;
    this.#first = first;
    this.#maxlagIndex = figures.maxlagIndex;
    this.#texts = null;
  }

  /**
   * The partitions' names, NAMES_PER_PARTITION per partition: for evaluateGroup, which
   * shares them with the next tick's status when they are the same.
   */
  get names(): readonly string[] {
    return this.#names;
  }

  /** Every partition, in input order: new objects on each read. */
  get partitions(): PartitionStatus[] {
    const list = new Array<PartitionStatus>(this.partitionCount);
    for (let i = 0; i < list.length; i++) list[i] = this.partitionAt(i, null);
    return list;
  }

  /** The first partition with the most lag, null with none: a new object on each read. */
  get maxlag(): PartitionStatus | null {
    return this.#maxlagIndex < 0 ? null : this.partitionAt(this.#maxlagIndex, null);
  }

  /**
   * Partition `i`, in `reuse` when it is a partition object of an evaluated group (which
   * this points at partition `i`), else in a new one: for PartitionReader, whose loops over
   * every partition of a report made most of what the service allocated when each read
   * made an object (/metrics read each partition seven times a rendering).
   */
  partitionAt(i: number, reuse: PartitionStatus | null): EvaluatedPartition {
    const k = i * NAMES_PER_PARTITION;
    const names = this.#names;
    const index = this.#first + i;
    const at = index * PARTITION_SLOTS;
    const into = reuse instanceof EvaluatedPartition ? reuse : new EvaluatedPartition();
    return into.moveTo(
      names[k]!,
      this.#numbers[at + Slot.PARTITION]!,
      names[k + 1]!,
      names[k + 2]!,
      REASON_CODES[this.#numbers[at + Slot.REASON]!]!,
      this.#numbers,
      index,
      this,
      i,
    );
  }

  keptReasonText(i: number): string | undefined {
    return this.#texts?.[i];
  }

  keepReasonText(i: number, text: string): void {
    (this.#texts ??= new Array<string | undefined>(this.partitionCount))[i] = text;
  }

  toJSON(): GroupStatus {
    return {
      cluster: this.cluster,
      group: this.group,
      status: this.status,
      complete: this.complete,
      partitions: this.partitions,
      partitionCount: this.partitionCount,
      maxlag: this.maxlag,
      totallag: this.totallag,
      state: this.state,
      members: this.members,
      type: this.type,
    };
  }
}
