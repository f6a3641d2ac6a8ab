// Evaluator throughput and memory: partition-windows judged per second (window 10) and
// heap held per 100,000 tracked partitions. Prints figures; asserts nothing.
// Run: npm run bench -- evaluator   (the runner passes --expose-gc)
import {
  evaluateGroup,
  evaluatePartition,
  evaluatorOptions,
  JudgedAgain,
  PartitionArena,
  summaryOf,
  toBurrowGroupStatus,
} from '../src/status/index.js';
import type {
  GroupWindow,
  PartitionSample,
  PartitionStatus,
  PartitionWindow,
} from '../src/status/index.js';

const WINDOW = 10;
const TRACKED = 100_000;
const NOW = 1_700_000_000_000;
const options = evaluatorOptions({ intervals: WINDOW });

/** Offsets and times like a real cluster's (large enough to be heap numbers in V8). */
type Shape = 'consuming' | 'slow' | 'stalled' | 'stopped' | 'rewound' | 'caughtUp';
const shapes: readonly Shape[] = ['consuming', 'slow', 'stalled', 'stopped', 'rewound', 'caughtUp'];

const topics = Array.from({ length: 50 }, (_, t) => `topic-${t}`);

function makeWindow(i: number): PartitionWindow {
  const shape = shapes[i % shapes.length]!;
  const base = 4_000_000_000 + i * 1_000;
  const end = NOW - (shape === 'stopped' ? 3_600_000 : 30_000);
  const samples: PartitionSample[] = [];
  for (let k = 0; k < WINDOW; k++) {
    const step = shape === 'stalled' ? 0 : 100;
    let offset = base + k * step;
    if (shape === 'rewound' && k >= 7) offset = base + 100;
    const lag =
      shape === 'consuming' ? 1_000 - k * 50 : shape === 'caughtUp' && k === 3 ? 0 : 500 + k * 10;
    samples.push({ offset, timestamp: end - (WINDOW - 1 - k) * 60_000, lag });
  }
  const last = samples[WINDOW - 1]!;
  return {
    topic: topics[i % topics.length]!,
    partition: i % 64,
    samples,
    brokerOffsets: [last.offset + 900, last.offset + 950, last.offset + 1_000],
    currentLag: 1_000,
  };
}

function heapUsed(): number {
  for (let k = 0; k < 3; k++) globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rate = (n: number, ms: number): string =>
  `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

function timeIt(rounds: number, body: () => number): number {
  body(); // warm up
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let r = 0; r < rounds; r++) sink += body();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink === -1) console.log('unreachable');
  return ms;
}

if (globalThis.gc === undefined) {
  console.log('note: run with --expose-gc (npm run bench does) for heap figures');
}

// Memory: 100,000 partitions with a full window each, as the evaluator takes them.
const before = heapUsed();
const windows: PartitionWindow[] = [];
for (let i = 0; i < TRACKED; i++) windows.push(makeWindow(i));
const afterWindows = heapUsed();
const statuses: PartitionStatus[] = windows.map((w) => evaluatePartition(w, options, NOW));
const afterStatuses = heapUsed();

// Throughput: evaluatePartition over the 100,000 windows, several rounds.
const rounds = 20;
const partitionMs = timeIt(rounds, () => {
  let notOk = 0;
  for (let i = 0; i < windows.length; i++) {
    if (evaluatePartition(windows[i]!, options, NOW).status !== 'OK') notOk++;
  }
  return notOk;
});

// The same, reading every reason sentence (what a sink that stores sentences pays).
const textRounds = 3;
const textMs = timeIt(textRounds, () => {
  let chars = 0;
  for (let i = 0; i < windows.length; i++) {
    chars += evaluatePartition(windows[i]!, options, NOW).reasonText.length;
  }
  return chars;
});

// Groups of 10 partitions: evaluateGroup, and evaluateGroup + Burrow JSON as the CLI prints it.
const groups: GroupWindow[] = [];
for (let g = 0; g < TRACKED / 10; g++) {
  groups.push({ cluster: 'c', group: `g${g}`, partitions: windows.slice(g * 10, g * 10 + 10) });
}
const groupMs = timeIt(rounds, () => {
  let lag = 0;
  for (const group of groups) lag += evaluateGroup(group, options, NOW).totallag;
  return lag;
});
const jsonRounds = 3;
const jsonMs = timeIt(jsonRounds, () => {
  let bytes = 0;
  for (const group of groups) {
    bytes += JSON.stringify(toBurrowGroupStatus(evaluateGroup(group, options, NOW))).length;
  }
  return bytes;
});

// The read model between ticks: a tick's groups as judged (packed numbers in a shared
// arena, as buildReportInSlices makes them), against their summaries (what LatestState
// keeps once /metrics has rendered the tick). Memory outside the heap counted too.
function heldBytes(): number {
  for (let k = 0; k < 3; k++) globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const beforeReport = heldBytes();
const arena = new PartitionArena();
let judged = groups.map((group) => evaluateGroup(group, options, NOW, arena));
const afterReport = heldBytes();
const again = new JudgedAgain(() => null);
const summaries = judged.map((group) => summaryOf(group, NOW, again, false));
judged = [];
const afterSummaries = heldBytes();

const counts = new Map<string, number>();
for (const s of statuses) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);

console.log(
  `node ${process.version}, window ${WINDOW}, ${TRACKED.toLocaleString('en-US')} partitions`,
);
console.log(`  statuses in the mix: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(
  `  evaluatePartition:         ${rate(TRACKED * rounds, partitionMs)} partition-windows`,
);
console.log(
  `  ... and reading reasonText:  ${rate(TRACKED * textRounds, textMs)} partition-windows`,
);
console.log(`  evaluateGroup (10 each):   ${rate((TRACKED / 10) * rounds, groupMs)} groups`);
console.log(
  `  evaluateGroup + JSON:      ${rate((TRACKED / 10) * jsonRounds, jsonMs)} groups ` +
    `(${rate(TRACKED * jsonRounds, jsonMs)} partition-windows)`,
);
console.log(`  heap per 100,000 tracked partitions (window ${WINDOW}):`);
console.log(`    windows (samples + broker offsets): ${mb(afterWindows - before)}`);
console.log(`    their last statuses:                ${mb(afterStatuses - afterWindows)}`);
const perPartition = (bytes: number): string => `${Math.round(bytes / TRACKED)} bytes`;
console.log(
  `  the read model per group-partition (groups of 10, heap and typed arrays): ` +
    `a tick's judged groups ${perPartition(afterReport - beforeReport)}, ` +
    `their ${summaries.length.toLocaleString('en-US')} summaries ${perPartition(afterSummaries - beforeReport)}`,
);
