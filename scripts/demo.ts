// `npm run demo`: lagwatch end to end on this machine, without Docker. Brings the local
// stack up (scripts/stack), starts the demo load (src/demo/load.ts), runs lagwatch with
// sinks to the local InfluxDB and Elasticsearch, and shows a live status table. Ctrl-C
// stops everything it started, the stack included (if it started it), and leaves no
// process behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseConfig } from '../src/config/index.js';
import { DEMO_GROUP_PREFIX, DemoLoad } from '../src/demo/load.js';
import { colour, renderStatusTable } from '../src/demo/status-table.js';
import { createLogger } from '../src/log.js';
import { LagwatchService } from '../src/pipeline/service.js';
import type { EvaluationReport } from '../src/contract/report.js';
import { createSinkFanout } from '../sinks/create-sinks.js';
import { repoRoot, stackEnv } from '../test/helpers/stack.js';

const stackScript = join(repoRoot, 'scripts/stack');
const tty = process.stdout.isTTY;
const wasUp = spawnSync('bash', [stackScript, 'check']).status === 0;
if (!wasUp) {
  console.log('demo: starting the local stack (scripts/stack up)...');
  execFileSync('bash', [stackScript, 'up'], { stdio: 'inherit' });
}
const env = stackEnv();
const database = 'lagwatch_demo';
await fetch(`${env.influxdbUrl}/query`, {
  method: 'POST',
  body: new URLSearchParams({ q: `CREATE DATABASE ${database}` }),
});

// Logs go to a file: the terminal is the status table's.
const logFile = join(repoRoot, '.stack/logs/demo.log');
const logger = createLogger(process.env.LAGWATCH_LOG_LEVEL ?? 'info', logFile);
const clusters = Object.entries(env.kafkaClusters)
  .map(
    ([name, c]) =>
      `  - name: ${name}\n    brokers: [${c.brokers.join(', ')}]\n    groups: { allow: ['^${DEMO_GROUP_PREFIX}'] }\n`,
  )
  .join('');
const config = parseConfig(
  `clusters:\n${clusters}schedule: '*/2 * * * * *'\nsinks:\n` +
    `  - type: influxdb\n    name: influxdb\n    api: v1\n    url: ${env.influxdbUrl}\n    database: ${database}\n` +
    `  - type: elasticsearch\n    name: elasticsearch\n    nodes: [${env.elasticsearchUrl}]\n    indexPrefix: lagwatch-demo\n    setupOnStart: true\n`,
  { env: {} },
);
const sinks = createSinkFanout(config.sinks, { logger });
await sinks.start(10_000);
const latest = new Map<string, EvaluationReport>();
const service = new LagwatchService({
  config,
  logger,
  onReport: (report) => {
    latest.set(report.cluster, report);
    sinks.write(report);
  },
});
const load = new DemoLoad({ brokers: env.kafkaClusters.a!.brokers, logger });
await load.start();
service.start();

const started = Date.now();
const wanted = ['OK', 'WARN', 'STOP', 'STALL', 'REWIND'];
const seenAt = new Map<string, number>();
const screen = setInterval(() => {
  const reports = [...latest.values()];
  for (const r of reports) {
    for (const g of r.groups) {
      for (const s of [g.status, ...g.partitions.map((p) => p.status)]) {
        if (!seenAt.has(s)) seenAt.set(s, Date.now() - started);
      }
    }
  }
  const seen = wanted.map((s) =>
    seenAt.has(s) ? colour(s, `${s} ${(seenAt.get(s)! / 1000).toFixed(0)}s`, tty) : `${s} -`,
  );
  const all = wanted.every((s) => seenAt.has(s));
  const out = [
    `lagwatch demo - ${((Date.now() - started) / 1000).toFixed(0)} s - Ctrl-C stops everything${wasUp ? '' : ' (and the stack)'}`,
    `statuses seen: ${seen.join('  ')}${all ? '  (all of them)' : ''}`,
    `writing to InfluxDB ${env.influxdbUrl} db ${database} and Elasticsearch ${env.elasticsearchUrl} (lagwatch-demo*)`,
    '',
    renderStatusTable(reports, tty),
    '',
  ].join('\n');
  process.stdout.write(tty ? `\u001b[2J\u001b[H${out}` : `${out}\n`);
}, 1000);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(screen);
  console.log(`\ndemo: ${signal}: stopping the load, lagwatch and the sinks...`);
  await load.stop();
  await service.stop();
  await sinks.close(10_000);
  if (!wasUp) {
    console.log('demo: stopping the stack (scripts/stack down)...');
    execFileSync('bash', [stackScript, 'down'], { stdio: 'inherit' });
  }
  const seen = [...seenAt].map(([s, ms]) => `${s} after ${(ms / 1000).toFixed(0)} s`).join(', ');
  console.log(`demo: statuses seen: ${seen || 'none'}. Logs: ${logFile}`);
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
const limit = Number(process.env.LAGWATCH_DEMO_SECONDS ?? 0);
if (limit > 0) setTimeout(() => void stop(`${limit} s elapsed`), limit * 1000);
