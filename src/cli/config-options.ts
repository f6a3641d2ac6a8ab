// The --config / --set options every command that reads the config shares, and the one
// way they fail: every problem on stderr (`where: expected X, found Y`), exit code 2.
import type { Command } from 'commander';
import {
  ConfigError,
  formatIssue,
  loadConfig,
  parseSetOption,
  type Config,
  type ConfigOverride,
} from '../config/index.js';

export const EXIT_CONFIG_INVALID = 2;

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

/** The config, or null after printing every problem to stderr (exit with code 2 then). */
export function loadConfigOrReport(
  flags: ConfigFlags,
  stderr: NodeJS.WritableStream = process.stderr,
): Config | null {
  try {
    return loadConfig({ path: flags.config, overrides: flags.set });
  } catch (error) {
    if (error instanceof ConfigError) {
      stderr.write(error.issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
      return null;
    }
    throw error;
  }
}
