// A sink's in-memory queue holding a backlog of 1,000,000 items (issue 15: InfluxDB and
// Elasticsearch stored ~5,000 items/s against 11-12,000 written, and the backlog grew to
// ~1.5M items): the real encoders' items (line protocol points of the default schema, and
// Elasticsearch bulk items) from reports of 2,000 groups x 10 partitions, pushed a report
// at a time as the delivery does. Prints, for each kind of item: heapUsed, arrayBuffers
// and RSS grown with the queue full (after a full collection), push and take rates (per
// second of this process's CPU time, the encoders' own time left out), and how long a
// full collection (global.gc()) takes with the backlog held and once it is drained.
// Then, with ~350 MB of small objects held as the service's heap holds its windows, 45
// ticks of Elasticsearch bulk items (22,001 a tick) pushed and taken, once as a sink that
// keeps up (all taken each tick) and once as one that falls behind (15,000 taken a tick):
// the garbage collector's pauses (total, longest) and how many full collections ran.
// Prints figures; asserts nothing.
//
// Run: npm run bench -- queue
// Another queue (main's, to compare): LAGWATCH_BENCH_QUEUE=/path/to/item-queue.js, a
// module exporting ItemQueue with the same API.
import { loadavg } from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { reportBulkItems } from '../sinks/elasticsearch/bulk-item.js';
import { defaultSchemaLines } from '../sinks/influxdb/schema-default.js';
import { ItemQueue as OurItemQueue } from '../sinks/delivery/item-queue.js';
import type { EvaluationReport } from '../src/contract/report.js';
import { largeReport } from '../test/helpers/reports.js';

const BACKLOG = 1_000_000;
/** The delivery's default batch (batch.maxItems, batch.maxBytes). */
const BATCH_ITEMS = 5_000;
const BATCH_BYTES = 1_000_000;
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

type Queue = Pick<OurItemQueue, 'push' | 'take' | 'takeAll' | 'length' | 'bytes'>;

const queueModule = process.env.LAGWATCH_BENCH_QUEUE;
const Queue: new () => Queue =
  queueModule === undefined
    ? OurItemQueue
    : ((await import(pathToFileURL(queueModule).href)) as { ItemQueue: new () => Queue }).ItemQueue;

const gc = global.gc;
if (gc === undefined) throw new Error('run with --expose-gc (npm run bench -- queue does)');
const fullGc = (): void => void gc();

const reports: EvaluationReport[] = Array.from({ length: 4 }, (_, i) =>
  largeReport('bench', T0 + i * 30_000, 2_000, 10),
);
for (const r of reports) for (const g of r.groups) for (const p of g.partitions) void p.reasonText;

const MiB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;
const grown = (bytes: number): string => (bytes < 0 ? '' : '+') + mib(bytes);
const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** Milliseconds of `runs` full collections: the longest and the median. */
function timeFullGc(runs = 5): string {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fullGc();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return `median ${ms[Math.floor(runs / 2)]!.toFixed(0)} ms, longest ${ms[runs - 1]!.toFixed(0)} ms`;
}

/** Pushes a report's items at a time until BACKLOG; returns the CPU seconds of the pushes. */
function fill(queue: Queue, encode: (r: EvaluationReport) => string[]): number {
  let pushCpuS = 0;
  for (let i = 0; queue.length < BACKLOG; i++) {
    const items = encode(reports[i % reports.length]!);
    const room = BACKLOG - queue.length;
    const pushed = items.length > room ? items.slice(0, room) : items;
    const before = process.cpuUsage();
    queue.push(pushed, T0 + i);
    pushCpuS += cpuSeconds(before);
  }
  return pushCpuS;
}

function measure(title: string, encode: (r: EvaluationReport) => string[]): void {
  encode(reports[0]!); // warm up the encoder
  fullGc();
  const base = process.memoryUsage();
  const queue = new Queue();
  const pushCpuS = fill(queue, encode);
  fullGc();
  const full = process.memoryUsage();
  const bytes = queue.bytes;
  const gcFull = timeFullGc();

  const before = process.cpuUsage();
  let taken = 0;
  while (queue.length > 0) taken += queue.take(BATCH_ITEMS, BATCH_BYTES).length;
  const takeCpuS = cpuSeconds(before);
  fullGc();
  const gcEmpty = timeFullGc();
  const after = process.memoryUsage();

  console.log(
    `${title}: ${rate(BACKLOG)} items, ${mib(bytes)} as UTF-8 (${(bytes / BACKLOG).toFixed(0)} bytes an item)\n` +
      `  queue full: heapUsed ${grown(full.heapUsed - base.heapUsed)} (of ${mib(full.heapUsed)}), ` +
      `arrayBuffers ${grown(full.arrayBuffers - base.arrayBuffers)}, rss ${grown(full.rss - base.rss)} ` +
      `(rss ${mib(full.rss)})\n` +
      `  push ${rate(BACKLOG / pushCpuS)} items/s of CPU; take (batches of ${rate(BATCH_ITEMS)} items, ` +
      `${mib(BATCH_BYTES)}) ${rate(taken / takeCpuS)} items/s of CPU\n` +
      `  full GC with the backlog held: ${gcFull}; drained: ${gcEmpty} ` +
      `(heapUsed then ${grown(after.heapUsed - base.heapUsed)})`,
  );
}

console.log(
  `queue: ${queueModule ?? 'sinks/delivery/item-queue.ts'}; reports of 2,000 groups x 10 partitions; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores, shared)`,
);
measure('line protocol points (default schema)', (r) => defaultSchemaLines(r));
measure('Elasticsearch bulk items', (r) => reportBulkItems(r, 'daily', 'bench'));

/** The collector's pauses in ms, and how many were full collections (from `gc` entries). */
const pauses = { totalMs: 0, longestMs: 0, full: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    pauses.totalMs += entry.duration;
    pauses.longestMs = Math.max(pauses.longestMs, entry.duration);
    const { kind } = (entry as unknown as { detail: { kind: number } }).detail;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) pauses.full++;
  }
}).observe({ entryTypes: ['gc'] });

async function turnover(title: string, takesPerTick: number | 'all'): Promise<void> {
  const queue = new Queue();
  fullGc();
  await nextTurn();
  Object.assign(pauses, { totalMs: 0, longestMs: 0, full: 0 });
  const before = process.cpuUsage();
  for (let tick = 0; tick < 45; tick++) {
    queue.push(reportBulkItems(reports[tick % reports.length]!, 'daily', 'bench'), tick);
    if (takesPerTick === 'all') queue.takeAll();
    else for (let i = 0; i < takesPerTick; i++) queue.take(BATCH_ITEMS, 4 * BATCH_BYTES);
    await nextTurn();
  }
  const cpuS = cpuSeconds(before);
  await nextTurn();
  console.log(
    `  ${title}: ${rate(queue.length)} items left; GC pauses ${pauses.totalMs.toFixed(0)} ms in all, ` +
      `longest ${pauses.longestMs.toFixed(0)} ms, ${pauses.full} full collections; ${cpuS.toFixed(1)} s CPU`,
  );
}

const held: { a: number; b: number; c: number[] }[][] = [];
for (let i = 0; i < 3000; i++) {
  held.push(Array.from({ length: 1000 }, (_, j) => ({ a: i, b: j, c: [i, j] })));
}
fullGc();
console.log(
  `45 ticks of 22,001 bulk items with ${mib(process.memoryUsage().heapUsed)} of heap held ` +
    `(${rate(held.length * 1000)} small objects):`,
);
await turnover('a sink that keeps up', 'all');
await turnover('a sink that falls behind', 3);
