// `lagwatch notify test NAME [--config FILE] [--set KEY=VALUE ...]`: sends one test
// notification through the notifier named NAME (its real transport, queue and retries),
// waits for it to be delivered, and says how it went. Exit 0: delivered; 1: the receiver
// refused it or could not be reached in time; 2: the config is invalid, names no such
// notifier, or its secret cannot be read.
import type { Command } from 'commander';
import type { Config, ConfigOverride } from '../config/index.js';
import type { Incident } from '../contract/incident.js';
import { createLogger } from '../log.js';
import { createNotifiers, type Notification } from '../../notifiers/index.js';
import { addConfigOptions, loadConfigOrReport } from './config-options.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliIo, type CliRuntime } from './io.js';

export interface NotifyTestOptions {
  readonly config?: string | undefined;
  readonly set?: readonly ConfigOverride[] | undefined;
  /** How long to wait for the receiver, ms. */
  readonly timeoutMs?: number | undefined;
}

function testNotification(notifier: string, cluster: string, now: number): Notification {
  const incident: Incident = {
    id: `${cluster}/lagwatch-test`,
    notifier,
    subject: 'group',
    cluster,
    group: 'lagwatch-test',
    status: 'WARN',
    totalLag: 0,
    worst: null,
    fault: null,
    openedAt: now,
    updatedAt: now,
    closedAt: null,
    closeReason: null,
  };
  return { kind: 'test', incident, at: now, seq: 1, reminder: false };
}

export async function runNotifyTest(
  name: string,
  options: NotifyTestOptions,
  io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>,
): Promise<ExitCode> {
  const config: Config | null = loadConfigOrReport(options, io);
  if (config === null) return ExitCode.INVALID;
  const chosen = config.notifiers.filter((n) => n.name === name);
  if (chosen.length === 0) {
    const known = config.notifiers.map((n) => n.name).join(', ') || 'none';
    io.stderr.write(
      `lagwatch notify test: no notifier named "${name}" (the config has: ${known})\n`,
    );
    return ExitCode.INVALID;
  }
  let notifier;
  try {
    [notifier] = createNotifiers(chosen, { logger: createLogger('silent', 2), env: io.env });
  } catch (error) {
    io.stderr.write(`lagwatch notify test: ${(error as Error).message}\n`);
    return ExitCode.INVALID;
  }
  if (notifier === undefined) return ExitCode.INVALID;
  notifier.send(testNotification(name, config.clusters[0]?.name ?? 'lagwatch', Date.now()));
  const outcome = await notifier.close(options.timeoutMs ?? 30_000);
  const health = notifier.health();
  if (outcome.kind === 'ok' && health.sent === 1) {
    io.stdout.write(`notifier ${name} (${notifier.type}): test notification delivered\n`);
    return ExitCode.OK;
  }
  const why = health.lastError ?? (outcome.kind === 'ok' ? 'not delivered' : outcome.error);
  io.stderr.write(`notifier ${name} (${notifier.type}): test notification not delivered: ${why}\n`);
  return ExitCode.FAILED;
}

export function registerNotify(program: Command, cli: CliRuntime = processRuntime()): void {
  const notify = program.command('notify').description('work with the notifiers of the config');
  addConfigOptions(
    notify
      .command('test')
      .argument('<name>', "the notifier's name")
      .description('send one test notification through a notifier and wait for its delivery'),
  )
    .addHelpText(
      'after',
      '\nExit code 0: delivered. 1: refused or not reached in 30 s.\n' +
        '2: the config is invalid, has no such notifier, or its secret cannot be read.',
    )
    .action(async (name: string, options: { config?: string; set?: ConfigOverride[] }) => {
      cli.exit(await runNotifyTest(name, options, cli.io));
    });
}
