// bench/window: the window store's memory and speed with 100,000 tracked group-partitions
// (10,000 groups x 10 partitions, window 10, 60 end-offset points), and the cost of
// turning them into the evaluator's windows each tick. Times are the process's CPU time
// (the machine is often shared: wall time says more about the neighbours), the first tick
// (every group new) apart from the steady ones; memory counts the heap and the typed
// arrays' own memory outside it.
// Run: npm run bench -- window   (LAGWATCH_BENCH_GROUPS to change the size)
import { loadavg } from 'node:os';
import type { ClusterSnapshot, GroupLag } from '../src/contract/snapshot.js';
import { WindowStore } from '../src/window/store.js';

const groups = Number(process.env.LAGWATCH_BENCH_GROUPS ?? 10_000);
const partitions = 10;
const intervals = Number(process.env.LAGWATCH_BENCH_INTERVALS ?? 10);
const ticks = intervals + 2;
const gc = (globalThis as { gc?: () => void }).gc;

function snapshot(tick: number): ClusterSnapshot {
  const takenAt = 1_000_000 + tick * 30_000;
  const groupLags: GroupLag[] = [];
  for (let g = 0; g < groups; g++) {
    const topic = `t${g % 1000}`;
    groupLags.push({
      group: `g${g}`,
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
        lag: 50,
        messagesLost: 0,
        consumerId: `m-${g}`,
        host: '/10.0.0.1',
        clientId: 'app',
        fault: null,
      })),
    });
  }
  const offsets = Array.from({ length: 1000 * partitions }, (_, i) => ({
    topic: `t${Math.floor(i / partitions)}`,
    partition: i % partitions,
    logEndOffset: 1_000_000_000 + tick * 120 + 50_000,
    logStartOffset: 0,
  }));
  return {
    cluster: 'a',
    takenAt,
    durationMs: 1,
    available: true,
    fault: null,
    groups: groupLags,
    offsets,
    topics: Array.from({ length: 1000 }, (_, i) => `t${i}`),
    maxLag: 50,
    requests: 0,
  };
}

const store = new WindowStore({
  intervals,
  expireGroupAfterMs: 7 * 86_400_000,
  endOffsetHistory: 60,
});
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const memory = () => process.memoryUsage();
const mean = (ms: number[]): number => ms.reduce((a, b) => a + b, 0) / ms.length;
gc?.();
const before = memory();
const recordMs: number[] = [];
const windowsMs: number[] = [];
/** In a function of its own: the last snapshot is garbage once it returns, not held by the module. */
function run(): void {
  for (let t = 0; t < ticks; t++) {
    const snap = snapshot(t);
    gc?.(); // the snapshot's making is not the store's garbage
    let start = process.cpuUsage();
    store.record(snap);
    recordMs.push(cpuMs(start));
    start = process.cpuUsage();
    store.windows('a');
    windowsMs.push(cpuMs(start));
  }
}
run();
gc?.();
const after = memory();
const heapBytes = after.heapUsed - before.heapUsed;
const arrayBytes = after.arrayBuffers - before.arrayBuffers;
const stats = store.stats();
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');
console.log(
  `tracked: ${stats.groups} groups, ${stats.groupPartitions} group-partitions, ${stats.topicPartitions} topic-partitions`,
);
console.log(
  `record one tick, CPU: ${mean(recordMs.slice(1)).toFixed(0)} ms (mean of ticks 2-${ticks}; the first, every group new: ${recordMs[0]!.toFixed(0)} ms)`,
);
console.log(
  `windows for the evaluator (every group), CPU: ${mean(windowsMs.slice(1)).toFixed(0)} ms (mean of ticks 2-${ticks})`,
);
const perGroupPartition = (bytes: number): string => (bytes / stats.groupPartitions).toFixed(0);
console.log(
  `held by the store (window ${intervals}): ${((heapBytes + arrayBytes) / 1e6).toFixed(1)} MB = ${perGroupPartition(heapBytes + arrayBytes)} bytes per group-partition (heap ${perGroupPartition(heapBytes)} + typed arrays' own memory ${perGroupPartition(arrayBytes)})`,
);
console.log(`(load average ${load}${gc ? '' : '; run with --expose-gc for memory figures'})`);
