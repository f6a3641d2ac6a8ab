// The --config / --set options every command that reads the config shares, and the one
// way they fail: every problem on stderr (`where: expected X, found Y`), ExitCode.INVALID.
import type { Command } from 'commander';
import {
  ConfigError,
  formatIssue,
  loadConfig,
  parseSetOption,
  type Config,
  type ConfigIssue,
  type ConfigOverride,
} from '../config/index.js';
import type { CliIo } from './io.js';

export interface ConfigFlags {
  readonly config?: string | undefined;
  readonly set?: readonly ConfigOverride[] | undefined;
}

const collect = (text: string, previous: ConfigOverride[] = []): ConfigOverride[] => [
  ...previous,
  parseSetOption(text),
];

export function addConfigOptions(command: Command): Command {
  return command
    .option(
      '-c, --config <file>',
      'config file (default: $LAGWATCH_CONFIG or config/lagwatch.yaml)',
    )
    .option(
      '--set <key=value>',
      'override one key, e.g. window.intervals=20 (repeatable)',
      collect,
    );
}

/** Every problem on stderr, one a line: `where: expected X, found Y`. */
export function reportIssues(issues: readonly ConfigIssue[], io: Pick<CliIo, 'stderr'>): void {
  io.stderr.write(issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
}

/**
 * The config (file, then LAGWATCH_* variables of `io.env`, then --set flags), or null after
 * printing every problem to stderr (exit with ExitCode.INVALID then).
 */
export function loadConfigOrReport(
  flags: ConfigFlags,
  io: Pick<CliIo, 'stderr' | 'env'>,
): Config | null {
  try {
    return loadConfig({ path: flags.config, env: io.env, overrides: flags.set });
  } catch (error) {
    if (error instanceof ConfigError) {
      reportIssues(error.issues, io);
      return null;
    }
    throw error;
  }
}
