// What the HTTP API reads: per cluster, the latest report and snapshot the ticks made (fed
// by the service's report listener), with Burrow's DELETEs applied on top. It never
// samples. It reads the window store only for what a report does not carry (each group's
// sample ring) and to forget what a DELETE removes.
//
// A tick that could not sample a cluster changes no data here: the API goes on answering
// from the last tick that did (as Burrow answers from its storage while a cluster is
// unreachable), and says which tick that was.
import type { Config } from '../config/index.js';
import type { ClusterSnapshot, TopicPartitionOffsets } from '../contract/snapshot.js';
import type { EvaluationReport } from '../contract/report.js';
import {
  evaluateGroup,
  evaluatorOptions,
  type EvaluatorOptions,
  type GroupStatus,
  type GroupWindow,
} from '../status/index.js';
import type { WindowStore } from '../window/store.js';

export interface LatestStateOptions {
  /** Every cluster the service ticks: known (and listed) before their first tick. */
  readonly clusters: readonly string[];
  readonly store: WindowStore;
  /** The service's evaluator options: a DELETE of a group's topic judges the rest again. */
  readonly evaluator: EvaluatorOptions;
}

/** One cluster as the API sees it. Lists are sorted; lookups are by exact name. */
export class ClusterView {
  readonly name: string;
  /** The last tick's report, whatever its outcome; null before the first tick ends. */
  lastReport: EvaluationReport | null = null;
  /** The last tick that sampled the cluster; null until one has. */
  lastGood: { readonly report: EvaluationReport; readonly snapshot: ClusterSnapshot } | null = null;
  /** When the first successful tick was taken; null until one has been. */
  firstSampledAt: number | null = null;
  readonly #groups = new Map<string, GroupStatus>();
  #groupNames: string[] | null = null;
  #topics: Map<string, TopicPartitionOffsets[]> | null = null;
  #consumersOf: Map<string, string[]> | null = null;

  constructor(name: string) {
    this.name = name;
  }

  /** Groups of the last good tick, less those deleted since, by name. */
  get groups(): ReadonlyMap<string, GroupStatus> {
    return this.#groups;
  }

  groupNames(): readonly string[] {
    return (this.#groupNames ??= [...this.#groups.keys()].sort(byCodeUnit));
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
        const topics = new Set(this.#groups.get(name)!.partitions.map((p) => p.topic));
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

  /** Takes a tick in (LatestState does this). */
  record(report: EvaluationReport, snapshot: ClusterSnapshot): void {
    this.lastReport = report;
    if (!report.available) return;
    this.lastGood = { report, snapshot };
    this.firstSampledAt ??= report.takenAt;
    this.#groups.clear();
    for (const group of report.groups) this.#groups.set(group.group, group);
    this.#changed();
    this.#topics = null;
  }

  /** Replaces or removes one group's status (after a DELETE). */
  setGroup(name: string, status: GroupStatus | null): void {
    if (status === null) this.#groups.delete(name);
    else this.#groups.set(name, status);
    this.#changed();
  }

  #changed(): void {
    this.#groupNames = null;
    this.#consumersOf = null;
  }

  #topicMap(): Map<string, TopicPartitionOffsets[]> {
    if (!this.#topics) {
      const map = new Map<string, TopicPartitionOffsets[]>();
      // The snapshot's offsets are sorted by topic, then partition.
      for (const o of this.lastGood?.snapshot.offsets ?? []) {
        const list = map.get(o.topic);
        if (list) list.push(o);
        else map.set(o.topic, [o]);
      }
      this.#topics = map;
    }
    return this.#topics;
  }
}

export class LatestState {
  readonly #clusters = new Map<string, ClusterView>();
  readonly #names: readonly string[];
  readonly #store: WindowStore;
  readonly #evaluator: EvaluatorOptions;
  #version = 0;

  constructor(options: LatestStateOptions) {
    this.#names = [...new Set(options.clusters)].sort(byCodeUnit);
    for (const name of this.#names) this.#clusters.set(name, new ClusterView(name));
    this.#store = options.store;
    this.#evaluator = options.evaluator;
  }

  /** The evaluator options a service built from `config` uses. */
  static evaluatorFor(config: Config): EvaluatorOptions {
    return evaluatorOptions({
      allowedLag: config.evaluator.allowedLag,
      intervals: config.window.intervals,
      minimumComplete: config.evaluator.minimumComplete,
    });
  }

  /** The report listener: give it every report with its snapshot. */
  readonly record = (report: EvaluationReport, snapshot: ClusterSnapshot): void => {
    // A cluster the API was not told about is not served.
    this.#clusters.get(report.cluster)?.record(report, snapshot);
    this.#version++;
  };

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

  /** Burrow's DELETE of a group: forgotten until a tick sees it again. */
  deleteGroup(cluster: string, group: string): void {
    this.#store.deleteGroup(cluster, group);
    this.#clusters.get(cluster)?.setGroup(group, null);
    this.#version++;
  }

  /**
   * Burrow's DELETE of a group's topic: that topic's partitions are forgotten, the rest of
   * the group is judged again as the tick judged it; a group with no topic left is gone.
   */
  deleteGroupTopic(cluster: string, group: string, topic: string): void {
    const view = this.#clusters.get(cluster);
    this.#store.deleteGroupTopic(cluster, group, topic);
    this.#version++;
    if (!view?.groups.has(group) || !view.lastGood) return;
    const window = this.#store.window(cluster, group);
    view.setGroup(
      group,
      window === null ? null : evaluateGroup(window, this.#evaluator, view.lastGood.report.takenAt),
    );
  }
}

/** Sorts by UTF-16 code units: the same order everywhere, whatever the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
