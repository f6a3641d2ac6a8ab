// A lagwatch service on the real stack with the HTTP API in front of it, as `lagwatch run`
// wires them: every report goes to the API's read model; the API listens on loopback on
// a free port. Ticks run when a test says so.
import { pino } from 'pino';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { startApi, type RunningApi } from '../../../src/api/server.js';
import { StoreGroupDeletes } from '../../../src/pipeline/group-deletes.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { testService, type Recorded, type TestService } from '../../helpers/service.js';

export interface ApiHarness {
  readonly harness: TestService;
  readonly latest: LatestState;
  readonly api: RunningApi;
  /** Ticks every cluster once, then hands the reports to the read model (as run's listener). */
  tick(): Promise<Recorded[]>;
  /** The last recorded tick of a cluster. */
  last(cluster: string): Recorded;
  get(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; text: string }>;
  stop(): Promise<void>;
}

export async function apiHarness(
  groupPrefix: string,
  options: { adminToken?: string; extraYaml?: string } = {},
): Promise<ApiHarness> {
  const harness = testService(
    groupPrefix,
    `api: { listen: '127.0.0.1:0', requestTimeoutMs: 5000 }\n${options.extraYaml ?? ''}`,
  );
  const latest = new LatestState({
    clusters: harness.service.ticks.map((t) => t.cluster),
    store: harness.service.store,
    evaluator: harness.service.evaluator,
    wholeClusters: harness.service.commitStreams.map((stream) => stream.cluster),
  });
  const api = await startApi({
    latest,
    deletes: new StoreGroupDeletes({ store: harness.service.store, latest }),
    config: harness.config,
    ticks: harness.service.ticks,
    sinkHealth: () => [],
    logger: pino({ level: process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent' }),
    admin: new AdminGuard(options.adminToken ?? null),
  });
  let fed = 0;
  return {
    harness,
    latest,
    api,
    async tick() {
      await harness.service.tickAll();
      const fresh = harness.recorded.slice(fed);
      fed = harness.recorded.length;
      for (const r of fresh) latest.record(r.report);
      return fresh;
    },
    last(cluster) {
      const found = harness.recorded.filter((r) => r.report.cluster === cluster).at(-1);
      if (!found) throw new Error(`no tick of cluster ${cluster} yet`);
      return found;
    },
    async get(path, init) {
      const r = await fetch(`${api.url}${path}`, init);
      const text = await r.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: r.status, body, text };
    },
    async stop() {
      await api.close();
      await harness.stop();
    },
  };
}

/** A path segment escaped once, as a client builds a URL from a name. */
export const pathEscape = (segment: string): string => encodeURIComponent(segment);
