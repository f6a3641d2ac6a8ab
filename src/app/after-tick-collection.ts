// A full collection of V8's heap shortly after each tick, for a service that tracks many
// group-partitions and ships no items to a sink (`lagwatch run`; bench/service does the
// same).
//
// Why: a report replaces the last one every tick, and its numbers live in ArrayBuffers
// outside V8's heap (168 bytes a group-partition: 17 MB at 10,000 groups x 10 partitions).
// Their memory goes back only when a full collection finds the old report dead, and V8 runs
// one when its own limits say so, every tick or two or three: between ticks the service
// held two or three reports' numbers and the garbage a tick left in the old generation
// (external memory 76-79 MB where a full collection leaves 53). Collected once a tick is
// over, it holds one.
// The old generation's growth is raised to COLLECTING_HEAP_GROWING_PERCENT at the same time,
// so that V8 seldom needs a full collection of its own as well: in 100 s of ticks, 10 of
// these and 2 of V8's, where V8 alone ran 9-11.
// bench/service at 10,000 x 10 (synthetic cluster, 120 s runs, four alternating pairs):
// RSS steady 210-217 MiB against 235-243, peak 229-238 against 262-282; CPU 2.96-3.76 s a
// minute against 2.82-3.23 (means 3.38 and 3.11; the reference work varied 454-721 ms).
// The price is that a collection made on request marks the whole heap at once, on the main
// thread and V8's helpers, where V8's own marks it concurrently: the collector's pauses
// rose from 0.10-0.13 s a minute to 0.30-0.42. Each pauses the event loop for 30-60 ms,
// once a tick, after the tick's work and its /metrics rendering (COLLECT_AFTER_TICK_MS):
// the API's p99 was 36 ms or less on every path (up to 78 in the runs without it). The
// same collection at V8's own growth of 50 % cost 0.3-0.7 s a minute more CPU than none,
// for the same RSS.
// Not with a sink that ships items: those runs were not measured with it, and a tick's
// points and documents die young anyway (heap-tuning.ts).
// Not for a service that tracks few group-partitions: its reports are small, and 1,000 x 10
// (a tenth of the above) met its RSS goal without it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EvaluationReport } from '../contract/report.js';
import {
  heapTunedForService,
  setHeapGrowingPercent,
  shipsItems,
  YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS,
} from './heap-tuning.js';
import { TrackedPartitions } from './tracked-partitions.js';

/** How long after a cluster's report the collection runs, unless another report comes. */
export const COLLECT_AFTER_TICK_MS = 1500;

/** V8's growth of the old generation while the service collects after each tick. */
export const COLLECTING_HEAP_GROWING_PERCENT = 100;

/**
 * V8's own `gc()` (a full, atomic collection), taken from a context of its own: `node` was
 * not given --expose-gc, and the service's global object does not get a `gc`.
 */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

let collecting = false;

/** Whether a listener of collectAfterTicks has turned on (V8's flags are the process's). */
export function collectsAfterTicks(): boolean {
  return collecting;
}

export interface AfterTickCollectionOptions {
  /** The configured sinks' types: any but stdout ships items, and turns this off. */
  readonly sinkTypes: readonly string[];
  /** Collects once the service tracks more group-partitions than this (all clusters). */
  readonly fromGroupPartitions?: number;
  readonly delayMs?: number;
  /** The collection; V8's own full collection (fullCollection) unless given. */
  readonly collect?: () => void;
}

/**
 * A report listener that collects COLLECT_AFTER_TICK_MS after the last report of a tick
 * (each report puts the collection off again: a tick of several clusters gets one), once
 * the service tracks more than `fromGroupPartitions`; once on, it stays on. Does nothing
 * unless tuneHeapForService ran (the process is the service's alone) or when a sink ships
 * items.
 */
export function collectAfterTicks(
  options: AfterTickCollectionOptions,
): (report: EvaluationReport) => void {
  const from = options.fromGroupPartitions ?? YOUNG_GENERATION_HELD_UP_TO_GROUP_PARTITIONS;
  const delayMs = options.delayMs ?? COLLECT_AFTER_TICK_MS;
  const sinkShipsItems = shipsItems(options.sinkTypes);
  const tracked = new TrackedPartitions();
  let collect: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  return (report) => {
    if (sinkShipsItems || !heapTunedForService()) return;
    if (collect === null) {
      if (tracked.record(report) <= from) return;
      collect = options.collect ?? fullCollection();
      setHeapGrowingPercent(COLLECTING_HEAP_GROWING_PERCENT);
      collecting = true;
    }
    if (timer !== null) clearTimeout(timer);
    const run = collect;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, delayMs);
    // Never what keeps the process alive: a service that stops has nothing to collect for.
    timer.unref();
  };
}
