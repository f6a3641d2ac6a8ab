// The composition root: from a config to a running lagwatch. It wires each cluster's
// client, the window store and the evaluator (the service builds both, once), the sinks
// (through sinks/index.ts), the API's read model, the owner of Burrow's DELETEs and the
// API. The Kafka client factory, the clock, the logger, the environment and the sinks'
// factory are injected. It writes nothing to stdout/stderr and picks no exit code: it
// returns typed results, and the CLI says what they mean.
import type { Writable } from 'node:stream';
import { AdminGuard } from '../api/admin-token.js';
import { ReadGuard } from '../api/read-token.js';
import { startApi, type RunningApi } from '../api/server.js';
import type { StateMetricsCacheOptions } from '../api/metrics-cache.js';
import type { Config, ConfigIssue } from '../config/index.js';
import { ErrorCode, LagwatchError } from '../contract/errors.js';
import type { Logger } from '../contract/logger.js';
import type { EvaluationReport } from '../contract/report.js';
import { kafkaClients, type ClusterClientFactory } from '../pipeline/cluster-client.js';
import type { ReportListener } from '../pipeline/cluster-tick.js';
import { offsetsTopicReaders } from '../pipeline/commit-stream.js';
import { StoreGroupDeletes } from '../pipeline/group-deletes.js';
import { LatestState } from '../pipeline/latest.js';
import { LagwatchService } from '../pipeline/service.js';
import { createSinkFanout, type NamedOutcome, type SinkFanout } from '../../sinks/index.js';
import type { DurableState } from '../state/index.js';
import { Alerts } from './alerts.js';
import { openDurableState } from './durable.js';
import { youngGenerationForSinks, youngGenerationForTrackedPartitions } from './heap-tuning.js';
import { collectAfterTicks } from './after-tick-collection.js';
import { saslSecretIssues } from './secret-issues.js';

/** How long start may wait for the sinks, and stop may spend flushing them. */
export const SINK_DEADLINE_MS = 10_000;

export interface AppDeps {
  /** The root logger (the CLI picks its stream). */
  readonly logger: Logger;
  /** Where secrets named by environment variable are read. Default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Each cluster's client; default the real Kafka client. */
  readonly clientFor?: ClusterClientFactory | undefined;
  /** The clock snapshots are stamped with; default Date.now. */
  readonly now?: (() => number) | undefined;
  /** The sinks' fan-out from their configs; default createSinkFanout (sinks/index.ts). */
  readonly sinksFor?: ((config: Config, logger: Logger) => SinkFanout) | undefined;
  /** The stdout sink's stream; default process.stdout. */
  readonly stdout?: Writable | undefined;
  /** Node's process metrics on /metrics too (the real process: yes). */
  readonly defaultMetrics?: boolean | undefined;
  /** How /metrics renders ahead of the scrapes; default its constants (bench/service sets it). */
  readonly metricsCache?: StateMetricsCacheOptions | undefined;
  /** How long start waits for the sinks and stop flushes them. Default SINK_DEADLINE_MS. */
  readonly sinkDeadlineMs?: number | undefined;
}

/** Why an app could not be built: nothing was started, nothing needs closing. */
export type AppBuildFailure =
  /** A SASL secret cannot be read: config issues naming the key. */
  | { readonly kind: 'config-invalid'; readonly issues: readonly ConfigIssue[] }
  /** The API's admin token or a sink's secret cannot be read (the message names which). */
  | { readonly kind: 'secret-unavailable'; readonly message: string }
  /**
   * A library a configured sink or notifier needs cannot be loaded (it is loaded when first
   * needed): an installation problem, not the config's; the message names the package.
   */
  | { readonly kind: 'library-unavailable'; readonly message: string };

export type AppStart =
  | { readonly kind: 'started'; readonly apiUrl: string | null }
  /** A sink refuses lagwatch (wrong token, no such database): everything is closed again. */
  | {
      readonly kind: 'sinks-misconfigured';
      readonly sinks: readonly { readonly sink: string; readonly error: string }[];
    }
  /** The API could not listen on `api.listen`: everything is closed again. */
  | { readonly kind: 'api-failed'; readonly listen: string; readonly error: string }
  /**
   * The state directory is held by another lagwatch, or cannot be made or written: nothing
   * was started. The message names the directory and, when locked, who holds it.
   */
  | { readonly kind: 'state-unavailable'; readonly error: string };

export interface App {
  readonly config: Config;
  readonly service: LagwatchService;
  /** The API's read model, fed every report. */
  readonly latest: LatestState;
  readonly sinks: SinkFanout;
  /** The incidents and the notifiers (none configured: nothing is sent). */
  readonly alerts: Alerts;
  /**
   * Starts the sinks, the API and the schedule, and fires every tick once. A sink that is
   * only unreachable is warned about (it spools); one that refuses lagwatch stops it here.
   */
  start(): Promise<AppStart>;
  /** Fires every cluster's tick now and waits for them. */
  tickAll(): Promise<EvaluationReport[]>;
  /** API off, schedule off, running ticks awaited, clients disconnected, sinks flushed. */
  stop(): Promise<readonly NamedOutcome[]>;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export function buildApp(
  config: Config,
  deps: AppDeps,
): { readonly kind: 'built'; readonly app: App } | AppBuildFailure {
  const { logger } = deps;
  const env = deps.env ?? process.env;
  const deadlineMs = deps.sinkDeadlineMs ?? SINK_DEADLINE_MS;
  const issues = saslSecretIssues(config, env);
  if (issues.length > 0) return { kind: 'config-invalid', issues };
  let admin: AdminGuard;
  let reader: ReadGuard;
  let sinks: SinkFanout;
  let alerts: Alerts;
  try {
    // Secrets are read now: one that cannot be read is a configuration problem.
    admin = AdminGuard.fromConfig(config.api, env);
    reader = ReadGuard.fromConfig(config.api, env);
    sinks = deps.sinksFor
      ? deps.sinksFor(config, logger)
      : createSinkFanout(config.sinks, { logger, env, stdout: deps.stdout });
    alerts = new Alerts(config, { logger, env, now: deps.now });
  } catch (error) {
    if (error instanceof LagwatchError && error.code === ErrorCode.LIBRARY_UNAVAILABLE)
      return { kind: 'library-unavailable', message: error.message };
    return { kind: 'secret-unavailable', message: messageOf(error) };
  }
  // Every report goes to the sinks, then to the read model (made from the service's store).
  const listeners: ReportListener[] = [(report) => sinks.write(report)];
  const service = new LagwatchService({
    config,
    logger,
    clientFor: deps.clientFor ?? kafkaClients(env),
    offsetsTopicFor: offsetsTopicReaders(env),
    now: deps.now,
    // No listener here reads the snapshot's groups: each is let go once recorded.
    keepGroupLags: false,
    onReport: (report, snapshot) => {
      for (const listener of listeners) listener(report, snapshot);
    },
  });
  const latest = new LatestState({
    clusters: service.ticks.map((t) => t.cluster),
    store: service.store,
    evaluator: service.evaluator,
    wholeClusters: service.commitStreams.map((stream) => stream.cluster),
  });
  listeners.push(latest.record);
  // Commits mode: a group deleted in the offsets topic leaves the answers at once.
  service.onGroupDeleted((cluster, group) => latest.groupChanged(cluster, group, null));
  // The alerts read each report after the sinks and the read model; never awaited.
  listeners.push((report) => alerts.observe(report));
  // Opened by start(); written after every tick once open.
  let durable: DurableState | null = null;
  listeners.push(() => durable?.afterTick());
  // A service that ships items to a sink, or tracks many group-partitions, lets V8's young
  // generation grow again (heap-tuning.ts says why).
  const sinkTypes = config.sinks.map((sink) => sink.type);
  youngGenerationForSinks(sinkTypes);
  listeners.push(youngGenerationForTrackedPartitions());
  // Last: a full collection once the tick's other listeners are done (after-tick-collection.ts).
  listeners.push(collectAfterTicks({ sinkTypes }));
  const deletes = new StoreGroupDeletes({ store: service.store, latest });

  let api: RunningApi | null = null;
  const closeAll = async (flushMs: number): Promise<readonly NamedOutcome[]> => {
    await api?.close();
    await service.stop();
    const notified = await alerts.close(flushMs);
    for (const { notifier, outcome } of notified) {
      if (outcome.kind !== 'ok')
        logger.warn(
          { notifier, outcome },
          'notifications not all delivered at exit: kept in the state',
        );
    }
    await durable?.close();
    return sinks.close(flushMs);
  };

  const app: App = {
    config,
    service,
    latest,
    sinks,
    alerts,
    async start() {
      try {
        durable = await openDurableState(config, service, latest, logger);
      } catch (error) {
        await closeAll(0);
        return { kind: 'state-unavailable', error: messageOf(error) };
      }
      alerts.restore(durable);
      const started = await sinks.start(deadlineMs);
      for (const { sink, outcome } of started) {
        if (outcome.kind === 'retryable')
          logger.warn({ sink, outcome }, 'sink not reachable yet; spooling until it is');
      }
      const refused = started.flatMap(({ sink, outcome }) =>
        outcome.kind === 'failed' ? [{ sink, error: outcome.error }] : [],
      );
      if (refused.length > 0) {
        await closeAll(0);
        return { kind: 'sinks-misconfigured', sinks: refused };
      }
      if (config.api.enabled) {
        try {
          api = await startApi({
            latest,
            deletes,
            config,
            ticks: service.ticks,
            sinkHealth: () => sinks.health(),
            alerts: alerts.enabled
              ? { alerts, notifierHealth: () => alerts.notifierHealth() }
              : undefined,
            logger,
            admin,
            reader,
            defaultMetrics: deps.defaultMetrics === true,
            metricsCache: deps.metricsCache,
          });
        } catch (error) {
          await closeAll(deadlineMs);
          return { kind: 'api-failed', listen: config.api.listen, error: messageOf(error) };
        }
      }
      logger.info(
        {
          clusters: config.clusters.map((c) => c.name),
          sinks: config.sinks.map((s) => s.name),
          notifiers: config.notifiers.map((n) => n.name),
        },
        'lagwatch running',
      );
      service.start();
      void service.tickAll();
      return { kind: 'started', apiUrl: api?.url ?? null };
    },
    tickAll: () => service.tickAll(),
    async stop() {
      const outcomes = await closeAll(deadlineMs);
      for (const { sink, outcome } of outcomes) {
        if (outcome.kind !== 'ok') logger.warn({ sink, outcome }, 'sink not fully flushed at exit');
      }
      return outcomes;
    },
  };
  return { kind: 'built', app };
}
