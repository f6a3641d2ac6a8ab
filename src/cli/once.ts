// `lagwatch once [--cluster C] [--group G] [--json]`: one sample of every configured
// cluster now, printed with Kafka's own columns (plus LAG-SECONDS) or as JSON.
// Exit code 0 when every cluster was sampled, 1 when some was not, 2 on a bad config.
import type { Command } from 'commander';
import { sampleOnce, type OnceDeps } from '../app/once.js';
import { createLogger } from '../log.js';
import {
  addConfigOptions,
  loadConfigOrReport,
  reportIssues,
  type ConfigFlags,
} from './config-options.js';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliIo, type CliRuntime } from './io.js';
import { clusterLag, formatGroupHeader, formatLagTable } from './lag-table.js';

interface OnceFlags extends ConfigFlags {
  readonly cluster?: string[];
  readonly group?: string[];
  readonly json?: boolean;
}

export async function runOnce(
  flags: OnceFlags,
  io: CliIo,
  deps: Partial<OnceDeps> = {},
): Promise<ExitCode> {
  const config = loadConfigOrReport(flags, io);
  if (!config) return ExitCode.INVALID;
  const unknown = (flags.cluster ?? []).filter(
    (name) => !config.clusters.some((c) => c.name === name),
  );
  if (unknown.length > 0) {
    io.stderr.write(
      `--cluster: expected one of ${config.clusters.map((c) => c.name).join(', ')}, found ${unknown.join(', ')}\n`,
    );
    return ExitCode.INVALID;
  }
  // Logs go to stderr so that stdout stays the table or the JSON.
  const logger = deps.logger ?? createLogger(config.log, 2);
  const sampled = await sampleOnce(config, {
    ...deps,
    env: io.env,
    logger,
    clusters: flags.cluster,
  });
  if (sampled.kind === 'config-invalid') {
    reportIssues(sampled.issues, io);
    return ExitCode.INVALID;
  }
  const results = sampled.clusters.map(({ report, snapshot }) => clusterLag(snapshot, report));
  const wanted = flags.group;
  const shown = results
    .sort((a, b) => (a.cluster < b.cluster ? -1 : 1))
    .map((c) => ({
      ...c,
      groups: wanted ? c.groups.filter((g) => wanted.includes(g.group)) : c.groups,
    }));

  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ clusters: shown })}\n`);
  } else {
    for (const c of shown) {
      const head = c.available
        ? `# cluster ${c.cluster}: ${c.groups.length} groups, sampled in ${c.durationMs} ms, max lag ${c.maxLag}`
        : `# cluster ${c.cluster}: NOT SAMPLED (${c.fault?.code}: ${c.fault?.message})`;
      io.stdout.write(`${head}\n`);
      for (const g of c.groups) {
        io.stdout.write(`${formatGroupHeader(g)}\n`);
        if (g.fault) io.stdout.write(`# group ${g.group}: ${g.fault.code}: ${g.fault.message}\n`);
      }
      const rows = c.groups.flatMap((g) => g.partitions);
      if (rows.length > 0) io.stdout.write(`${formatLagTable(rows)}\n`);
      io.stdout.write('\n');
    }
  }
  return shown.every((c) => c.available) ? ExitCode.OK : ExitCode.FAILED;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerOnce(program: Command, cli: CliRuntime = processRuntime()): void {
  addConfigOptions(
    program
      .command('once')
      .description("sample every configured cluster once and print each partition's lag")
      .option('--cluster <name>', 'only this cluster (repeatable)', collect)
      .option('--group <name>', 'only this consumer group (repeatable)', collect)
      .option('--json', 'print JSON instead of the table'),
  ).action(async (flags: OnceFlags) => {
    cli.exit(await runOnce(flags, cli.io));
  });
}
