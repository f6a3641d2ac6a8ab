// One cluster's tick: sample -> window store -> evaluator -> every sink. Never rejects;
// a tick still running when the next is due is skipped and counted, never overlapped.
// One AbortSignal runs through the whole tick: the sampler's requests and the judging after
// them stop when it is aborted (abort(), or the tick's deadline, which covers sampling and
// judging alike), so a tick never goes on working beside the next one.
import { FaultCode } from '../contract/errors.js';
import { DescriptionMemo } from '../kafka/description-memo.js';
import { KeptPartitionLogs } from '../kafka/partition-logs.js';
import { KeptSamples } from '../kafka/group-sampling.js';
import { sampleClusterLazily, type SamplerClient, type SamplerOptions } from '../kafka/sampler.js';
import type { ClusterSnapshot, SnapshotHead } from '../contract/snapshot.js';
import type { Logger } from '../contract/logger.js';
import type { EvaluationReport } from '../contract/report.js';
import type { EvaluatorOptions } from '../status/index.js';
import type { WindowStore } from '../window/store.js';
import { buildReport, buildReportInSlices } from './build-report.js';
import { ClusterAvailabilityLog } from './cluster-availability-log.js';
import { recordInSlices } from './record-in-slices.js';
import { TickGroups } from './tick-groups.js';
import { previousNamesOf, type PreviousNames } from './previous-groups.js';

/**
 * Where reports go: the sinks' fan-out, the API's latest-report cache, tests. The snapshot's
 * `groups` are empty unless the tick keeps them (ClusterTickOptions.keepGroupLags).
 */
export type ReportListener = (report: EvaluationReport, snapshot: ClusterSnapshot) => void;

export interface ClusterTickOptions {
  readonly client: SamplerClient;
  readonly sampler: SamplerOptions;
  readonly store: WindowStore;
  readonly evaluator: EvaluatorOptions;
  readonly onReport: ReportListener;
  readonly logger: Logger;
  /** Commit-stream mode (`offsets: commits`): where samples come from, deleted groups. */
  readonly commits?: TickCommits;
  /**
   * Whether the snapshot each listener gets holds every group's lag (default true; `lagwatch
   * once` prints them). The running service does not keep them: each is made as the store
   * records it and let go, so the collector need not promote them.
   */
  readonly keepGroupLags?: boolean | undefined;
}

/** What a tick asks of the cluster's commit stream (commit-stream.ts). */
export interface TickCommits {
  readonly samples: 'ticks' | 'commits';
  /** Whether a group was deleted at or after the tick's time: it is not judged again. */
  deletedSince(takenAt: number): (group: string) => boolean;
}

export interface TickCounters {
  ticks: number;
  skipped: number;
  failed: number;
  /** Groups sampled with a fault (their windows got no sample that tick). */
  groupFaults: number;
  lastDurationMs: number;
}

export class ClusterTick {
  readonly cluster: string;
  readonly counters: TickCounters = {
    ticks: 0,
    skipped: 0,
    failed: 0,
    groupFaults: 0,
    lastDurationMs: 0,
  };
  readonly #options: ClusterTickOptions;
  #running: Promise<EvaluationReport> | null = null;
  /** The running tick's own: `abort()` ends its sampling as the deadline would. */
  #controller: AbortController | null = null;
  /** What the next tick shares of the last report: its groups' names, not the report. */
  #previous: PreviousNames | null = null;
  readonly #availability = new ClusterAvailabilityLog();
  /** The cluster's groups' descriptions, kept from one tick to the next (description-memo.ts). */
  readonly #descriptions = new DescriptionMemo();
  /** The cluster's partitions' logs, kept from one tick to the next when no tick keeps lags. */
  readonly #partitionLogs = new KeptPartitionLogs();
  /** The cluster's groups' samples, kept from one tick to the next when no tick keeps lags. */
  readonly #samples = new KeptSamples();

  constructor(options: ClusterTickOptions) {
    this.#options = options;
    this.cluster = options.sampler.cluster;
  }

  get running(): Promise<EvaluationReport> | null {
    return this.#running;
  }

  /** Starts a tick unless one is running (then counts a skip and returns null). */
  fire(): Promise<EvaluationReport> | null {
    if (this.#running) {
      this.counters.skipped++;
      this.#options.logger.warn(
        { cluster: this.cluster, skipped: this.counters.skipped },
        'tick skipped: the previous one is still running',
      );
      return null;
    }
    const controller = new AbortController();
    this.#controller = controller;
    const running = this.#run(controller.signal).finally(() => {
      this.#running = null;
      this.#controller = null;
    });
    this.#running = running;
    return running;
  }

  /**
   * Cancels the running tick's sampling: it ends with an unavailable report (the sampler's
   * DEADLINE_EXCEEDED, "sampling was cancelled"), as its deadline would. False when no tick
   * runs. The service's stop does not call it: at shutdown running ticks finish.
   */
  abort(): boolean {
    if (this.#controller === null) return false;
    this.#controller.abort();
    return true;
  }

  async #run(signal: AbortSignal): Promise<EvaluationReport> {
    const { client, sampler, store, evaluator, logger, commits } = this.#options;
    const startedAt = performance.now();
    const { head, lags } = await sampleClusterLazily(client, {
      ...sampler,
      signal: sampler.signal === undefined ? signal : AbortSignal.any([sampler.signal, signal]),
      descriptions: sampler.descriptions ?? this.#descriptions,
      // A kept lag reads its partition's log, which the next tick would clear and fill again.
      partitionLogs: this.#options.keepGroupLags === false ? this.#partitionLogs : undefined,
      samples: this.#options.keepGroupLags === false ? this.#samples : undefined,
    });
    // Each group's lag is made as the store records it; a group the commit stream saw
    // deleted while the tick ran is not judged again.
    const groups = new TickGroups(
      lags,
      commits ? commits.deletedSince(head.takenAt) : null,
      this.#options.keepGroupLags ?? true,
    );
    this.#availability.observe(head, logger);
    this.counters.ticks++;
    this.counters.lastDurationMs = head.durationMs;
    if (!head.available) this.counters.failed++;
    let report: EvaluationReport;
    // What is left of the tick's deadline after sampling is the judging's.
    const judging = new AbortController();
    const leftMs = Math.max(0, sampler.deadlineMs - (performance.now() - startedAt));
    const timer = setTimeout(() => judging.abort(new JudgingDeadline(sampler.deadlineMs)), leftMs);
    try {
      const judgingSignal = AbortSignal.any([signal, judging.signal]);
      const mode = commits?.samples ?? 'ticks';
      await recordInSlices(store, head, mode, judgingSignal, undefined, groups);
      report = await buildReportInSlices(
        snapshotOf(head, groups),
        store,
        evaluator,
        judgingSignal,
        undefined,
        this.#previous,
      );
    } catch (error) {
      this.counters.failed++;
      const cancelled = signal.aborted || judging.signal.aborted;
      // A bug in the pure core must not stop the schedule; say so loudly instead.
      if (cancelled) logger.warn({ cluster: this.cluster, err: error }, 'judging the tick stopped');
      else logger.error({ cluster: this.cluster, err: error }, 'evaluating the tick failed');
      report = buildReport(
        {
          ...snapshotOf(head, groups),
          available: false,
          fault: cancelled
            ? { code: FaultCode.DEADLINE_EXCEEDED, message: messageOf(error) }
            : { code: FaultCode.EVALUATION_FAILED, message: String(error) },
        },
        store,
        evaluator,
      );
    } finally {
      clearTimeout(timer);
    }
    // Groups no recording took (the store took no sample of a stale tick) are still counted.
    groups.drain();
    this.counters.groupFaults += groups.faults;
    const snapshot = snapshotOf(head, groups);
    this.#previous = previousNamesOf(report);
    try {
      this.#options.onReport(report, snapshot);
    } catch (error) {
      logger.error({ cluster: this.cluster, err: error }, 'a report listener threw');
    }
    return report;
  }
}

/** The tick's snapshot: its groups if kept, its highest lag of the groups made so far. */
function snapshotOf(head: SnapshotHead, groups: TickGroups): ClusterSnapshot {
  return { ...head, groups: groups.kept ?? [], maxLag: groups.maxLag };
}

class JudgingDeadline extends Error {
  constructor(ms: number) {
    super(`judging the tick did not finish within its ${ms} ms deadline`);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
