// The status page over the real stack, wired as `lagwatch run` wires it: a lagwatch
// service on clusters a and b (demo groups only) and on `down`, a cluster whose broker is
// a closed port; every report goes to the API's read model; the API serves the page from
// the bundle `npm run build` made (dist/ui). Ticks run when a test says so, so the data
// stands still while a test compares the page with the API. With `notifiers` (YAML list
// items), the alerts (src/app/alerts.ts) read every report too and the API serves their
// incidents, as `lagwatch run` wires them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import { Alerts } from '../../../src/app/alerts.js';
import { parseConfig } from '../../../src/config/index.js';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import type { EvaluationReport } from '../../../src/contract/report.js';
import { createLogger } from '../../../src/log.js';
import { StoreGroupDeletes } from '../../../src/pipeline/group-deletes.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { LagwatchService } from '../../../src/pipeline/service.js';
import { repoRoot, stackEnv } from '../../helpers/stack.js';
import { closedPort } from '../sinks/helpers.js';

export const UI_DIR = join(repoRoot, 'dist', 'ui');
export const UNREACHABLE = 'down';

export interface PageHarness {
  readonly url: string;
  readonly latest: LatestState;
  /** Ticks every cluster once and hands the reports to the read model; the new reports. */
  tick(): Promise<EvaluationReport[]>;
  /** The last report of a cluster. */
  last(cluster: string): EvaluationReport;
  json<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function statusPageHarness(
  groupPrefix: string,
  options: { readonly notifiers?: string } = {},
): Promise<PageHarness> {
  if (!existsSync(join(UI_DIR, 'index.html'))) {
    throw new Error(`no status page bundle at ${UI_DIR}: run \`npm run build\` first`);
  }
  const clusters = Object.entries(stackEnv().kafkaClusters)
    .map(
      ([name, { brokers }]) =>
        `  - name: ${name}\n    brokers: [${brokers.join(', ')}]\n` +
        `    groups: { allow: ['^${groupPrefix}'] }\n`,
    )
    .join('');
  const down =
    `  - name: ${UNREACHABLE}\n    brokers: [127.0.0.1:${await closedPort()}]\n` +
    '    connectionTimeoutMs: 300\n    requestTimeoutMs: 1000\n';
  const config = parseConfig(
    `clusters:\n${clusters}${down}window: { intervals: 6 }\ntickTimeoutMs: 4000\n` +
      "sinks: []\napi: { listen: '127.0.0.1:0', requestTimeoutMs: 5000 }\n" +
      (options.notifiers === undefined ? '' : `notifiers:\n${options.notifiers}`),
    { env: {} },
  );
  const logLevel = process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent';
  const alerts = new Alerts(config, { logger: createLogger(logLevel, 2), env: {} });
  const fresh: { report: EvaluationReport; snapshot: ClusterSnapshot }[] = [];
  const service = new LagwatchService({
    config,
    logger: createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2),
    onReport: (report, snapshot) => fresh.push({ report, snapshot }),
  });
  const latest = new LatestState({
    clusters: service.ticks.map((t) => t.cluster),
    store: service.store,
    evaluator: service.evaluator,
    wholeClusters: service.commitStreams.map((stream) => stream.cluster),
  });
  let api: RunningApi;
  try {
    api = await startApi({
      latest,
      deletes: new StoreGroupDeletes({ store: service.store, latest }),
      config,
      ticks: service.ticks,
      sinkHealth: () => [],
      alerts: alerts.enabled
        ? { alerts, notifierHealth: () => alerts.notifierHealth() }
        : undefined,
      logger: pino({ level: process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent' }),
      admin: new AdminGuard(null),
      uiDir: UI_DIR,
    });
  } catch (error) {
    await service.stop();
    await alerts.close(0);
    throw error;
  }
  const lastOf = new Map<string, EvaluationReport>();
  return {
    url: api.url,
    latest,
    async tick() {
      await service.tickAll();
      const taken = fresh.splice(0);
      for (const { report } of taken) {
        latest.record(report);
        alerts.observe(report);
        lastOf.set(report.cluster, report);
      }
      return taken.map((t) => t.report);
    },
    last(cluster) {
      const report = lastOf.get(cluster);
      if (!report) throw new Error(`no tick of cluster ${cluster} yet`);
      return report;
    },
    async json<T>(path: string): Promise<T> {
      const r = await fetch(`${api.url}${path}`);
      if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    async stop() {
      await api.close();
      await service.stop();
      await alerts.close(1000);
    },
  };
}
