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
// YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS it grows again as V8 likes: there a young
// generation smaller than a tick's allocations costs a third more CPU
// (`--max-semi-space-size=4` at 10,000 × 10). A service that ships items to a sink
// (InfluxDB, Elasticsearch) lets it grow from the start: each tick's points and documents
// are allocated and die young, and a held young generation scavenged them 573 times a
// minute at 1,000 × 10 with both sinks, a third of the main thread (bench/service). V8
// reads a semi-space's maximum size only at start, so the growth factor is what can be set
// here.
import { setFlagsFromString } from 'node:v8';
import type { EvaluationReport } from '../contract/report.js';

/** The heap may grow by this share of what a full collection found alive. */
export const HEAP_GROWING_PERCENT = 50;

/** Up to this many tracked group-partitions (all clusters) the young generation is held. */
export const YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS = 20_000;

/** V8's own `--semi-space-growth-factor` (Node 20, V8 11.3). */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

const YOUNG_GENERATION_FLAGS = [
  '--semi-space-growth-factor',
  '--max-semi-space-size',
  '--min-semi-space-size',
];

/** Whether `node`'s command line or NODE_OPTIONS sets the flag already. */
const givenToNode = (flag: string): boolean =>
  process.execArgv.some((arg) => arg.startsWith(flag)) ||
  (process.env.NODE_OPTIONS ?? '').includes(flag);

let youngGenerationHeld = false;

/** Whether the young generation is held now (tuneHeapForService held it, no tick released it). */
export function isYoungGenerationHeld(): boolean {
  return youngGenerationHeld;
}

/**
 * Sets the old generation's growing factor and holds the young generation at its size.
 * For the service's own process only: V8's flags are the whole process's.
 */
export function tuneHeapForService(percent = HEAP_GROWING_PERCENT): void {
  if (!givenToNode('--heap-growing-percent'))
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  if (YOUNG_GENERATION_FLAGS.some(givenToNode)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  youngGenerationHeld = true;
}

/** Lets the young generation grow again as V8 likes (its default); it stays so. */
function releaseYoungGeneration(): void {
  if (!youngGenerationHeld) return;
  setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH_FACTOR}`);
  youngGenerationHeld = false;
}

/**
 * Lets the young generation grow again if any configured sink ships items (every type but
 * stdout, which writes one line per report). Does nothing unless tuneHeapForService held it.
 */
export function youngGenerationForSinks(sinkTypes: readonly string[]): void {
  if (sinkTypes.some((type) => type !== 'stdout')) releaseYoungGeneration();
}

/**
 * Lets the young generation grow again (V8's default) once the service tracks more than
 * `heldUpTo` group-partitions: one call per report, counted per cluster. Does nothing unless
 * tuneHeapForService held it; once released it stays so.
 */
export function youngGenerationRelease(
  heldUpTo = YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS,
): (report: EvaluationReport) => void {
  const byCluster = new Map<string, number>();
  return (report) => {
    if (!youngGenerationHeld || !report.available) return;
    let groupPartitions = 0;
    for (const group of report.groups) groupPartitions += group.partitionCount;
    byCluster.set(report.cluster, groupPartitions);
    let total = 0;
    for (const count of byCluster.values()) total += count;
    if (total > heldUpTo) releaseYoungGeneration();
  };
}
