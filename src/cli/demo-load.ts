// `lagwatch demo-load --brokers H:P[,H:P]`: the demo's producer and consumer groups
// (healthy, slow, stuck, rewinding, stopped), until SIGINT/SIGTERM. Used by the Docker
// Compose stack; `npm run demo` runs the same load in-process.
import type { Command } from 'commander';
import { DemoLoad } from '../demo/load.js';
import { createLogger } from '../log.js';
import { stopSignal } from './run.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliIo, type CliRuntime } from './io.js';

export async function runDemoLoad(
  flags: { brokers: string; retryForS: string },
  io: Pick<CliIo, 'env'>,
): Promise<ExitCode> {
  const logger = createLogger(io.env.LAGWATCH_LOG_LEVEL ?? 'info');
  const brokers = flags.brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const deadline = Date.now() + Number(flags.retryForS) * 1000;
  let load: DemoLoad;
  // In a compose stack Kafka may still be starting: try again until it answers.
  for (;;) {
    load = new DemoLoad({ brokers, logger });
    try {
      await load.start();
      break;
    } catch (error) {
      await load.stop();
      if (Date.now() > deadline) {
        logger.error({ err: error, brokers }, 'demo load could not start');
        return ExitCode.FAILED;
      }
      logger.warn(
        { err: error, brokers },
        'Kafka not ready for the demo load yet; retrying in 5 s',
      );
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  await stopSignal();
  await load.stop();
  return ExitCode.OK;
}

export function registerDemoLoad(program: Command, cli: CliRuntime = processRuntime()): void {
  program
    .command('demo-load')
    .description('produce and consume on a Kafka cluster so that every status shows (a demo)')
    .requiredOption('--brokers <list>', 'bootstrap brokers, host:port[,host:port]')
    .option('--retry-for-s <seconds>', 'keep trying to reach Kafka this long at start', '300')
    .action(async (flags: { brokers: string; retryForS: string }) => {
      cli.exit(await runDemoLoad(flags, cli.io));
    });
}
