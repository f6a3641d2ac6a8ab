// lagwatch as a running thing: one ClusterTick per configured cluster, the window store,
// the evaluator's options and the sinks, built from the config. `run` schedules it;
// `once` fires every tick one time.
import type { Config } from '../config/index.js';
import { connectionFor } from '../kafka/connection.js';
import { createKafka } from '../kafka/kafka-client.js';
import { ProtocolClient } from '../kafka/protocol-client.js';
import type { Logger } from '../contract/logger.js';
import type { EvaluationReport } from '../contract/report.js';
import { evaluatorOptions } from '../status/index.js';
import { WindowStore } from '../window/store.js';
import { ClusterTick, type ReportListener } from './cluster-tick.js';
import { Scheduler } from './scheduler.js';

export interface ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Every report of every tick goes here (the sinks' fan-out, the API's cache). */
  readonly onReport: ReportListener;
  /** Only these clusters (by name); all when absent. */
  readonly clusters?: readonly string[] | undefined;
}

export class LagwatchService {
  readonly store: WindowStore;
  readonly ticks: readonly ClusterTick[];
  readonly #clients: readonly ProtocolClient[];
  readonly #scheduler: Scheduler;

  constructor(options: ServiceOptions) {
    const { config, logger } = options;
    this.store = new WindowStore({
      intervals: config.window.intervals,
      expireGroupAfterMs: config.window.expireGroupAfterMs,
      endOffsetHistory: config.window.endOffsetHistory,
    });
    const evaluator = evaluatorOptions({
      allowedLag: config.evaluator.allowedLag,
      intervals: config.window.intervals,
      minimumComplete: config.evaluator.minimumComplete,
    });
    const clusters = config.clusters.filter(
      (c) => options.clusters === undefined || options.clusters.includes(c.name),
    );
    const clients = clusters.map((c) => new ProtocolClient(createKafka(connectionFor(c), logger)));
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
