// bench/state: the state directory at 100,000 tracked group-partitions (10,000 groups x
// 10 partitions over 10,000 topic-partitions, window 10): bytes on disk, the cost of
// persisting one tick next to the tick's own CPU time (store.record + evaluating every
// group), and the cost of a start (read, decode, import, judge again) in a fresh process
// with its RSS after. Prints figures; asserts nothing.
// Run: npm run bench -- state   (LAGWATCH_BENCH_GROUPS to change the size)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { ClusterSnapshot, GroupLag } from '../src/contract/snapshot.js';
import type { EvaluationReport } from '../src/contract/report.js';
import { DurableState, restoredReports, tickRecord } from '../src/state/index.js';
import { replaceFile } from '../src/state/atomic-write.js';
import { encodeBody } from '../src/state/state-codec.js';
import { frameHeader } from '../src/state/state-file.js';
import { FORMAT_VERSION } from '../src/state/format-version.js';
import { evaluateGroup, evaluatorOptions } from '../src/status/index.js';
import { WindowStore } from '../src/window/store.js';
import type { WindowStoreExport } from '../src/window/store-export.js';

const groups = Number(process.env.LAGWATCH_BENCH_GROUPS ?? 10_000);
const partitions = 10;
const topics = 1000;
const ticks = 12; // full windows of 10; 12 end-offset points per topic-partition
const evaluator = evaluatorOptions({ intervals: 10 });
const storeOptions = { intervals: 10, expireGroupAfterMs: 7 * 86_400_000, endOffsetHistory: 60 };
const logger = pino({ level: 'silent' });
const watchAll = { cluster: () => true, group: () => true, topic: () => true };

function snapshot(tick: number): ClusterSnapshot {
  const groupLags: GroupLag[] = [];
  for (let g = 0; g < groups; g++) {
    const topic = `topic-${g % topics}`;
    groupLags.push({
      group: `group-${g}`,
      state: 'Stable',
      protocolType: 'consumer',
      members: 1,
      totalLag: 0,
      maxLag: null,
      fault: null,
      partitions: Array.from({ length: partitions }, (_, p) => ({
        topic,
        partition: p,
        committedOffset: 1_000_000_000 + tick * 100 + g,
        logEndOffset: 1_000_000_000 + tick * 120 + 50_000,
        logStartOffset: 0,
        lag: 50_000 + tick * 20 - g,
        messagesLost: 0,
        consumerId: `m-${g}`,
        host: `/10.0.${g % 250}.1`,
        clientId: `app-${g % 50}`,
        fault: null,
      })),
    });
  }
  const offsets = Array.from({ length: topics * partitions }, (_, i) => ({
    topic: `topic-${Math.floor(i / partitions)}`,
    partition: i % partitions,
    logEndOffset: 1_000_000_000 + tick * 120 + 50_000,
    logStartOffset: 0,
  }));
  return {
    cluster: 'a',
    takenAt: 1_700_000_000_000 + tick * 30_000,
    durationMs: 1,
    available: true,
    fault: null,
    groups: groupLags,
    offsets,
    topics: Array.from({ length: topics }, (_, i) => `topic-${i}`),
    maxLag: 50_000,
    requests: 0,
  };
}

/** The machine's load next to each figure: CPU times grow with it on a shared machine. */
const load = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`;

const cpuMs = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

async function writeSide(dir: string): Promise<void> {
  const store = new WindowStore(storeOptions);
  const tickCpu: number[] = [];
  let report: EvaluationReport | null = null;
  for (let t = 0; t < ticks; t++) {
    const snap = snapshot(t);
    const start = process.cpuUsage();
    store.record(snap);
    const judged = store.windows('a').map((w) => evaluateGroup(w, evaluator, snap.takenAt));
    tickCpu.push(cpuMs(start));
    report = {
      cluster: 'a',
      takenAt: snap.takenAt,
      durationMs: 1,
      available: true,
      fault: null,
      groups: judged,
      offsets: snap.offsets,
      maxLag: snap.maxLag,
    };
  }
  const stats = store.stats();
  console.log(
    `tracked: ${stats.groups} groups, ${stats.groupPartitions} group-partitions, ${stats.topicPartitions} topic-partitions`,
  );
  const lastTicks = tickCpu.slice(-3);
  const tickMs = lastTicks.reduce((a, b) => a + b, 0) / lastTicks.length;
  console.log(
    `a tick's CPU (store.record + evaluating every group), mean of the last 3: ${tickMs.toFixed(0)} ms (${load()})`,
  );

  // As the service does: each export overwrites the arrays of the one before (written by then).
  let previous: WindowStoreExport | undefined;
  const capture = () => ({
    savedAt: Date.now(),
    windows: (previous = store.exportState(previous)),
    ticks: [tickRecord('a', report, 1_700_000_000_000)],
    modules: {},
  });
  // The main thread's share of a write: capture, encode, checksum (the rest is the pool's).
  // The first write allocates the export's arrays; the later ones write over them.
  const rounds = 6;
  const exportMs: number[] = [];
  const encodeMs: number[] = [];
  const writeMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = process.cpuUsage();
    const state = capture();
    exportMs.push(cpuMs(start));
    start = process.cpuUsage();
    const body = encodeBody(state);
    const chunks = [frameHeader(FORMAT_VERSION, body), ...body];
    encodeMs.push(cpuMs(start));
    const wall = performance.now();
    await replaceFile(dir, 'state.bin', chunks);
    writeMs.push(performance.now() - wall);
  }
  const later = (ms: number[]): number[] => ms.slice(1);
  const mean = (ms: number[]): number => ms.reduce((a, b) => a + b, 0) / ms.length;
  const main = later(exportMs).map((ms, i) => ms + later(encodeMs)[i]!);
  const share = (ms: number): string => `${((100 * ms) / tickMs).toFixed(1)}%`;
  console.log(
    `persist one tick, main thread CPU, mean of writes 2-${rounds}: ${mean(main).toFixed(0)} ms (export ${mean(later(exportMs)).toFixed(0)} + encode and checksum ${mean(later(encodeMs)).toFixed(0)}) = ${share(mean(main))} of the tick's CPU; least ${Math.min(...main).toFixed(0)} ms = ${share(Math.min(...main))}`,
  );
  console.log(
    `  the first write (allocates the export's arrays): ${(exportMs[0]! + encodeMs[0]!).toFixed(0)} ms CPU`,
  );
  console.log(
    `persist one tick, write + fsync + rename + fsync dir (thread pool, off the tick): ${mean(writeMs).toFixed(0)} ms wall`,
  );
  console.log(`bytes on disk: ${(statSync(join(dir, 'state.bin')).size / 1e6).toFixed(1)} MB`);
  console.log(`(write side: ${load()})`);
}

async function loadSide(dir: string): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const store = new WindowStore(storeOptions);
  const state = await DurableState.open({
    dir,
    persistIntervalMs: 0,
    logger,
    watched: watchAll,
    store,
  });
  const t2 = performance.now();
  const cpu2 = cpuMs(cpu0);
  const reports = restoredReports(state.restored!.ticks, store, (w, at) =>
    evaluateGroup(w, evaluator, at),
  );
  const t3 = performance.now();
  const cpu3 = cpuMs(cpu0);
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage().rss;
  console.log(
    `load at start (lock, read, check, decode, import into the store): ${(t2 - t0).toFixed(0)} ms wall, ${cpu2.toFixed(0)} ms CPU; then judging ${reports[0]?.report.groups.length} groups again for the API: ${(t3 - t2).toFixed(0)} ms wall, ${(cpu3 - cpu2).toFixed(0)} ms CPU (${state.summary?.partitions} partitions restored)`,
  );
  console.log(
    `RSS after load: ${(rss / 1e6).toFixed(0)} MB (a fresh process: ${(rssBefore / 1e6).toFixed(0)} MB before)`,
  );
  console.log(`(load side: ${load()})`);
  await state.close();
}

if (process.argv[2] === 'load') {
  await loadSide(process.argv[3]!);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'lagwatch-bench-state-'));
  try {
    await writeSide(dir);
    // A start is a fresh process: nothing of the write side in its heap.
    const self = fileURLToPath(import.meta.url);
    spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, 'load', dir], {
      stdio: 'inherit',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
