// `lagwatch run`: the service. Ticks every cluster on the schedule (and once at start),
// hands every report to every sink. SIGINT/SIGTERM stop the schedule, let running ticks
// finish, flush the sinks within a deadline and exit.
import type { Command } from 'commander';
import { createLogger } from '../log.js';
import { LagwatchService } from '../pipeline/service.js';
import { createSinkFanout } from '../../sinks/create-sinks.js';
import {
  EXIT_CONFIG_INVALID,
  addConfigOptions,
  loadConfigOrReport,
  type ConfigFlags,
} from './config-options.js';

/** How long shutdown may spend flushing the sinks. */
const FLUSH_ON_EXIT_MS = 10_000;

export async function runService(flags: ConfigFlags): Promise<number> {
  const config = loadConfigOrReport(flags);
  if (!config) return EXIT_CONFIG_INVALID;
  // With a stdout sink, stdout carries the reports: logs move to stderr.
  const logger = createLogger(
    config.log.level,
    config.sinks.some((s) => s.type === 'stdout') ? 2 : 1,
  );
  const sinks = createSinkFanout(config.sinks, { logger });
  await sinks.start(FLUSH_ON_EXIT_MS);
  const service = new LagwatchService({
    config,
    logger,
    onReport: (report) => sinks.write(report),
  });

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
  logger.info({ signal }, 'stopping: schedule off, waiting for running ticks, flushing sinks');
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
