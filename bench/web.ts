// The status page with 5,000 groups in headless Chromium: time to first render of the
// overview (navigation start until the first page of group rows is in the DOM; goal
// < 1 s), the bytes the page transferred, the overview JSON's size and the server's time to
// build it after a tick. The read model is synthetic (no Kafka): 5,000 groups x 4
// partitions, windows full (10 ticks) through the real window store and evaluator, served
// by the real API with the bundle of `npm run build` (dist/ui). Prints figures; asserts
// nothing. Run: npm run build && npm run bench -- web
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { AdminGuard } from '../src/api/admin-token.js';
import { startApi } from '../src/api/server.js';
import { parseConfig } from '../src/config/index.js';
import type { ClusterSnapshot } from '../src/contract/snapshot.js';
import { buildReport } from '../src/pipeline/build-report.js';
import { StoreGroupDeletes } from '../src/pipeline/group-deletes.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { syntheticReadModel, syntheticSnapshot } from './synthetic-snapshot.js';

const GROUPS = 5_000;
const PARTITIONS = 4;
const TOPICS = 100;
const TICKS = 10;
const RUNS = 5;
const T0 = Date.now() - TICKS * 30_000;
const uiDir = join(import.meta.dirname, '..', 'dist', 'ui');
if (!existsSync(join(uiDir, 'index.html'))) {
  console.error('bench/web: no dist/ui; run `npm run build` first');
  process.exit(1);
}

const config = parseConfig(
  "clusters:\n  - name: bench\n    brokers: ['127.0.0.1:9']\napi: { listen: '127.0.0.1:0' }\nsinks: []\n",
  { env: {} },
);

const shape = {
  groups: GROUPS,
  partitions: PARTITIONS,
  topics: TOPICS,
  firstTickAt: T0,
  fallBehind: 50,
};
const snapshot = (k: number): ClusterSnapshot => syntheticSnapshot(shape, k);

const { store, evaluator, latest } = syntheticReadModel(config);
let last = snapshot(0);
for (let k = 0; k < TICKS; k++) {
  last = snapshot(k);
  store.record(last);
  latest.record(buildReport(last, store, evaluator));
}
console.log(
  `state: ${GROUPS.toLocaleString('en-US')} groups x ${PARTITIONS} partitions, windows of ${TICKS}`,
);

const api = await startApi({
  latest,
  deletes: new StoreGroupDeletes({ store, latest }),
  config,
  ticks: [],
  sinkHealth: () => [],
  logger: pino({ level: 'warn' }),
  admin: new AdminGuard(null),
  uiDir,
});
interface Figures {
  rendered: number;
  bytes: number;
  list: string[];
  rows: number;
}
/** Run in the page (browser code, so a string here): when it drew, and what it transferred. */
const FIGURES_SCRIPT = `(() => {
  const rendered = performance.now();
  const nav = performance.getEntriesByType('navigation')[0];
  const entries = performance.getEntriesByType('resource');
  return {
    rendered,
    bytes: nav.transferSize + entries.reduce((s, e) => s + e.transferSize, 0),
    list: [nav, ...entries].map((e) => new URL(e.name).pathname + ' ' + e.transferSize),
    rows: document.querySelectorAll('table.groups tbody tr').length,
  };
})()`;

const browser = await launchChromium();
try {
  // The server's side: the first overview after a tick rebuilds every row.
  const report = buildReport(last, store, evaluator);
  const builds: number[] = [];
  let jsonGzip = 0;
  let jsonPlain = 0;
  for (let i = 0; i < RUNS; i++) {
    latest.record(report);
    const started = performance.now();
    const r = await fetch(`${api.url}/v3/lagwatch/ui/overview`);
    jsonPlain = (await r.arrayBuffer()).byteLength;
    builds.push(performance.now() - started);
  }
  const cached: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await (await fetch(`${api.url}/v3/lagwatch/ui/overview`)).arrayBuffer();
    cached.push(performance.now() - started);
  }
  console.log(
    `overview JSON between ticks (nothing rebuilt): median ${median(cached).toFixed(0)} ms`,
  );
  const gz = await fetch(`${api.url}/v3/lagwatch/ui/overview`, {
    headers: { 'accept-encoding': 'gzip' },
  });
  jsonGzip = Number(gz.headers.get('content-length') ?? 0);
  await gz.arrayBuffer();
  console.log(
    `overview JSON after a tick (${GROUPS.toLocaleString('en-US')} groups re-sorted, the page's 100 rows made, first page of 100 sent): ` +
      `median ${median(builds).toFixed(0)} ms, ${jsonPlain.toLocaleString('en-US')} bytes (${jsonGzip.toLocaleString('en-US')} gzipped)`,
  );

  const renders: number[] = [];
  let transferred = 0;
  let resources = '';
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each run: nothing cached.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/`, { waitUntil: 'commit' });
    await page.waitForSelector('table.groups tbody tr', { timeout: 30_000 });
    const figures = await page.evaluate<Figures>(FIGURES_SCRIPT);
    renders.push(figures.rendered);
    transferred = figures.bytes;
    resources = `${figures.list.join(', ')}; ${figures.rows} rows drawn`;
    await context.close();
  }
  console.log(
    `time to first render of the overview in Chromium (navigation start to the first page of rows in the DOM): ` +
      `median ${median(renders).toFixed(0)} ms, min ${Math.min(...renders).toFixed(0)} ms, max ${Math.max(...renders).toFixed(0)} ms (${RUNS} cold loads; goal < 1000 ms)`,
  );
  console.log(
    `transferred by one load: ${transferred.toLocaleString('en-US')} bytes (${resources})`,
  );
} finally {
  await browser.close();
  await api.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
