#!/usr/bin/env node
// The command line. Each subcommand lives in src/cli/<name>.ts and registers
// itself on the program; this file only wires them and maps failures to exit codes.
import { Command } from 'commander';
import { registerCheckConfig } from './cli/check-config.js';
import { registerDemoLoad } from './cli/demo-load.js';
import { registerEvaluate } from './cli/evaluate.js';
import { registerOnce } from './cli/once.js';
import { registerRun } from './cli/run.js';
import { registerSetup } from './cli/setup.js';
import { registerSetupKibana } from './cli/setup-kibana.js';
import { version } from './version.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('lagwatch')
    .description(
      'Kafka consumer-lag monitor: samples lag from several clusters, judges each group with ' +
        "Burrow's rules, and ships the results to InfluxDB and Elasticsearch.",
    )
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError();
  registerRun(program);
  registerOnce(program);
  registerEvaluate(program);
  registerCheckConfig(program);
  registerSetup(program);
  registerSetupKibana(program);
  registerDemoLoad(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
