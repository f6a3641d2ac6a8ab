// What the HTTP API reads: per cluster, the latest report and snapshot the ticks made (fed
// by the service's report listener), with the results of Burrow's DELETEs applied on top
// (fed by StoreGroupDeletes, which owns the writes). It never samples and never writes the
// window store: it reads the store for what a report does not carry (each group's sample
// ring), and judges a group's partitions again from it when they are read.
//
// Between ticks each group is kept as its summary (src/status/group-summary.ts): its
// figures and names, not its partitions' numbers, which are judged again when read. While
// someone renders /metrics (holdReports), the summaries hold their tick's groups until the
// renderer lets go of them (releaseReports), so that a rendering right after a tick reads
// them as judged.
//
// A tick that could not sample a cluster changes no data here: the API goes on answering
// from the last tick that did (as Burrow answers from its storage while a cluster is
// unreachable), and says which tick that was.
import type { TopicPartitionOffsets } from '../contract/snapshot.js';
import type { EvaluationReport } from '../contract/report.js';
import {
  evaluateGroup,
  GroupSummary,
  JudgedAgain,
  summaryOf,
  type EvaluatorOptions,
  type GroupStatus,
  type GroupWindow,
} from '../status/index.js';
import type { WindowStore } from '../window/store.js';
import { byCodeUnit } from '../contract/sort-orders.js';

export interface LatestStateOptions {
  /** Every cluster the service ticks: known (and listed) before their first tick. */
  readonly clusters: readonly string[];
  /** Read only: each group's sample ring for the consumer detail, its window to judge again. */
  readonly store: WindowStore;
  /** The service's evaluator options (the ones its ticks judge with). */
  readonly evaluator: EvaluatorOptions;
  /**
   * Clusters whose windows change between ticks (commits mode: a sample per commit as it
   * comes): their groups are kept whole, as judged, since judged again later they would
   * show samples their figures do not count.
   */
  readonly wholeClusters?: readonly string[];
}

/** One cluster as the API sees it. Lists are sorted; lookups are by exact name. */
export class ClusterView {
  readonly name: string;
  /** The last tick's report, whatever its outcome; null before the first tick ends. */
  lastReport: EvaluationReport | null = null;
  /**
   * The last tick that sampled the cluster; null until one has. Its report only: the
   * snapshot's offsets are the report's, and its groups (100,000 partitions' objects at
   * 10,000 groups, 14 MB) are not kept, since the window store has what the API needs of them.
   */
  lastGood: { readonly report: EvaluationReport } | null = null;
  /** When the first successful tick was taken; null until one has been. */
  firstSampledAt: number | null = null;
  readonly #groups = new Map<string, GroupStatus>();
  #groupNames: string[] | null = null;
  #groupNamesJson: string | null = null;
  #topics: Map<string, TopicPartitionOffsets[]> | null = null;
  #consumersOf: Map<string, string[]> | null = null;
  /** The last tick's groups while their summaries hold the tick's group; null when none does. */
  #holding: readonly GroupStatus[] | null = null;

  /** Whether groups are kept whole (LatestStateOptions.wholeClusters), not as summaries. */
  readonly #whole: boolean;

  constructor(name: string, whole = false) {
    this.name = name;
    this.#whole = whole;
  }

  /** Groups of the last good tick, less those deleted since, by name. */
  get groups(): ReadonlyMap<string, GroupStatus> {
    return this.#groups;
  }

  groupNames(): readonly string[] {
    return (this.#groupNames ??= [...this.#groups.keys()].sort(byCodeUnit));
  }

  /**
   * `groupNames()` as JSON, made once per change: the consumer list is asked for often and
   * is 10,000 names at 10,000 groups (serializing it per request cost more CPU than the
   * rest of the request).
   */
  groupNamesJson(): string {
    return (this.#groupNamesJson ??= JSON.stringify(this.groupNames()));
  }

  /** Every topic the cluster's topic filter admits, sorted. */
  topicNames(): readonly string[] {
    return [...this.#topicMap().keys()];
  }

  /** Log-end and log-start offsets of a topic's partitions, by partition; undefined if unknown. */
  topic(name: string): readonly TopicPartitionOffsets[] | undefined {
    return this.#topicMap().get(name);
  }

  /** Groups that have committed to (or own a partition of) a topic, sorted. */
  consumersOf(topic: string): readonly string[] {
    if (!this.#consumersOf) {
      const map = new Map<string, string[]>();
      for (const name of this.groupNames()) {
        const topics = topicsOf(this.#groups.get(name)!);
        for (const t of topics) {
          const list = map.get(t);
          if (list) list.push(name);
          else map.set(t, [name]);
        }
      }
      this.#consumersOf = map;
    }
    return this.#consumersOf.get(topic) ?? [];
  }

  /**
   * Takes a tick in (LatestState does this): its groups as summaries, which hold the tick's
   * groups when `hold`.
   */
  record(tick: EvaluationReport, again: JudgedAgain, hold: boolean): void {
    this.release();
    if (!tick.available) {
      this.lastReport = tick;
      return;
    }
    let report = tick;
    if (!this.#whole) {
      const summaries = new Array<GroupStatus>(tick.groups.length);
      for (let i = 0; i < summaries.length; i++)
        summaries[i] = summaryOf(tick.groups[i]!, tick.takenAt, again, hold);
      if (hold) this.#holding = summaries;
      report = { ...tick, groups: summaries };
    }
    this.lastReport = report;
    this.lastGood = { report };
    this.firstSampledAt ??= report.takenAt;
    // The same groups as before (the usual tick): each replaced in place, in the order they
    // are. Cleared and filled again, the map's table grew anew every tick, was promoted with
    // the report and freed only by a full collection (1 MB a tick at 10,000 groups).
    const groups = this.#groups;
    let sameGroups = report.groups.length === groups.size;
    for (let i = 0; sameGroups && i < report.groups.length; i++)
      sameGroups = groups.has(report.groups[i]!.group);
    if (!sameGroups) groups.clear();
    for (const group of report.groups) groups.set(group.group, group);
    // The same names keep their list and its JSON; a group's topics may have changed.
    if (sameGroups) this.#consumersOf = null;
    else this.#changed();
    this.#topics = null;
  }

  /** Whether the summaries hold their tick's groups. */
  get holding(): boolean {
    return this.#holding !== null;
  }

  /** Lets go of the tick's groups the summaries hold (their partitions are judged again). */
  release(): void {
    if (this.#holding === null) return;
    for (const group of this.#holding) if (group instanceof GroupSummary) group.release();
    this.#holding = null;
  }

  /** Replaces or removes one group's status (after a DELETE; LatestState does this). */
  setGroup(name: string, status: GroupStatus | null): void {
    if (status === null) this.#groups.delete(name);
    else this.#groups.set(name, status);
    this.#changed();
  }

  #changed(): void {
    this.#groupNames = null;
    this.#groupNamesJson = null;
    this.#consumersOf = null;
  }

  #topicMap(): Map<string, TopicPartitionOffsets[]> {
    if (!this.#topics) {
      const map = new Map<string, TopicPartitionOffsets[]>();
      // The report's offsets (the snapshot's) are sorted by topic, then partition.
      for (const o of this.lastGood?.report.offsets ?? []) {
        const list = map.get(o.topic);
        if (list) list.push(o);
        else map.set(o.topic, [o]);
      }
      this.#topics = map;
    }
    return this.#topics;
  }
}

/** The topics of a group's partitions, from its names where it is a summary. */
function topicsOf(status: GroupStatus): Set<string> {
  const topics = new Set<string>();
  if (status instanceof GroupSummary)
    for (let i = 0; i < status.partitionCount; i++) topics.add(status.topicAt(i));
  else for (const p of status.partitions) topics.add(p.topic);
  return topics;
}

export class LatestState {
  readonly #clusters = new Map<string, ClusterView>();
  readonly #names: readonly string[];
  readonly #store: WindowStore;
  readonly #evaluator: EvaluatorOptions;
  readonly #again: JudgedAgain;
  /** How many renderers ask the summaries to hold their tick's groups. */
  #holders = 0;
  #version = 0;
  #dataVersion = 0;
  #reports = 0;

  constructor(options: LatestStateOptions) {
    this.#names = [...new Set(options.clusters)].sort(byCodeUnit);
    const whole = new Set(options.wholeClusters ?? []);
    for (const name of this.#names)
      this.#clusters.set(name, new ClusterView(name, whole.has(name)));
    this.#store = options.store;
    this.#evaluator = options.evaluator;
    this.#again = new JudgedAgain((cluster, group, takenAt) =>
      this.judgeAgain(cluster, group, takenAt),
    );
  }

  /** The report listener: give it every report. */
  readonly record = (report: EvaluationReport): void => {
    // A cluster the API was not told about is not served.
    const view = this.#clusters.get(report.cluster);
    view?.record(report, this.#again, this.#holders > 0);
    this.#again.forget();
    this.#version++;
    if (view && report.available) {
      this.#dataVersion++;
      this.#reports++;
    }
  };

  /**
   * Whether the summaries of the reports taken in from now on hold their tick's groups
   * until releaseReports: on while some /metrics renderer asks for it (counted, one on per
   * renderer). Off for the last: lets go of every group held.
   */
  holdReports(on: boolean): void {
    this.#holders = Math.max(0, this.#holders + (on ? 1 : -1));
    if (this.#holders === 0) this.releaseReports();
  }

  /** Whether some cluster's summaries hold their tick's groups now. */
  get heldReports(): boolean {
    for (const view of this.#clusters.values()) if (view.holding) return true;
    return false;
  }

  /** Lets go of every tick's group the summaries hold: their partitions are judged again. */
  releaseReports(): void {
    for (const view of this.#clusters.values()) view.release();
  }

  /** Reports taken in that sampled their cluster: a count that changes with each tick's data. */
  get reportsTaken(): number {
    return this.#reports;
  }

  /**
   * Changes when the groups, partitions or topics served change: with every report that
   * sampled its cluster and every DELETE, not with a tick that could not sample (which
   * changes only the cluster's `lastReport`). What is built from those alone can be kept.
   */
  get dataVersion(): number {
    return this.#dataVersion;
  }

  /** Changes with every report taken in and every DELETE: what was built from it can be kept. */
  get version(): number {
    return this.#version;
  }

  clusterNames(): readonly string[] {
    return this.#names;
  }

  cluster(name: string): ClusterView | undefined {
    return this.#clusters.get(name);
  }

  /** Samples kept per group-partition: the length of a full ring in the consumer detail. */
  get intervals(): number {
    return this.#store.intervals;
  }

  /** A group's sample rings, owners and lag, from the window store; null if not tracked. */
  groupWindow(cluster: string, group: string): GroupWindow | null {
    if (!this.#clusters.get(cluster)?.groups.has(group)) return null;
    return this.#store.window(cluster, group);
  }

  /**
   * When a group served here was judged (its last good tick), for judging what a DELETE
   * leaves of it at the same moment; null when it is not served.
   */
  judgedAt(cluster: string, group: string): number | null {
    const view = this.#clusters.get(cluster);
    if (!view?.lastGood || !view.groups.has(group)) return null;
    return view.lastGood.report.takenAt;
  }

  /**
   * `group` judged again from the window store's window of it now, at `takenAt` (as the
   * tick at that time judged it): what a summary's partitions are read from, and what a
   * DELETE leaves of a group. Null when the store has no window of it.
   */
  judgeAgain(cluster: string, group: string, takenAt: number): GroupStatus | null {
    const window = this.#store.window(cluster, group);
    return window === null ? null : evaluateGroup(window, this.#evaluator, takenAt);
  }

  /**
   * A DELETE was applied to the window store (by StoreGroupDeletes): `status` is the
   * group's new status, null when it is gone, undefined when nothing here changes. Every
   * DELETE changes the version.
   */
  groupChanged(cluster: string, group: string, status: GroupStatus | null | undefined): void {
    this.#version++;
    this.#dataVersion++;
    this.#again.forget();
    if (status === undefined) return;
    const view = this.#clusters.get(cluster);
    if (status !== null && !view?.groups.has(group)) return;
    view?.setGroup(group, status);
  }
}
