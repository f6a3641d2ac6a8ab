// HTTP API throughput on loopback with 1,000 groups tracked: requests per second for
// `GET /v3/kafka/(cluster)/consumer/(group)/lag` (every request a different group) and for
// `GET /metrics` (between ticks, and right after one, when every series is rebuilt), with
// autocannon as the load generator. The state is built in memory through the real window store and evaluator
// (no Kafka needed): 1,000 groups x 8 partitions, windows full (10 ticks). Bounded: each
// run lasts a few seconds. Prints figures; asserts nothing.
// Run: npm run bench -- api
import autocannon from 'autocannon';
import { pino } from 'pino';
import { AdminGuard } from '../src/api/admin-token.js';
import { startApi } from '../src/api/server.js';
import { parseConfig } from '../src/config/index.js';
import type { ClusterSnapshot } from '../src/contract/snapshot.js';
import { buildReport } from '../src/pipeline/build-report.js';
import { StoreGroupDeletes } from '../src/pipeline/group-deletes.js';
import { syntheticGroupName, syntheticReadModel, syntheticSnapshot } from './synthetic-snapshot.js';

const GROUPS = 1_000;
const PARTITIONS = 8;
const TOPICS = 50;
const TICKS = 10;
const SECONDS = 5;
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

const config = parseConfig(
  "clusters:\n  - name: bench\n    brokers: ['127.0.0.1:9']\napi: { listen: '127.0.0.1:0' }\nsinks: []\n",
  { env: {} },
);
const groupName = syntheticGroupName;

const shape = {
  groups: GROUPS,
  partitions: PARTITIONS,
  topics: TOPICS,
  firstTickAt: T0,
  fallBehind: 1,
};
const snapshot = (k: number): ClusterSnapshot => syntheticSnapshot(shape, k);

const { store, evaluator, latest } = syntheticReadModel(config);
for (let k = 0; k < TICKS; k++) {
  const s = snapshot(k);
  store.record(s);
  latest.record(buildReport(s, store, evaluator));
}
const stats = store.stats();
console.log(
  `state: ${stats.groups} groups, ${stats.groupPartitions} group-partitions, ${stats.topicPartitions} topic-partitions, windows of ${config.window.intervals}`,
);

const api = await startApi({
  latest,
  deletes: new StoreGroupDeletes({ store, latest }),
  config,
  ticks: [
    {
      cluster: 'bench',
      counters: { ticks: TICKS, skipped: 0, failed: 0, groupFaults: 0, lastDurationMs: 200 },
    },
  ],
  sinkHealth: () => [],
  logger: pino({ level: 'warn' }),
  admin: new AdminGuard(null),
  defaultMetrics: true,
});

async function load(
  title: string,
  path: string | ((n: number) => string),
  connections: number,
): Promise<void> {
  let n = 0;
  const result = await autocannon({
    url: api.url,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: typeof path === 'string' ? path : path(n++),
        }),
      },
    ],
  });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${title}: ${Math.round(result.requests.average).toLocaleString('en-US')} req/s ` +
      `(${connections} connections, ${SECONDS} s, ${result.requests.total.toLocaleString('en-US')} requests), ` +
      `latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms, ` +
      `${(result.throughput.average / 1e6).toFixed(1)} MB/s` +
      (non2xx > 0 ? `, NOT 2xx/errors: ${non2xx}` : ''),
  );
}

try {
  const sample = await fetch(`${api.url}/v3/kafka/bench/consumer/${groupName(1)}/lag`);
  const lagBytes = (await sample.text()).length;
  const startedAt = performance.now();
  const metricsText = await (await fetch(`${api.url}/metrics`)).text();
  const scrapeMs = performance.now() - startedAt;
  const series = metricsText.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  console.log(
    `one /lag answer: ${lagBytes.toLocaleString('en-US')} bytes; one /metrics scrape: ` +
      `${series.toLocaleString('en-US')} series, ${(metricsText.length / 1e6).toFixed(2)} MB, ${scrapeMs.toFixed(0)} ms (first, cold)`,
  );
  await load(
    'GET /v3/kafka/bench/consumer/(group)/lag',
    (n) => `/v3/kafka/bench/consumer/${groupName(n % GROUPS)}/lag`,
    10,
  );
  await load(
    'GET /v3/kafka/bench/consumer/(group)/status',
    (n) => `/v3/kafka/bench/consumer/${groupName(n % GROUPS)}/status`,
    10,
  );
  await load('GET /metrics (state unchanged since the last scrape)', '/metrics', 2);
  // A scrape right after a tick rebuilds every series: time that, tick after tick.
  const last = snapshot(TICKS - 1);
  const lastReport = buildReport(last, store, evaluator);
  const REBUILDS = 20;
  const rebuildStart = performance.now();
  for (let i = 0; i < REBUILDS; i++) {
    latest.record(lastReport); // a new version: the next scrape rebuilds
    await (await fetch(`${api.url}/metrics`)).text();
  }
  const perRebuild = (performance.now() - rebuildStart) / REBUILDS;
  console.log(
    `GET /metrics right after a tick (every series rebuilt): ${perRebuild.toFixed(0)} ms per scrape, ` +
      `${(1000 / perRebuild).toFixed(1)} scrapes/s (${REBUILDS} scrapes, one at a time)`,
  );
} finally {
  await api.close();
}
