// A hand-built lagwatch state for the API's unit tests: two configured clusters, `a` with
// four ticks of known snapshots taken through the real window store and evaluator, `b`
// never sampled; a fake sink fan-out; and the app built over them.
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { SinkHealth } from '../../../src/contract/sink.js';
import { AdminGuard } from '../../../src/api/admin-token.js';
import { buildApi, type ApiOptions } from '../../../src/api/app.js';
import type { TickStats } from '../../../src/api/metrics.js';
import { parseConfig, type Config } from '../../../src/config/index.js';
import type { ClusterSnapshot, GroupLag, PartitionLag } from '../../../src/contract/snapshot.js';
import type { Logger } from '../../../src/contract/logger.js';
import { buildReport } from '../../../src/pipeline/build-report.js';
import { evaluatorFor } from '../../../src/pipeline/evaluator-options.js';
import { StoreGroupDeletes } from '../../../src/pipeline/group-deletes.js';
import { LatestState } from '../../../src/pipeline/latest.js';
import { WindowStore } from '../../../src/window/store.js';

export const HOST = 'lagwatch-test-host';
export const ADMIN_TOKEN = 's3cret-admin-token';
export const MINUTE = 60_000;
export const T0 = 1_700_000_000_000;

export const configYaml = `
clusters:
  - name: a
    brokers: [127.0.0.1:19092]
    clientId: lagwatch-a
    groups: { allow: ['^b', '^s'], deny: ['^skip'] }
  - name: b
    brokers: [127.0.0.1:29092]
    ssl: { rejectUnauthorized: false }
    sasl: { mechanism: plain, username: watcher, passwordEnv: KAFKA_B_PASSWORD }
window: { intervals: 4 }
api: { listen: '127.0.0.1:0', adminTokenEnv: LAGWATCH_ADMIN_TOKEN }
sinks:
  - type: influxdb
    name: influx
    url: http://127.0.0.1:8086
    org: o
    bucket: b
    tokenEnv: INFLUX_TOKEN
`;

/** The config above, with `api` settings replaced when given (YAML flow mapping). */
export function testConfig(api?: string): Config {
  const yaml = api === undefined ? configYaml : configYaml.replace(/^api: .*$/m, `api: ${api}`);
  return parseConfig(yaml, { env: {} });
}

function partition(
  topic: string,
  p: number,
  committed: number | null,
  end: number,
  owner: { host: string; clientId: string } | null,
  start = 0,
): PartitionLag {
  return {
    topic,
    partition: p,
    committedOffset: committed,
    logEndOffset: end,
    logStartOffset: start,
    lag: committed === null ? null : Math.max(0, end - committed),
    messagesLost: committed !== null && committed < start ? start - committed : 0,
    consumerId: owner ? `${owner.clientId}-member` : null,
    host: owner?.host ?? null,
    clientId: owner?.clientId ?? null,
    fault: null,
  };
}

function group(name: string, state: string, members: number, partitions: PartitionLag[]): GroupLag {
  const lags = partitions.map((p) => p.lag ?? 0);
  return {
    group: name,
    state,
    protocolType: 'consumer',
    type: 'classic',
    typeName: 'classic',
    groupEpoch: null,
    members,
    partitions,
    totalLag: lags.reduce((a, b) => a + b, 0),
    maxLag: null,
    fault: null,
  };
}

const billingOwner = { host: '/10.0.0.12', clientId: 'billing-1' };

/**
 * Tick k (0..3) of cluster a. Topics: orders (3 partitions), payments (2), idle (1).
 * - billing: orders p0 consuming with falling lag, p1 caught up; p2 never committed.
 * - stalled: orders p0 stuck at 100 with lag (STALL), a live member.
 * - sleepy: payments p0 with lag and no members (Empty: STOP, so ERR).
 * - slash/team a: payments p1 caught up.
 */
export function tickOfA(k: number, deleted: readonly string[] = []): ClusterSnapshot {
  const ordersEnd = [1000 + 100 * k, 500, 40];
  const paymentsEnd = [300, 77 + k];
  const groups = [
    group('billing', 'Stable', 1, [
      partition('orders', 0, 700 + 120 * k, ordersEnd[0]!, billingOwner),
      partition('orders', 1, 500, 500, billingOwner),
    ]),
    group('sleepy', 'Empty', 0, [partition('payments', 0, 250, 300, null, 260)]),
    group('slash/team a', 'Stable', 1, [
      partition('payments', 1, 77 + k, paymentsEnd[1]!, { host: '/10.0.0.9', clientId: 'team' }),
    ]),
    group('stalled', 'Stable', 1, [
      partition('orders', 0, 100, ordersEnd[0]!, { host: '/10.0.0.7', clientId: 'stuck' }),
    ]),
  ].filter((g) => !deleted.includes(g.group));
  const offsets = [
    ...ordersEnd.map((end, p) => ({
      topic: 'orders',
      partition: p,
      logEndOffset: end,
      logStartOffset: 0,
    })),
    ...paymentsEnd.map((end, p) => ({
      topic: 'payments',
      partition: p,
      logEndOffset: end,
      logStartOffset: p === 0 ? 260 : 0,
    })),
    { topic: 'idle', partition: 0, logEndOffset: null, logStartOffset: null },
  ].sort((x, y) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition));
  return {
    cluster: 'a',
    takenAt: T0 + k * MINUTE,
    durationMs: 12 + k,
    available: true,
    fault: null,
    groups,
    offsets,
    topics: ['idle', 'orders', 'payments'],
    maxLag: 900,
    requests: 7,
  };
}

export function unavailableTick(cluster: string, takenAt: number): ClusterSnapshot {
  return {
    cluster,
    takenAt,
    durationMs: 3000,
    available: false,
    fault: { code: 'CLUSTER_UNAVAILABLE', message: 'connection refused' },
    groups: [],
    offsets: [],
    topics: [],
    maxLag: 0,
    requests: 1,
  };
}

export interface Fixture {
  readonly config: Config;
  readonly store: WindowStore;
  readonly latest: LatestState;
  readonly deletes: StoreGroupDeletes;
  readonly ticks: TickStats[];
  readonly sinks: SinkHealth[];
  readonly logger: Logger;
  readonly app: FastifyInstance;
  /** Runs one snapshot through the store, the evaluator and the read model. */
  tick(snapshot: ClusterSnapshot): void;
}

export function sinkHealth(sink: string, overrides: Partial<SinkHealth> = {}): SinkHealth {
  return {
    sink,
    healthy: true,
    state: 'ok',
    delivered: 120,
    queued: 3,
    spooled: 0,
    spoolBytes: 0,
    quarantined: 0,
    dropped: 1,
    rejected: 2,
    retries: 4,
    lastDeliveryAt: T0,
    lastError: null,
    ...overrides,
  };
}

/** The state after `ticks` ticks of cluster a; b never sampled. */
export function fixture(
  options: {
    ticks?: number;
    adminToken?: string | null;
    logger?: Logger;
    config?: Config;
    defaultMetrics?: boolean;
  } = {},
): Fixture {
  const config = options.config ?? testConfig();
  const store = new WindowStore({
    intervals: config.window.intervals,
    expireGroupAfterMs: config.window.expireGroupAfterMs,
    endOffsetHistory: config.window.endOffsetHistory,
  });
  const evaluator = evaluatorFor(config);
  const latest = new LatestState({ clusters: ['a', 'b'], store, evaluator });
  const deletes = new StoreGroupDeletes({ store, latest });
  const ticks: TickStats[] = [
    {
      cluster: 'a',
      counters: { ticks: 0, skipped: 1, failed: 0, groupFaults: 2, lastDurationMs: 0 },
    },
    {
      cluster: 'b',
      counters: { ticks: 0, skipped: 0, failed: 0, groupFaults: 0, lastDurationMs: 0 },
    },
  ];
  const sinks = [sinkHealth('influx')];
  const logger = options.logger ?? pino({ level: 'silent' });
  const tick = (snapshot: ClusterSnapshot): void => {
    store.record(snapshot);
    const counters = ticks.find((t) => t.cluster === snapshot.cluster)!.counters;
    (counters as { ticks: number }).ticks++;
    (counters as { lastDurationMs: number }).lastDurationMs = snapshot.durationMs;
    latest.record(buildReport(snapshot, store, evaluator));
  };
  for (let k = 0; k < (options.ticks ?? 4); k++) tick(tickOfA(k));
  const token = options.adminToken === undefined ? ADMIN_TOKEN : options.adminToken;
  const state = { config, store, latest, deletes, ticks, sinks, logger, tick };
  const app = buildApi(
    apiOptionsOf(state, {
      admin: new AdminGuard(token),
      host: HOST,
      defaultMetrics: options.defaultMetrics,
    }),
  );
  return { ...state, app };
}

/**
 * The API's options over fixture `f`'s state (its logger, ADMIN_TOKEN), with `overrides`:
 * the fixture's own app, and the tests that build or start an API of their own.
 */
export function apiOptionsOf(
  f: Pick<Fixture, 'latest' | 'deletes' | 'config' | 'ticks' | 'sinks' | 'logger'>,
  overrides: Partial<ApiOptions> = {},
): ApiOptions {
  return {
    latest: f.latest,
    deletes: f.deletes,
    config: f.config,
    ticks: f.ticks,
    sinkHealth: () => f.sinks,
    logger: f.logger,
    admin: new AdminGuard(ADMIN_TOKEN),
    ...overrides,
  };
}

export const bearer = (token = ADMIN_TOKEN): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});
