// `lagwatch once [--cluster C] [--group G] [--json]`: one sample of every configured
// cluster now, printed with Kafka's own columns (plus LAG-SECONDS) or as JSON.
// Exit code 0 when every cluster was sampled, 1 when some was not, 2 on a bad config.
import type { Command } from 'commander';
import type { ClusterSnapshot } from '../contract/snapshot.js';
import { createLogger } from '../log.js';
import { LagwatchService } from '../pipeline/service.js';
import type { EvaluationReport } from '../contract/report.js';
import {
  EXIT_CONFIG_INVALID,
  addConfigOptions,
  loadConfigOrReport,
  type ConfigFlags,
} from './config-options.js';
import { clusterLag, formatLagTable, type ClusterLag } from './lag-table.js';

interface OnceFlags extends ConfigFlags {
  readonly cluster?: string[];
  readonly group?: string[];
  readonly json?: boolean;
}

export async function runOnce(flags: OnceFlags): Promise<number> {
  const config = loadConfigOrReport(flags);
  if (!config) return EXIT_CONFIG_INVALID;
  const unknown = (flags.cluster ?? []).filter(
    (name) => !config.clusters.some((c) => c.name === name),
  );
  if (unknown.length > 0) {
    process.stderr.write(
      `--cluster: expected one of ${config.clusters.map((c) => c.name).join(', ')}, found ${unknown.join(', ')}\n`,
    );
    return EXIT_CONFIG_INVALID;
  }
  // Logs go to stderr so that stdout stays the table or the JSON.
  const logger = createLogger(config.log, 2);
  const results: ClusterLag[] = [];
  const service = new LagwatchService({
    config,
    logger,
    clusters: flags.cluster,
    onReport: (report: EvaluationReport, snapshot: ClusterSnapshot) => {
      results.push(clusterLag(snapshot, report));
    },
  });
  try {
    await service.tickAll();
  } finally {
    await service.stop();
  }
  const wanted = flags.group;
  const shown = results
    .sort((a, b) => (a.cluster < b.cluster ? -1 : 1))
    .map((c) => ({
      ...c,
      groups: wanted ? c.groups.filter((g) => wanted.includes(g.group)) : c.groups,
    }));

  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ clusters: shown })}\n`);
  } else {
    for (const c of shown) {
      const head = c.available
        ? `# cluster ${c.cluster}: ${c.groups.length} groups, sampled in ${c.durationMs} ms, max lag ${c.maxLag}`
        : `# cluster ${c.cluster}: NOT SAMPLED (${c.fault?.code}: ${c.fault?.message})`;
      process.stdout.write(`${head}\n`);
      for (const g of c.groups) {
        if (g.fault)
          process.stdout.write(`# group ${g.group}: ${g.fault.code}: ${g.fault.message}\n`);
      }
      const rows = c.groups.flatMap((g) => g.partitions);
      if (rows.length > 0) process.stdout.write(`${formatLagTable(rows)}\n`);
      process.stdout.write('\n');
    }
  }
  return shown.every((c) => c.available) ? 0 : 1;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerOnce(program: Command): void {
  addConfigOptions(
    program
      .command('once')
      .description("sample every configured cluster once and print each partition's lag")
      .option('--cluster <name>', 'only this cluster (repeatable)', collect)
      .option('--group <name>', 'only this consumer group (repeatable)', collect)
      .option('--json', 'print JSON instead of the table'),
  ).action(async (flags: OnceFlags) => {
    process.exitCode = await runOnce(flags);
  });
}
