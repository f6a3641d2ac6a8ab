// `lagwatch run`: the service. The composition root (src/app/) builds and starts it: ticks
// every cluster on the schedule (and once at start), hands every report to every sink and
// to the HTTP API's read model, and serves the API (Burrow's /v3, /metrics, /healthz,
// /readyz) unless `api.enabled` is false. SIGINT/SIGTERM stop the API, stop the schedule,
// let running ticks finish, flush the sinks within a deadline and exit. This file only
// reads the flags, says what went wrong on stderr and picks the exit code.
import type { Command } from 'commander';
import { buildApp, type AppDeps } from '../app/app.js';
import { tuneHeapForService } from '../app/heap-tuning.js';
import { createLogger } from '../log.js';
import {
  addConfigOptions,
  loadConfigOrReport,
  reportIssues,
  type ConfigFlags,
} from './config-options.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliIo, type CliRuntime } from './io.js';

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export interface RunDeps extends Partial<AppDeps> {
  /** Resolves when the service should stop; default stopSignal(). */
  readonly stopped?: Promise<unknown> | undefined;
}

export async function runService(
  flags: ConfigFlags,
  io: CliIo,
  deps: RunDeps = {},
): Promise<ExitCode> {
  const config = loadConfigOrReport(flags, io);
  if (!config) return ExitCode.INVALID;
  // With a stdout sink, stdout carries the reports: logs move to stderr.
  const logger =
    deps.logger ?? createLogger(config.log, config.sinks.some((s) => s.type === 'stdout') ? 2 : 1);
  // Handlers are in place before anything starts, so an early signal is not lost.
  const stopped = deps.stopped ?? stopSignal();
  const built = buildApp(config, {
    defaultMetrics: true,
    stdout: io.stdout,
    ...deps,
    env: io.env,
    logger,
  });
  if (built.kind === 'config-invalid') {
    reportIssues(built.issues, io);
    return ExitCode.INVALID;
  }
  if (built.kind === 'library-unavailable') {
    // lagwatch's own installation lacks a package the config needs: not the config's fault.
    io.stderr.write(`lagwatch run: ${built.message}\n`);
    return ExitCode.FAILED;
  }
  if (built.kind === 'secret-unavailable') {
    // A secret the API or a sink names cannot be read: a configuration problem.
    io.stderr.write(`lagwatch run: ${built.message}\n`);
    return ExitCode.INVALID;
  }
  const { app } = built;
  const started = await app.start();
  if (started.kind === 'sinks-misconfigured') {
    // A sink that refuses lagwatch (wrong token, no such database) stops it here.
    for (const { sink, error } of started.sinks) {
      io.stderr.write(`lagwatch run: ${error.includes(sink) ? error : `sink ${sink}: ${error}`}\n`);
    }
    return ExitCode.INVALID;
  }
  if (started.kind === 'state-unavailable') {
    // Another lagwatch holds state.dir, or it cannot be made: a configuration problem.
    io.stderr.write(`lagwatch run: state.dir: ${started.error}\n`);
    return ExitCode.INVALID;
  }
  if (started.kind === 'api-failed') {
    io.stderr.write(`lagwatch run: api.listen ${started.listen}: ${started.error}\n`);
    return ExitCode.FAILED;
  }
  const signal = await stopped;
  logger.info(
    { signal },
    'stopping: API off, schedule off, waiting for running ticks, flushing sinks',
  );
  await app.stop();
  logger.info('stopped');
  return ExitCode.OK;
}

export function registerRun(program: Command, cli: CliRuntime = processRuntime()): void {
  addConfigOptions(
    program
      .command('run')
      .description('run the service: sample on the schedule, ship every report to the sinks'),
  ).action(async (flags: ConfigFlags) => {
    // The process is the service's alone from here (not in tests that call runService).
    tuneHeapForService();
    cli.exit(await runService(flags, cli.io));
  });
}
