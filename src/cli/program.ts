// The command line as a program: every subcommand (src/cli/<name>.ts) registered with the
// I/O it is given. Building it runs nothing; runCli parses argv and resolves to the exit
// code, so tests call commands in-process and src/cli.ts stays a tiny entry.
import { Command, CommanderError } from 'commander';
import { version } from '../version.js';
import { registerCheckConfig } from './check-config.js';
import { registerDemoLoad } from './demo-load.js';
import { registerEvaluate } from './evaluate.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliIo, type CliRuntime } from './io.js';
import { registerNotify } from './notify.js';
import { registerOnce } from './once.js';
import { registerRun } from './run.js';
import { registerSetupKibana } from './setup-kibana.js';
import { registerSetup } from './setup.js';

export function buildProgram(cli: CliRuntime = processRuntime()): Command {
  const program = new Command();
  program
    .name('lagwatch')
    .description(
      'Kafka consumer-lag monitor: samples lag from several clusters, judges each group with ' +
        "Burrow's rules, and ships the results to InfluxDB and Elasticsearch.",
    )
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError()
    // Help, usage errors and --version go to the injected streams, and end in an exit
    // code instead of process.exit (subcommands inherit both settings).
    .configureOutput({
      writeOut: (text) => cli.io.stdout.write(text),
      writeErr: (text) => cli.io.stderr.write(text),
    })
    .exitOverride();
  registerRun(program, cli);
  registerOnce(program, cli);
  registerEvaluate(program, cli);
  registerCheckConfig(program, cli);
  registerSetup(program, cli);
  registerSetupKibana(program, cli);
  registerDemoLoad(program, cli);
  registerNotify(program, cli);
  return program;
}

/** Runs `lagwatch <args>` with this I/O; resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.OK;
  const program = buildProgram({
    io,
    exit: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    // Help and --version end here with 0, a usage error with commander's code (1).
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return code;
}
