// How V8's heap is sized for the long-running service (`lagwatch run`; bench/service does
// the same). Both settings are V8 flags that V8 reads again every time it resizes, so
// setting them after start works; flags given on the command line (`node --…` or
// NODE_OPTIONS) are kept.
//
// Old generation: V8's default on a machine with a few GB of memory lets the heap grow to up
// to 4× the live size: harmless for a short command, but lagwatch promotes a tick's snapshot
// and report (tens of MB at 10,000 groups) every tick, so a heap with 150 MB alive settled
// at ≈ 550 MB (bench/service at 10,000 × 10). A fixed factor trades a full collection every
// tick or two (tens of ms, mostly on V8's helper threads) for a heap that stays near what is
// alive.
//
// Young generation: V8 doubles it (two semi-spaces) whenever a scavenge finds much alive, up
// to 2 × 16 MB, all of it resident. Loading lagwatch's modules alone grows it to 2 × 8 MB and
// the ticks at 1,000 groups to 2 × 16 MB: 32 of the 152 MiB at 1,000 × 10 (bench/service).
// While the service tracks few group-partitions it never grows past where start-up left it
// (growth factor 1; V8 still shrinks it when little is allocated, and then it stays small:
// 1,000 × 10 took no more CPU so). Once a tick tracks more than
// YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS it grows again, but only up to
// CAPPED_SEMI_SPACE_MB a semi-space. bench/service at 10,000 × 10 (120 s runs, alternating,
// three pairs each): held small it cost 12 % more CPU (4.47 against 3.99 s a minute); capped
// it cost about the same as V8's own 2 × 16 MB (3.86 against 3.79) and kept 14 MiB less
// resident (211–224 MiB steady against 228–232).
// V8 reads a semi-space's maximum size only at start, so the cap is the growth factor set
// after each collection: V8's own below the cap, 1 from it on. A service that ships items
// to a sink (InfluxDB, Elasticsearch) lets it grow as V8 likes from the start: each tick's
// points and documents are allocated and die young, and a held young generation scavenged
// them 573 times a minute at 1,000 × 10 with both sinks, a third of the main thread
// (bench/service).
//
// Memory reducer: while the service waits for its next tick (most of the interval), V8's
// memory reducer sees the allocation rate drop some seconds after the tick's full
// collection and runs "reduce" full collections to give memory back: two or three in a row
// as a rule (half a second apart), each marking the whole live heap (60 MB at 10,000 × 10,
// mostly on V8's helper threads), and the next tick grows the heap again. The first gives
// the memory back; the others find little more. So the service lets it run one
// (`--memory-reducer-single-gc`, which V8 reads each time the reducer decides;
// `--no-memory-reducer` works only given to `node` at start, and costs RSS). bench/service
// at 10,000 × 10, four alternating 120 s runs each: one reduce 3.57–4.03 s of CPU a minute
// (V8's helpers 0.86–0.92), V8's own 3.90–4.30 (helpers 1.01–1.19), for the same RSS
// (211–221 against 211–216 MiB steady); `node --no-memory-reducer` 3.24–3.76 s but
// 220–247 MiB.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { EvaluationReport } from '../contract/report.js';
import { TrackedPartitions } from './tracked-partitions.js';

/** The heap may grow by this share of what a full collection found alive. */
export const HEAP_GROWING_PERCENT = 50;

/** Up to this many tracked group-partitions (all clusters) the young generation is held. */
export const YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS = 20_000;

/**
 * Past YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS (and without a sink that ships items), a
 * semi-space grows up to this many MiB: half of V8's own maximum on 64-bit.
 */
export const CAPPED_SEMI_SPACE_MB = 8;

/** V8's own `--semi-space-growth-factor` (Node 20, V8 11.3). */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

const YOUNG_GENERATION_FLAGS = [
  '--semi-space-growth-factor',
  '--max-semi-space-size',
  '--min-semi-space-size',
];

/** Any of these given to `node` (as a prefix) leaves the memory reducer as it says. */
const MEMORY_REDUCER_FLAGS = ['--memory-reducer', '--no-memory-reducer'];

/** Whether `node`'s command line or NODE_OPTIONS sets the flag already. */
const givenToNode = (flag: string): boolean =>
  process.execArgv.some((arg) => arg.startsWith(flag)) ||
  (process.env.NODE_OPTIONS ?? '').includes(flag);

/**
 * held: kept at its size; capped: V8's growth up to CAPPED_SEMI_SPACE_MB; free: V8's own
 * (also when tuneHeapForService was not called, or `node` was given a size of its own).
 */
export type YoungGenerationMode = 'held' | 'capped' | 'free';

let mode: YoungGenerationMode = 'free';
let tunedForService = false;
let growthFactor = V8_SEMI_SPACE_GROWTH_FACTOR;
let capWatch: PerformanceObserver | null = null;

/** How the young generation is sized now. */
export function youngGenerationMode(): YoungGenerationMode {
  return mode;
}

function setGrowthFactor(factor: number): void {
  if (factor === growthFactor) return;
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  growthFactor = factor;
}

/**
 * The flags tuneHeapForService sets once for the old generation and the memory reducer:
 * those `node` was not given a flag of its own for.
 */
export function serviceHeapFlags(percent = HEAP_GROWING_PERCENT): string[] {
  const flags: string[] = [];
  if (!givenToNode('--heap-growing-percent')) flags.push(`--heap-growing-percent=${percent}`);
  if (!MEMORY_REDUCER_FLAGS.some(givenToNode)) flags.push('--memory-reducer-single-gc');
  return flags;
}

/**
 * Sets the old generation's growing factor, lets the memory reducer run one full collection
 * each time it runs, and holds the young generation at its size. For the service's own
 * process only: V8's flags are the whole process's.
 */
export function tuneHeapForService(percent = HEAP_GROWING_PERCENT): void {
  tunedForService = true;
  for (const flag of serviceHeapFlags(percent)) setFlagsFromString(flag);
  if (YOUNG_GENERATION_FLAGS.some(givenToNode)) return;
  setGrowthFactor(1);
  mode = 'held';
}

/** Whether tuneHeapForService ran: the process is a long-running service's. */
export function heapTunedForService(): boolean {
  return tunedForService;
}

/**
 * Lets the old generation grow by `percent` past what a full collection found alive, unless
 * `node` was given a figure of its own.
 */
export function setHeapGrowingPercent(percent: number): void {
  if (!givenToNode('--heap-growing-percent'))
    setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** Both semi-spaces of the young generation, in bytes. */
const newSpaceBytes = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

/** V8's growth below the cap, none from it on; checked again after every collection. */
function capYoungGeneration(): void {
  if (mode !== 'held') return;
  mode = 'capped';
  const capBytes = 2 * CAPPED_SEMI_SPACE_MB * 1024 * 1024;
  const apply = (): void =>
    setGrowthFactor(newSpaceBytes() >= capBytes ? 1 : V8_SEMI_SPACE_GROWTH_FACTOR);
  apply();
  // Its entries come after each collection, between the tick's slices: V8 grows a
  // semi-space only once as much as it holds has survived since it last grew, several
  // scavenges later, so the factor is 1 before the next growth would go past the cap.
  capWatch = new PerformanceObserver(apply);
  capWatch.observe({ entryTypes: ['gc'] });
}

/** Lets the young generation grow as V8 likes (its default); it stays so. */
function freeYoungGeneration(): void {
  if (mode === 'free') return;
  capWatch?.disconnect();
  capWatch = null;
  setGrowthFactor(V8_SEMI_SPACE_GROWTH_FACTOR);
  mode = 'free';
}

/**
 * Lets the young generation grow as V8 likes if any configured sink ships items (every type
 * but stdout, which writes one line per report). Does nothing unless tuneHeapForService held
 * it (or a tick has capped it since).
 */
export function youngGenerationForSinks(sinkTypes: readonly string[]): void {
  if (shipsItems(sinkTypes)) freeYoungGeneration();
}

/**
 * Whether any of the configured sinks ships items (points, documents: every type but
 * stdout, which writes one line per report). The heap's tuning goes by it.
 */
export function shipsItems(sinkTypes: readonly string[]): boolean {
  return sinkTypes.some((type) => type !== 'stdout');
}

/**
 * Lets the young generation grow again, up to CAPPED_SEMI_SPACE_MB a semi-space, once the
 * service tracks more than `heldUpTo` group-partitions: one call per report, counted per
 * cluster. Does nothing unless it is held; once capped it stays so.
 */
export function youngGenerationForTrackedPartitions(
  heldUpTo = YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS,
): (report: EvaluationReport) => void {
  const tracked = new TrackedPartitions();
  return (report) => {
    if (mode !== 'held') return;
    if (tracked.record(report) > heldUpTo) capYoungGeneration();
  };
}
