// lagwatch as a running thing: one ClusterTick per configured cluster, the window store and
// the evaluator's options (built once, here), from the config. The clients come from an
// injected factory (the real Kafka one by default), so tests can hand in a double.
// `run` schedules it (through src/app/); `once` fires every tick one time.
import type { Config } from '../config/index.js';
import type { Logger } from '../contract/logger.js';
import type { EvaluationReport } from '../contract/report.js';
import type { EvaluatorOptions } from '../status/index.js';
import { WindowStore } from '../window/store.js';
import { kafkaClients, type ClusterClient, type ClusterClientFactory } from './cluster-client.js';
import { ClusterTick, type ReportListener } from './cluster-tick.js';
import {
  CommitStream,
  offsetsTopicReaders,
  type GroupDeletedListener,
  type OffsetsTopicSourceFactory,
} from './commit-stream.js';
import { evaluatorFor } from './evaluator-options.js';
import { Scheduler } from './scheduler.js';

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Every report of every tick goes here (the sinks' fan-out, the API's cache). */
  readonly onReport: ReportListener;
  /** Only these clusters (by name); all when absent. */
  readonly clusters?: readonly string[] | undefined;
  /** Builds each cluster's client; default: the real Kafka client. */
  readonly clientFor?: ClusterClientFactory | undefined;
  /** The clock the samplers stamp snapshots with; default Date.now. */
  readonly now?: (() => number) | undefined;
  /** Builds the offsets-topic reader of a cluster in commits mode; default: the real one. */
  readonly offsetsTopicFor?: OffsetsTopicSourceFactory | undefined;
  /** Whether the snapshots the listener gets hold every group's lag (ClusterTickOptions). */
  readonly keepGroupLags?: boolean | undefined;
}

export class LagwatchService {
  readonly store: WindowStore;
  /** The options every tick judges with (and Burrow's DELETE of a topic re-judges with). */
  readonly evaluator: EvaluatorOptions;
  readonly ticks: readonly ClusterTick[];
  /** The commit streams of the clusters in commits mode (started by `start`). */
  readonly commitStreams: readonly CommitStream[];
  readonly #clients: readonly ClusterClient[];
  readonly #scheduler: Scheduler;

  constructor(options: ServiceOptions) {
    const { config, logger } = options;
    this.store = new WindowStore({
      intervals: config.window.intervals,
      expireGroupAfterMs: config.window.expireGroupAfterMs,
      endOffsetHistory: config.window.endOffsetHistory,
    });
    const evaluator = evaluatorFor(config);
    this.evaluator = evaluator;
    const clusters = config.clusters.filter(
      (c) => options.clusters === undefined || options.clusters.includes(c.name),
    );
    const clientFor = options.clientFor ?? kafkaClients();
    const clients = clusters.map((c) => clientFor(c, logger));
    this.#clients = clients;
    const sourceFor = options.offsetsTopicFor ?? offsetsTopicReaders();
    const streams = clusters.map((cluster) =>
      cluster.offsets === 'commits'
        ? new CommitStream({ cluster, store: this.store, sourceFor, logger, now: options.now })
        : null,
    );
    this.commitStreams = streams.filter((s): s is CommitStream => s !== null);
    this.ticks = clusters.map(
      (cluster, i) =>
        new ClusterTick({
          client: clients[i]!,
          sampler: {
            cluster: cluster.name,
            groups: cluster.groups,
            topics: cluster.topics,
            concurrency: config.sampler.concurrency,
            groupsPerRequest: config.sampler.groupsPerRequest,
            deadlineMs: config.tickTimeoutMs,
            logger,
            ...(options.now !== undefined && { now: options.now }),
          },
          store: this.store,
          evaluator,
          onReport: options.onReport,
          logger,
          keepGroupLags: options.keepGroupLags,
          ...(streams[i] && { commits: streams[i] }),
        }),
    );
    this.#scheduler = new Scheduler(config.schedule, this.ticks, logger);
  }

  /** Fires every cluster's tick now and waits for all of them. */
  async tickAll(): Promise<EvaluationReport[]> {
    const running = this.ticks.map((tick) => tick.fire() ?? tick.running ?? Promise.resolve(null));
    return (await Promise.all(running)).filter((r): r is EvaluationReport => r !== null);
  }

  /** Deleted groups seen by a commit stream, as they are seen (the read model forgets them). */
  onGroupDeleted(listener: GroupDeletedListener): void {
    for (const stream of this.commitStreams) stream.onGroupDeleted(listener);
  }

  /** Starts the commit streams (replay, then follow) and the schedule. */
  start(): void {
    for (const stream of this.commitStreams) stream.start();
    this.#scheduler.start();
  }

  /** Stops the schedule, waits for running ticks, disconnects from every cluster. */
  async stop(): Promise<void> {
    await this.#scheduler.stop();
    await Promise.all(this.commitStreams.map((s) => s.stop()));
    await Promise.all(this.#clients.map((c) => c.disconnect().catch(() => undefined)));
  }
}
