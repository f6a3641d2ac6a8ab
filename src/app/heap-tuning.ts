// How far V8 lets its heap grow past what a full collection found alive, for the
// long-running service (`lagwatch run`; bench/service does the same). V8's default on a
// machine with a few GB of memory is up to 4× the live size: harmless for a short command,
// but lagwatch promotes a tick's snapshot and report (tens of MB at 10,000 groups) every
// tick, so a heap with 150 MB alive settled at ≈ 550 MB (bench/service at 10,000 × 10).
// A fixed factor trades a full collection every tick or two (tens of ms, mostly on V8's
// helper threads) for a heap that stays near what is alive. V8 reads this flag at every
// full collection, so setting it after start works; a factor given on the command line
// (`node --heap-growing-percent=…`) is kept.
import { setFlagsFromString } from 'node:v8';

/** The heap may grow by this share of what a full collection found alive. */
export const HEAP_GROWING_PERCENT = 50;

export function tuneHeapForService(percent = HEAP_GROWING_PERCENT): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
