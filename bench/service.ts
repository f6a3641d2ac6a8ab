// bench/service: the whole service (composition root, scheduler, sampler, window store,
// evaluator, read model, API on; no sinks unless LAGWATCH_BENCH_SINKS) ticking on its
// schedule at G groups x P partitions, with a load generator on the API in a process of
// its own. Prints CPU seconds per minute (process.cpuUsage of this process, the service's
// only, so the figure holds on a loaded machine better than wall time), the same after the
// run's first minute (V8 compiles the API's and /metrics' code then), and how it splits
// between the main thread and V8's and libuv's helper threads, RSS steady and
// peak, tick durations, event-loop delay, and API latency p50/p99, and the machine's speed
// before and after the run (bench/service/reference-work.ts: runs are comparable only
// where it agrees).
// The helper threads' figure is V8's collector and its optimizing compiler together. To
// tell them apart, give `node --no-concurrent-recompilation`: TurboFan then compiles on the
// main thread, and the helpers' figure is the collector's alone. To see what is compiled
// again tick after tick, and why, give `node --trace-opt --trace-deopt` ("weak objects",
// "code dependencies", "wrong map": code specialized on a hidden class that died between
// ticks; src/contract/hidden-class.ts).
//
// By default the cluster is bench/service/synthetic-cluster.ts: answers at the sampler's
// boundary, so ten thousand groups need no broker. LAGWATCH_BENCH_REAL=1 samples the
// stack's cluster `a` instead (`scripts/stack up`, then `npm run bench -- sampler` with
// the same LAGWATCH_BENCH_GROUPS / LAGWATCH_BENCH_PARTITIONS sets up its groups).
//
// Settings (environment): LAGWATCH_BENCH_GROUPS (10000), LAGWATCH_BENCH_PARTITIONS (10),
// LAGWATCH_BENCH_SECONDS (300: how long the schedule runs), LAGWATCH_BENCH_INTERVAL_S (10),
// LAGWATCH_BENCH_TICK_TIMEOUT_MS (9000), LAGWATCH_BENCH_LATENCY_MS (2: synthetic answer
// delay), LAGWATCH_BENCH_LOAD (1: load generator on; 0 off), LAGWATCH_BENCH_API_GZIP (1: it
// asks every path with gzip accepted, as Go's HTTP client and browsers do; 0: only /metrics,
// bench/service/load.ts), LAGWATCH_BENCH_SCRAPE_S (5: how
// often the load generator scrapes /metrics; Prometheus scrapes every 1 m by default, every
// 15 s in its example configuration, and lagwatch renders a tick only for a scrape that
// will read it; 0: never, though the service still renders every tick for its first
// IDLE_AFTER_MS, src/api/metrics-cache.ts, as if scraped at its start),
// LAGWATCH_BENCH_METRICS_IDLE_S (the service's IDLE_AFTER_MS, 300 s: with
// LAGWATCH_BENCH_SCRAPE_S=0 and 1, /metrics is rendered once, before the API listens, and
// never again: the service's cost without /metrics),
// LAGWATCH_BENCH_LIST_PER_S (5: consumer-list requests a second),
// LAGWATCH_BENCH_HEALTHZ_PER_S (5), LAGWATCH_BENCH_READYZ_PER_S (2), LAGWATCH_BENCH_PROFILE
// (any of `cpu`, `heap`, `alloc`, `promoted`, comma-separated: a CPU profile, a heap snapshot
// at the end, an allocation profile that counts what the collector freed, or one without
// what scavenges freed: what outlived the young generation, by where it was allocated, but
// also whatever was still young when a full collection swept the young generation with the
// old, so an upper bound, biased toward what a tick allocates fast; V8's own count of what
// scavenges promote is `node --trace-gc-nvp`'s `promoted=`, summed over the run;
// written to bench/out/, gitignored),
// LAGWATCH_BENCH_HEAP_GROWING_PERCENT (50, as `lagwatch run`, which also holds the young
// generation while few group-partitions are tracked: src/app/heap-tuning.ts, and past
// 20,000 group-partitions without a sink that ships items collects after each tick and lets
// the heap grow by 100 %: src/app/after-tick-collection.ts; 0: V8's defaults for all three;
// `node --semi-space-growth-factor=2` keeps only V8's young generation),
// MALLOC_ARENA_MAX (`npm run bench` sets 2, as the Docker image runs lagwatch: glibc's
// default lets each of Node's threads keep an arena of its own, a few MiB of RSS),
// MALLOC_MMAP_THRESHOLD_ (`npm run bench` sets 65536, as the Docker image: see its Dockerfile),
// LAGWATCH_BENCH_DEADLINE (0; 1: the middle third of the run answers every request 40 %
// of the tick deadline late, so those ticks hit their deadline mid-sampling; prints RSS in
// each third, to show that memory returns to its level once they stop; synthetic only).
// Before the timed run, `window.intervals` ticks fill the windows (on a clock that runs
// behind real time, synthetic mode only), so the figures are the steady state.
// /metrics is scraped with `Accept-Encoding: gzip`, as Prometheus scrapes.
//
// LAGWATCH_BENCH_SINKS=influxdb,elasticsearch (either or both; needs `scripts/stack up`)
// adds the real sinks, pointed at the stack's InfluxDB 1.x (API v1) and Elasticsearch
// (daily indices, template installed at start), each into a database / index prefix of its
// own made for the run and deleted at its end. LAGWATCH_BENCH_SINK_QUEUE (1000000) is
// their queue.maxItems: the default 100,000 holds less than one tick at 10,000 x 10
// (about 120,000 points, 110,000 documents). The window-filling ticks are not sent. Prints
// CPU per minute also counting the drain at stop (what the servers had not taken by the
// end), items per tick and per second, write() (encode + queue) ms and delivery latency per tick
// (write to last item stored, from the sinks' health() counts), backlog at the end, the
// drain at stop, and what InfluxDB (count of points) and Elasticsearch (_count) hold
// against what the sinks say they stored.
//
// Run: npm run bench -- --dist service
// (--dist compiles bench/ into dist/ and runs the JavaScript, as `lagwatch run` runs;
// without it the process also holds tsx's TypeScript loader, about 100 MB more RSS.)
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { EVENT_LOOP_SAMPLE_MS } from '../src/api/metrics.js';
import { buildApp } from '../src/app/app.js';
import { IDLE_AFTER_MS } from '../src/api/metrics-cache.js';
import { HEAP_GROWING_PERCENT, tuneHeapForService } from '../src/app/heap-tuning.js';
import {
  COLLECTING_HEAP_GROWING_PERCENT,
  collectsAfterTicks,
} from '../src/app/after-tick-collection.js';
import { parseConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import type { ClusterClientFactory } from '../src/pipeline/cluster-client.js';
import type { PathResult } from './service/load.js';
import { AllocationProfiler, CpuProfiler, heapSnapshot } from './service/profile.js';
import { referenceLine, referenceWorkMs } from './service/reference-work.js';
import { SyntheticCluster } from './service/synthetic-cluster.js';
import {
  freshTargets,
  MeasuredFanout,
  prepareTargets,
  removeTargets,
  sinkKinds,
  sinksYaml,
  storedCounts,
} from './service/measured-sinks.js';
import { printSinkFigures, printStored } from './service/sink-figures.js';
import { serverCpu } from './service/server-cpu.js';
import { libuvPoolThreads, ThreadCpuMeter, threadCpuLine } from './service/thread-cpu.js';
import { stackEnv } from '../test/helpers/stack.js';

const setting = (name: string, fallback: number): number =>
  Number(process.env[`LAGWATCH_BENCH_${name}`] ?? fallback);
const groups = setting('GROUPS', 10_000);
const partitions = setting('PARTITIONS', 10);
const seconds = setting('SECONDS', 300);
const intervalS = setting('INTERVAL_S', 10);
const tickTimeoutMs = setting('TICK_TIMEOUT_MS', 9000);
const latencyMs = setting('LATENCY_MS', 2);
const withLoad = setting('LOAD', 1) === 1;
const scrapeS = setting('SCRAPE_S', 5);
// How long /metrics renders ahead of the scrapes without one (src/api/metrics-cache.ts).
const metricsIdleS = setting('METRICS_IDLE_S', IDLE_AFTER_MS / 1000);
// Requests a second on the other paths. The defaults are a heavy load; the issue's own
// measurement beside Burrow asked the consumer list 128 times and scraped 29 times in 5
// minutes (0.43 a second, every 10 s), and a kubelet probes every 10 s (0.1).
const listPerS = setting('LIST_PER_S', 5);
const healthzPerS = setting('HEALTHZ_PER_S', 5);
const readyzPerS = setting('READYZ_PER_S', 2);
const real = process.env.LAGWATCH_BENCH_REAL === '1';
// `lagwatch run`'s heap tuning (src/app/heap-tuning.ts); 0 leaves V8's defaults.
const heapGrowingPercent = setting('HEAP_GROWING_PERCENT', HEAP_GROWING_PERCENT);
if (heapGrowingPercent > 0) tuneHeapForService(heapGrowingPercent);
const deadlineMode = !real && setting('DEADLINE', 0) === 1;
const compiled = import.meta.url.endsWith('.js');
const profile = new Set((process.env.LAGWATCH_BENCH_PROFILE ?? '').split(',').filter(Boolean));
const sinkQueueMaxItems = setting('SINK_QUEUE', 1_000_000);
const kinds = sinkKinds(process.env.LAGWATCH_BENCH_SINKS);
const label = `service-${groups}x${partitions}${kinds.map((k) => `-${k}`).join('')}`;
const MB = 1024 * 1024;

// Compiled (--dist), test/helpers/stack.ts would look for dist/.stack: the repository's.
if (compiled)
  process.env.LAGWATCH_STACK_DIR ??= fileURLToPath(new URL('../../.stack', import.meta.url));
const brokers = real ? stackEnv().kafkaClusters.a!.brokers : ['127.0.0.1:9'];
const targets =
  kinds.length > 0 ? freshTargets(stackEnv().influxdbUrl, stackEnv().elasticsearchUrl) : null;
if (targets !== null) {
  await prepareTargets(kinds, targets);
  console.log(
    `sinks: ${kinds.join(', ')} (queue.maxItems ${sinkQueueMaxItems}); ` +
      `InfluxDB database ${targets.database}, Elasticsearch prefix ${targets.indexPrefix}`,
  );
}
const groupAllow = real ? `^bench-sampler-${groups}x${partitions}-` : '^bench-';
const config = parseConfig(
  [
    'clusters:',
    `  - name: bench`,
    `    brokers: ${JSON.stringify(brokers)}`,
    `    groups: { allow: [${JSON.stringify(groupAllow)}] }`,
    `schedule: '*/${intervalS} * * * * *'`,
    `tickTimeoutMs: ${tickTimeoutMs}`,
    "api: { listen: '127.0.0.1:0' }",
    ...(targets === null ? ['sinks: []'] : sinksYaml(kinds, targets, sinkQueueMaxItems)),
    '',
  ].join('\n'),
  { env: {} },
);

// Synthetic mode: the clock runs `skewMs` behind while the windows are filled.
let skewMs = 0;
const now = (): number => Date.now() + skewMs;
const synthetics: SyntheticCluster[] = [];
const clientFor: ClusterClientFactory | undefined = real
  ? undefined
  : () => {
      const client = new SyntheticCluster({ groups, partitions, latencyMs, now });
      synthetics.push(client);
      return client;
    };

// The machine's speed before the run (bench/service/reference-work.ts), printed with the figures.
const referenceBefore = referenceWorkMs();
const built = buildApp(config, {
  logger: createLogger('warn', 2),
  clientFor,
  now,
  defaultMetrics: true,
  metricsCache: { idleAfterMs: metricsIdleS * 1000 },
  sinksFor:
    targets === null ? undefined : (cfg, logger) => MeasuredFanout.fromConfigs(cfg.sinks, logger),
  // Stop waits for the sinks to deliver what the last ticks gave them.
  sinkDeadlineMs: 120_000,
});
if (built.kind !== 'built') throw new Error(`the app was not built: ${JSON.stringify(built)}`);
const { app } = built;
const measured = app.sinks instanceof MeasuredFanout ? app.sinks : null;

// Every tick's wall time, from fire() to its report; ticks that hit their deadline.
const tickMs: number[] = [];
let deadlineHits = 0;
for (const tick of app.service.ticks) {
  const fire = tick.fire.bind(tick);
  tick.fire = () => {
    const start = performance.now();
    const running = fire();
    void running?.then((report) => {
      tickMs.push(performance.now() - start);
      if (report.fault?.code === 'DEADLINE_EXCEEDED') deadlineHits++;
    });
    return running;
  };
}

const fillStart = performance.now();
const intervals = config.window.intervals;
// In a function of its own: a report held in the module's own frame would stay alive (on
// the stack of the suspended top-level code) for the whole run, and be measured as lagwatch's.
async function fillWindows(): Promise<void> {
  // A filling tick that misses its deadline (a loaded machine) is tried again, three times.
  for (let i = intervals, tries = 0; i > 0; i--) {
    if (!real) skewMs = -i * intervalS * 1000;
    const [report] = await app.tickAll();
    if (report?.available) continue;
    if (++tries > 3) throw new Error(`a filling tick failed: ${JSON.stringify(report)}`);
    console.log(`a filling tick failed (${report?.fault?.message ?? 'no report'}); again`);
    i++;
  }
  skewMs = 0;
}
await fillWindows();
const stats = app.service.store.stats();
console.log(
  `${real ? 'real stack (cluster a)' : `synthetic cluster (${latencyMs} ms per request)`}: ` +
    `${stats.groups} groups, ${stats.groupPartitions} group-partitions, ${stats.topicPartitions} topic-partitions; ` +
    `windows of ${intervals} filled in ${((performance.now() - fillStart) / 1000).toFixed(1)} s; ` +
    `first ticks ${tickMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
);
tickMs.length = 0;
global.gc?.();

if (measured !== null) {
  measured.recording = true;
  measured.watch();
}
const started = await app.start();
if (started.kind !== 'started' || started.apiUrl === null)
  throw new Error(`the app did not start: ${JSON.stringify(started)}`);
const profiler = profile.has('cpu') ? new CpuProfiler() : null;
await profiler?.start();
const allocations = profile.has('alloc')
  ? new AllocationProfiler()
  : profile.has('promoted')
    ? new AllocationProfiler(true)
    : null;
await allocations?.start();
const poolThreads = await libuvPoolThreads();
const memoryBefore = process.memoryUsage();
const rssBefore = memoryBefore.rss;
const cpuBefore = process.cpuUsage();
const threadCpu = new ThreadCpuMeter(poolThreads);
const servers = targets === null ? [] : kinds;
// Without sinks no server is involved, and the stack need not be up.
const cpuOfServers = () =>
  servers.length === 0 ? new Map<string, number>() : serverCpu(stackEnv().stackDir, servers);
const serverCpuBefore = cpuOfServers();
const wallStart = performance.now();
/** How late a sample of the loop's delay came (ns between samples), ms. */
const lateMs = (ns: number): string => Math.max(0, ns / 1e6 - EVENT_LOOP_SAMPLE_MS).toFixed(0);
// Sampled as lagwatch's own /metrics samples it (EVENT_LOOP_SAMPLE_MS): at 10 ms this
// process's CPU figure would count up to 0.48 s a minute of the bench's own timer.
const loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_SAMPLE_MS });
loopDelay.enable();
const rss: number[] = [];
const memory: NodeJS.MemoryUsage[] = [];
// The process's CPU one minute in: V8 compiles the API's and /metrics' code while the first
// scrapes and requests run (the window-filling ticks send none), about a second of its
// helper threads' time at 10,000 x 10 that a service running for days pays once. CPU after
// the first minute shows the run without it (printed when the run lasts over two minutes).
const WARM_MS = 60_000;
let cpuWarm: NodeJS.CpuUsage | null = null;
let wallWarm = 0;
const warmTimer = setTimeout(() => {
  cpuWarm = process.cpuUsage();
  wallWarm = performance.now();
}, WARM_MS);
const rssTimer = setInterval(() => {
  const usage = process.memoryUsage();
  rss.push(usage.rss);
  memory.push(usage);
}, 250);
// Deadline mode: the middle third of the run is slow enough for every tick to hit its deadline.
const thirdMs = (seconds * 1000) / 3;
const rssByThird: number[][] = [[], [], []];
const thirdTimer = deadlineMode
  ? setInterval(() => {
      const third = Math.min(2, Math.floor((performance.now() - wallStart) / thirdMs));
      rssByThird[third]!.push(process.memoryUsage().rss);
      const latency = third === 1 ? Math.round(tickTimeoutMs * 0.4) : latencyMs;
      for (const client of synthetics) client.latencyMs = latency;
    }, 250)
  : null;

const load = withLoad
  ? new Promise<PathResult[]>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          ...(compiled ? [] : ['--import', 'tsx']),
          fileURLToPath(new URL(`service/load.${compiled ? 'js' : 'ts'}`, import.meta.url)),
          started.apiUrl!,
          String(seconds),
          '5000',
          `/v3/kafka/bench/consumer=${listPerS}`,
          `/healthz=${healthzPerS}`,
          `/readyz=${readyzPerS}`,
          `/metrics=${scrapeS > 0 ? 1 / scrapeS : 0}`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('exit', () => {
        try {
          resolve(JSON.parse(out) as PathResult[]);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    })
  : new Promise<PathResult[]>((resolve) => setTimeout(() => resolve([]), seconds * 1000));

const results = await load;
const cpu = process.cpuUsage(cpuBefore);
clearTimeout(warmTimer);
const cpuAfterWarm = cpuWarm === null ? null : process.cpuUsage(cpuWarm);
const wallAfterWarmS = (performance.now() - wallWarm) / 1000;
const threadSpent = threadCpu.read();
threadCpu.stop();
const wallS = (performance.now() - wallStart) / 1000;
const serverCpuAfter = cpuOfServers();
measured?.poll();
const sinkHealthAtEnd = measured?.health() ?? [];
const undeliveredAtEnd = measured?.undelivered() ?? [];
loopDelay.disable();
clearInterval(rssTimer);
if (thirdTimer) clearInterval(thirdTimer);
const heapSpaces = getHeapSpaceStatistics();
const profiled = await profiler?.stop(label);
const allocated = await allocations?.stop(label, seconds);
const snapshotPath = profile.has('heap') ? heapSnapshot(label) : null;
const counters = app.service.ticks.map((t) => ({ ...t.counters }));
// lagwatch's own count of its /metrics renderings, read after the CPU figure is taken.
const renderingsLine = withLoad
  ? /^lagwatch_metrics_renderings_total (\S+)$/m.exec(
      await (await fetch(`${started.apiUrl}/metrics`)).text(),
    )?.[1]
  : undefined;
const stopCpuBefore = process.cpuUsage();
const stopStart = performance.now();
const stopped = await app.stop();
const stopCpu = process.cpuUsage(stopCpuBefore);
const stopS = (performance.now() - stopStart) / 1000;
const referenceAfter = referenceWorkMs();
measured?.poll();
measured?.unwatch();

const pct = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};
const cpuS = (cpu.user + cpu.system) / 1e6;
const steady = rss.slice(Math.floor(rss.length / 2));
if (!compiled)
  console.log('(run through tsx: RSS includes the TypeScript loader; --dist runs compiled)');
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores, shared)`,
);
console.log(referenceLine(referenceBefore, referenceAfter));
console.log(
  `ran ${wallS.toFixed(0)} s, schedule every ${intervalS} s, tick deadline ${tickTimeoutMs} ms, ` +
    `load generator ${withLoad ? `on (/metrics ${scrapeS > 0 ? `every ${scrapeS} s` : 'never'}${metricsIdleS * 1000 !== IDLE_AFTER_MS ? `, rendered ahead for ${metricsIdleS} s without a scrape` : ''}, a second: consumer list ${listPerS}, /healthz ${healthzPerS}, /readyz ${readyzPerS}; gzip accepted ${process.env.LAGWATCH_BENCH_API_GZIP === '0' ? 'by /metrics only' : 'on every path'})` : 'off'}, heap growing ${heapGrowingPercent > 0 ? `${heapGrowingPercent} %` : "V8's default"}${collectsAfterTicks() ? `, then ${COLLECTING_HEAP_GROWING_PERCENT} % and a full collection after each tick` : ''}, ` +
    `malloc arenas ${process.env.MALLOC_ARENA_MAX ?? "glibc's default (up to 8 per core)"}, ` +
    `mmap threshold ${process.env.MALLOC_MMAP_THRESHOLD_ ?? "glibc's default (128 KiB, rising)"}, ` +
    // V8 flags such as --no-memory-reducer or --single-threaded-gc trade memory for CPU (README).
    `node flags ${process.execArgv.join(' ') || 'none'}`,
);
console.log(
  `CPU: ${((cpuS / wallS) * 60).toFixed(2)} s per minute (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)` +
    (servers.length > 0 ? ', this process only' : '') +
    // A skipped tick (one still running when the next was due) does no work: per tick shows it.
    `; ${(cpuS / Math.max(1, tickMs.length)).toFixed(2)} s per finished tick (${tickMs.length})`,
);
console.log(`  ${threadCpuLine(threadSpent, cpuS, wallS)}`);
if (cpuAfterWarm !== null && wallAfterWarmS >= 60) {
  const warmS = (cpuAfterWarm.user + cpuAfterWarm.system) / 1e6;
  console.log(
    `  after the first minute: ${((warmS / wallAfterWarmS) * 60).toFixed(2)} s per minute ` +
      `(${wallAfterWarmS.toFixed(0)} s; the first minute: ${(((cpuS - warmS) / (wallS - wallAfterWarmS)) * 60).toFixed(2)}, ` +
      'when V8 compiles the code the first scrapes and requests run)',
  );
}
if (measured !== null) {
  // On a machine the servers saturate, a sink falls behind by more in one run than in
  // another: its requests then fall after the run, and their CPU into the drain at stop.
  const stopCpuS = (stopCpu.user + stopCpu.system) / 1e6;
  console.log(
    `  with the drain at stop: ${(((cpuS + stopCpuS) / wallS) * 60).toFixed(2)} s per minute of the run ` +
      `(${stopCpuS.toFixed(2)} s more over ${stopS.toFixed(1)} s, sending what the servers had not taken yet: ` +
      'compare this figure between runs whose sinks fell behind by different amounts)',
  );
}
for (const [server, after] of serverCpuAfter) {
  const spentS = after - (serverCpuBefore.get(server) ?? after);
  console.log(
    `  (the stack's ${server}, another process: ${((spentS / wallS) * 60).toFixed(2)} s per minute)`,
  );
}
console.log(
  `RSS: before ${(rssBefore / MB).toFixed(0)} MiB, steady (median of the 2nd half) ${(pct(steady, 0.5) / MB).toFixed(0)} MiB, ` +
    `peak ${(Math.max(...rss) / MB).toFixed(0)} MiB, end ${((rss[rss.length - 1] ?? 0) / MB).toFixed(0)} MiB`,
);
// Where the RSS is: V8's heap (used: live and not yet collected; total: what V8 holds),
// memory outside it (Buffers, typed arrays' data), and the rest of the RSS (code, stacks,
// the allocator's own).
const memoryRow = (name: string, of: (u: NodeJS.MemoryUsage) => number): string => {
  const xs = memory.map(of);
  const half = xs.slice(Math.floor(xs.length / 2));
  return (
    `  ${name.padEnd(13)} before ${(of(memoryBefore) / MB).toFixed(0).padStart(4)}, ` +
    `steady ${(pct(half, 0.5) / MB).toFixed(0).padStart(4)}, peak ${(Math.max(...xs) / MB).toFixed(0).padStart(4)}`
  );
};
console.log(
  [
    'memory (MiB):',
    memoryRow('heapUsed', (u) => u.heapUsed),
    memoryRow('heapTotal', (u) => u.heapTotal),
    memoryRow('external', (u) => u.external),
    memoryRow('arrayBuffers', (u) => u.arrayBuffers),
    memoryRow('RSS - heap', (u) => u.rss - u.heapTotal - u.external),
    `  heap spaces at the end (size/used): ${heapSpaces
      .filter((s) => s.space_size > MB)
      .map(
        (s) =>
          `${s.space_name} ${(s.space_size / MB).toFixed(0)}/${(s.space_used_size / MB).toFixed(0)}`,
      )
      .join(', ')}`,
  ].join('\n'),
);
for (const c of counters) {
  console.log(
    `ticks: ${tickMs.length} timed; ms p50 ${pct(tickMs, 0.5).toFixed(0)}, max ${Math.max(...tickMs).toFixed(0)}; ` +
      `skipped ${c.skipped}, failed ${c.failed} (of ${c.ticks} since start)`,
  );
}
for (const client of synthetics)
  console.log(`requests sent after their tick was aborted: ${client.sentAfterAbort}`);
console.log(`ticks that hit their deadline: ${deadlineHits}`);
if (renderingsLine !== undefined)
  console.log(
    `/metrics renderings since start (lagwatch_metrics_renderings_total): ${renderingsLine}`,
  );
if (deadlineMode) {
  const [before, slow, after] = rssByThird.map((xs) => (pct(xs, 0.5) / MB).toFixed(0));
  console.log(
    `RSS median by third (deadline mode): before ${before} MiB, while every tick hits its deadline ${slow} MiB, after ${after} MiB`,
  );
}
console.log(
  `event-loop delay (beyond the ${EVENT_LOOP_SAMPLE_MS} ms between samples): ` +
    `p50 ${lateMs(loopDelay.percentile(50))} ms, p99 ${lateMs(loopDelay.percentile(99))} ms, ` +
    `max ${lateMs(loopDelay.max)} ms`,
);
/** Index of the slowest answer, in the order the answers came. */
function slowestAt(latencies: readonly number[]): number {
  let at = 0;
  for (let i = 1; i < latencies.length; i++) if (latencies[i]! > latencies[at]!) at = i;
  return at;
}
for (const r of results) {
  if (r.sent === 0) continue; // a path left out (a rate of 0)
  console.log(
    `API ${r.path}: ${r.sent} sent, ${r.answered} answered (${r.non2xx} not 2xx), ${r.unanswered} unanswered in 5 s; ` +
      `p50 ${pct(r.latenciesMs, 0.5).toFixed(1)} ms, p99 ${pct(r.latenciesMs, 0.99).toFixed(1)} ms, max ${Math.max(...r.latenciesMs).toFixed(1)} ms ` +
      // Where the slowest came: the first answer after start is a case of its own.
      `(answer ${slowestAt(r.latenciesMs) + 1} of ${r.latenciesMs.length}; ` +
      `max without the first answer ${Math.max(...r.latenciesMs.slice(1)).toFixed(1)} ms)` +
      (r.unanswered > 0 ? `; unanswered: ${JSON.stringify(r.errors)}` : ''),
  );
}
if (profiled)
  console.log(
    `CPU profile: ${profiled.path}\nthe main thread's time by stage:\n${profiled.stages}\n` +
      `top functions by self time (share of the busy time):\n${profiled.summary}`,
  );
if (allocated)
  console.log(
    `allocation profile: ${allocated.path}\ntop sites by bytes allocated:\n${allocated.summary}`,
  );
if (snapshotPath !== null) console.log(`heap snapshot: ${snapshotPath}`);
if (measured !== null && targets !== null) {
  printSinkFigures({
    fanout: measured,
    wallS,
    endedAt: wallStart + wallS * 1000,
    atEnd: sinkHealthAtEnd,
    undeliveredAtEnd,
    stop: { seconds: stopS, cpuS: (stopCpu.user + stopCpu.system) / 1e6, outcomes: stopped },
  });
  try {
    printStored(measured, await storedCounts(kinds, targets));
  } finally {
    await removeTargets(kinds, targets);
    console.log(`removed ${targets.database} and ${targets.indexPrefix}-* (and its template)`);
  }
}
