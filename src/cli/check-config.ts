// `lagwatch check-config [--config FILE] [--set KEY=VALUE ...]`: loads the config as `run`
// would (file, then LAGWATCH_* environment, then --set flags) and prints it normalised as
// YAML, exit code 0; or prints every problem on stderr, one a line
// (`where: expected X, found Y`), exit code 2. The clusters' SASL passwords are checked
// to be readable, as `run` needs them (a missing one is a problem naming its key); no
// secret value is ever printed.
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { saslSecretIssues } from '../app/secret-issues.js';
import { ConfigError, configPath, configToYaml, loadConfig } from '../config/index.js';
import type { ConfigOverride } from '../config/index.js';
import { addConfigOptions, reportIssues } from './config-options.js';
import { runConnectionCheck } from './connection-check.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliRuntime } from './io.js';

export interface CheckConfigOptions {
  readonly config?: string | undefined;
  readonly set?: readonly ConfigOverride[] | undefined;
  /** Also reach every cluster and every sink (credentials, permissions, targets). */
  readonly connect?: boolean | undefined;
}

export interface CheckConfigIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Runs the check; returns the exit code. */
export function runCheckConfig(options: CheckConfigOptions, io: CheckConfigIo): ExitCode {
  const loadOptions = { path: options.config, env: io.env, overrides: options.set };
  try {
    const config = loadConfig(loadOptions);
    const secretIssues = saslSecretIssues(config, io.env ?? process.env);
    if (secretIssues.length > 0) {
      reportIssues(secretIssues, io);
      return ExitCode.INVALID;
    }
    io.stdout.write(
      `# ${configPath(loadOptions)}: valid. Normalised: defaults filled in, durations in ms,\n` +
        '# paths absolute, environment and --set overrides applied.\n' +
        configToYaml(config),
    );
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof ConfigError) {
      reportIssues(err.issues, io);
      return ExitCode.INVALID;
    }
    io.stderr.write(`lagwatch check-config: ${(err as Error).message}\n`);
    return ExitCode.FAILED;
  }
}

export function registerCheckConfig(program: Command, cli: CliRuntime = processRuntime()): void {
  addConfigOptions(
    program
      .command('check-config')
      .description('validate the config and print it normalised (secrets are never printed)'),
  )
    .option('--connect', 'also reach every Kafka cluster and every sink, and say what fails')
    .addHelpText(
      'after',
      '\nExit code 0: valid, the normalised config is on stdout (and with --connect: all reached).\n' +
        'Exit code 1: with --connect, something could not be reached now.\n' +
        'Exit code 2: invalid, every problem is on stderr, one a line: where: expected X, found Y;\n' +
        '             with --connect, also a sink refusing lagwatch (credentials, missing target).\n' +
        'Keys, defaults and LAGWATCH_* variables: src/config/README.md',
    )
    .action(async (options: CheckConfigOptions) => {
      const { io } = cli;
      const code = runCheckConfig(options, io);
      cli.exit(
        code === ExitCode.OK && options.connect
          ? await runConnectionCheck(
              loadConfig({ path: options.config, env: io.env, overrides: options.set }),
              io,
            )
          : code,
      );
    });
}
