// `lagwatch run`: the service. Ticks every cluster on the schedule (and once at start),
// hands every report to every sink and to the HTTP API's read model, and serves the API
// (Burrow's /v3, /metrics, /healthz, /readyz) unless `api.enabled` is false. SIGINT/SIGTERM
// stop the API, stop the schedule, let running ticks finish, flush the sinks within a
// deadline and exit.
import type { Command } from 'commander';
import { AdminGuard } from '../api/admin-token.js';
import { ReadGuard } from '../api/read-token.js';
import { startApi, type RunningApi } from '../api/server.js';
import { createLogger } from '../log.js';
import { LatestState } from '../pipeline/latest.js';
import { LagwatchService } from '../pipeline/service.js';
import {
  EXIT_CONFIG_INVALID,
  addConfigOptions,
  loadConfigOrReport,
  type ConfigFlags,
} from './config-options.js';
import { createSinkFanout } from '../../sinks/index.js';
import type { SinkFanout } from '../../sinks/index.js';

/** How long shutdown may spend flushing the sinks. */
const FLUSH_ON_EXIT_MS = 10_000;

export async function runService(flags: ConfigFlags): Promise<number> {
  const config = loadConfigOrReport(flags);
  if (!config) return EXIT_CONFIG_INVALID;
  // With a stdout sink, stdout carries the reports: logs move to stderr.
  const logger = createLogger(config.log, config.sinks.some((s) => s.type === 'stdout') ? 2 : 1);
  let admin: AdminGuard;
  let reader: ReadGuard;
  let sinks: SinkFanout;
  try {
    // Secrets are read now: one that cannot be read is a configuration problem.
    admin = AdminGuard.fromConfig(config.api);
    reader = ReadGuard.fromConfig(config.api);
    sinks = createSinkFanout(config.sinks, { logger });
  } catch (error) {
    // A secret the API or a sink names cannot be read: a configuration problem.
    process.stderr.write(
      `lagwatch run: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_CONFIG_INVALID;
  }
  // A sink that is misconfigured (wrong token, no such database) stops lagwatch here; one
  // that cannot be reached now is only warned about: it keeps what it gets until it can.
  const started = await sinks.start(FLUSH_ON_EXIT_MS);
  const misconfigured = started.filter(({ outcome }) => outcome.kind === 'failed');
  for (const { sink, outcome } of started) {
    if (outcome.kind === 'retryable')
      logger.warn({ sink, outcome }, 'sink not reachable yet; spooling until it is');
  }
  if (misconfigured.length > 0) {
    for (const { sink, outcome } of misconfigured) {
      const error = outcome.kind === 'failed' ? outcome.error : '';
      process.stderr.write(
        `lagwatch run: ${error.includes(sink) ? error : `sink ${sink}: ${error}`}\n`,
      );
    }
    await sinks.close(0);
    return EXIT_CONFIG_INVALID;
  }
  const service = new LagwatchService({
    config,
    logger,
    onReport: (report, snapshot) => {
      sinks.write(report);
      latest.record(report, snapshot);
    },
  });
  const latest = new LatestState({
    clusters: service.ticks.map((t) => t.cluster),
    store: service.store,
    evaluator: LatestState.evaluatorFor(config),
  });
  let api: RunningApi | null = null;
  if (config.api.enabled) {
    try {
      api = await startApi({
        latest,
        config,
        ticks: service.ticks,
        sinkHealth: () => sinks.health(),
        logger,
        admin,
        reader,
        defaultMetrics: true,
      });
    } catch (error) {
      process.stderr.write(
        `lagwatch run: api.listen ${config.api.listen}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      await service.stop();
      await sinks.close(FLUSH_ON_EXIT_MS);
      return 1;
    }
  }

  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info(
    { clusters: config.clusters.map((c) => c.name), sinks: config.sinks.map((s) => s.name) },
    'lagwatch running',
  );
  service.start();
  void service.tickAll();

  const signal = await stopped;
  logger.info(
    { signal },
    'stopping: API off, schedule off, waiting for running ticks, flushing sinks',
  );
  await api?.close();
  await service.stop();
  const outcomes = await sinks.close(FLUSH_ON_EXIT_MS);
  for (const { sink, outcome } of outcomes) {
    if (outcome.kind !== 'ok') logger.warn({ sink, outcome }, 'sink not fully flushed at exit');
  }
  logger.info('stopped');
  return 0;
}

export function registerRun(program: Command): void {
  addConfigOptions(
    program
      .command('run')
      .description('run the service: sample on the schedule, ship every report to the sinks'),
  ).action(async (flags: ConfigFlags) => {
    process.exitCode = await runService(flags);
  });
}
