// `lagwatch setup elasticsearch [--config FILE] [--set KEY=VALUE ...] [--sink NAME] [--print]`:
// installs the composable index template of every Elasticsearch sink of the config (or of
// the one named), so that lagwatch's documents get explicit mappings. --print shows the
// template instead, touching nothing. Exit 0: done; 1: a server refused or could not be
// reached (stderr says which sink and why); 2: the config is invalid or names no such sink.
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ConfigError, formatIssue, loadConfig } from '../config/index.js';
import type { Config, ConfigOverride, ElasticsearchSinkConfig } from '../config/index.js';
import { addConfigOptions } from './config-options.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliRuntime } from './io.js';
import {
  createElasticsearchClient,
  elasticsearchSecrets,
  indexTemplate,
  installTemplate,
  templateName,
  verifyTemplate,
} from '../../sinks/index.js';

export interface SetupOptions {
  readonly config?: string | undefined;
  readonly set?: readonly ConfigOverride[] | undefined;
  /** Only this sink; default every Elasticsearch sink. */
  readonly sink?: string | undefined;
  /** Print the templates as JSON instead of installing them. */
  readonly print?: boolean | undefined;
  /** Deadline of each sink's requests. */
  readonly timeoutMs?: number | undefined;
}

export interface SetupIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

function elasticsearchSinks(config: Config, only: string | undefined): ElasticsearchSinkConfig[] {
  return config.sinks.filter(
    (s): s is ElasticsearchSinkConfig =>
      s.type === 'elasticsearch' && (only === undefined || s.name === only),
  );
}

async function installOne(
  sink: ElasticsearchSinkConfig,
  options: SetupOptions,
  io: SetupIo,
): Promise<boolean> {
  let client;
  try {
    client = createElasticsearchClient(sink, elasticsearchSecrets(sink, io.env ?? process.env));
  } catch (err) {
    io.stderr.write(`sink ${sink.name}: ${(err as Error).message}\n`);
    return false;
  }
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    let outcome = await installTemplate(client, sink, signal);
    if (outcome.kind === 'ok') outcome = await verifyTemplate(client, sink, signal);
    if (outcome.kind !== 'ok') {
      io.stderr.write(`sink ${sink.name}: ${outcome.error}\n`);
      return false;
    }
    const template = indexTemplate(sink);
    io.stdout.write(
      `sink ${sink.name}: index template "${templateName(sink)}" installed ` +
        `(${sink.indexMode} mode, patterns ${template.index_patterns.join(', ')}, ` +
        `version ${template.version})\n`,
    );
    return true;
  } finally {
    await client.close();
  }
}

/** Runs the setup; returns the exit code. */
export async function runSetupElasticsearch(options: SetupOptions, io: SetupIo): Promise<ExitCode> {
  let config: Config;
  try {
    config = loadConfig({ path: options.config, env: io.env, overrides: options.set });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(err.issues.map((issue) => formatIssue(issue) + '\n').join(''));
      return ExitCode.INVALID;
    }
    io.stderr.write(`lagwatch setup: ${(err as Error).message}\n`);
    return ExitCode.FAILED;
  }
  const sinks = elasticsearchSinks(config, options.sink);
  if (sinks.length === 0) {
    io.stderr.write(
      options.sink === undefined
        ? 'lagwatch setup elasticsearch: the config has no elasticsearch sink\n'
        : `lagwatch setup elasticsearch: the config has no elasticsearch sink named "${options.sink}"\n`,
    );
    return ExitCode.INVALID;
  }
  if (options.print === true) {
    for (const sink of sinks) io.stdout.write(`${JSON.stringify(indexTemplate(sink), null, 2)}\n`);
    return ExitCode.OK;
  }
  let ok = true;
  for (const sink of sinks) ok = (await installOne(sink, options, io)) && ok;
  return ok ? ExitCode.OK : ExitCode.FAILED;
}

export function registerSetup(program: Command, cli: CliRuntime = processRuntime()): void {
  const setup = program
    .command('setup')
    .description('install what the sinks need on their servers');
  addConfigOptions(
    setup
      .command('elasticsearch')
      .description("install the index template of the config's Elasticsearch sinks"),
  )
    .option('--sink <name>', 'only this sink')
    .option('--print', 'print the template(s) as JSON instead of installing them')
    .addHelpText(
      'after',
      '\nExit code 0: installed (or printed). 1: a server refused or could not be reached.\n' +
        '2: the config is invalid or has no such sink.',
    )
    .action(
      async (options: {
        config?: string;
        set?: ConfigOverride[];
        sink?: string;
        print?: boolean;
      }) => {
        cli.exit(await runSetupElasticsearch(options, cli.io));
      },
    );
}
