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
}

export class LagwatchService {
  readonly store: WindowStore;
  /** The options every tick judges with (and Burrow's DELETE of a topic re-judges with). */
  readonly evaluator: EvaluatorOptions;
  readonly ticks: readonly ClusterTick[];
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
        }),
    );
    this.#scheduler = new Scheduler(config.schedule, this.ticks, logger);
  }

  /** Fires every cluster's tick now and waits for all of them. */
  async tickAll(): Promise<EvaluationReport[]> {
    const running = this.ticks.map((tick) => tick.fire() ?? tick.running ?? Promise.resolve(null));
    return (await Promise.all(running)).filter((r): r is EvaluationReport => r !== null);
  }

  start(): void {
    this.#scheduler.start();
  }

  /** Stops the schedule, waits for running ticks, disconnects from every cluster. */
  async stop(): Promise<void> {
    await this.#scheduler.stop();
    await Promise.all(this.#clients.map((c) => c.disconnect().catch(() => undefined)));
  }
}
