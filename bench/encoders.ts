// The sinks' encoders alone, on one core, no server needed: InfluxDB line protocol
// (default schema) points per second and Elasticsearch bulk items (index, id, document
// JSON) per second, from reports of 200 groups x 25 partitions, each encoded as a sink
// encodes it: as bytes into its queue (bench/encoders/queued.ts), no string per item.
// Rates are per second of this process's CPU time (process.cpuUsage), so a machine shared
// with other work skews them less than wall time would; the wall-time rate is printed
// beside, and the share of the wall time the main thread spent in garbage-collection
// pauses (from `gc` performance entries; GC threads' own CPU is in the CPU time). Goals
// (issue 15): >= 1,000,000 points/s and >= 300,000 documents/s. Prints figures; asserts
// nothing.
// Run: npm run bench -- encoders
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EvaluationReport } from '../src/contract/report.js';
import { QueuedEncoder, type EncoderName } from './encoders/queued.js';
import { encoderReports, GROUPS, PARTITIONS, REPORTS } from './encoders/reports.js';
import { referenceLine, referenceWorkMs } from './service/reference-work.js';

const reports = encoderReports();

/** Milliseconds of GC pauses seen since the last reset (entries arrive asynchronously). */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function measure(
  title: string,
  unit: string,
  encode: (r: EvaluationReport) => number,
): Promise<void> {
  for (const r of reports.slice(0, 3)) encode(r); // warm up
  global.gc?.();
  await nextTurn();
  gcPauseMs = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let items = 0;
  let rounds = 0;
  while (rounds < 3 || performance.now() - wallBefore < 3000) {
    for (const r of reports) items += encode(r);
    rounds++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  await nextTurn(); // lets the observer take the gc entries of the loop
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const wallS = wallMs / 1000;
  const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `${title}: ${rate(items / cpuS)} ${unit}/s of CPU (${rate(items / wallS)}/s wall; ` +
      `${items.toLocaleString('en-US')} ${unit}, ${cpuS.toFixed(2)} s CPU; ` +
      `GC pauses ${((100 * gcPauseMs) / wallMs).toFixed(0)}% of wall)`,
  );
}

const referenceBefore = referenceWorkMs();
console.log(
  `encoders: ${REPORTS} reports of ${GROUPS} groups x ${PARTITIONS} partitions (5,200 group and partition items ` +
    `+ 500 topic-partitions each); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores, shared)`,
);
const encoder = (name: EncoderName): ((r: EvaluationReport) => number) => {
  const queued = new QueuedEncoder(name);
  return (r: EvaluationReport): number => queued.encode(r);
};
await measure('line protocol, default schema', 'points', encoder('line-protocol'));
await measure('line protocol, telegraf-burrow schema', 'points', encoder('telegraf-burrow'));
await measure('bulk documents', 'documents', encoder('bulk'));
console.log(referenceLine(referenceBefore, referenceWorkMs()));
