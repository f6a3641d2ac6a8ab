// Keeps the hidden classes of objects made per tick alive between ticks.
//
// V8 specializes optimized code on the hidden class ("map") of the objects it has seen.
// A class's instances reach their final map through transitions that V8 holds weakly.
// Once every instance is gone, the map dies at the next full collections, and every
// function optimized for it is thrown away ("weak objects" deoptimizations). The next
// tick then compiles the same code again.
//
// lagwatch makes many objects that live exactly one tick: a tick's partition lags, its
// time slices, a rendering's byte writer. At 10,000 groups there are two or three full
// collections per tick, so all of them could die between ticks. bench/service with
// `--trace-opt --trace-deopt` showed the sampler's and the evaluator's code, or /metrics'
// writers, dropped this way every few ticks and compiled again.
//
// Holding one instance of each such class for the life of the process keeps its map.
// An object literal needs none of this: its map is held by its boilerplate.
//
// Functions have the same trouble. A callback written inline (`list.sort((a, b) => …)`,
// `map.forEach((v, k) => …)`) is a new closure each call. V8 holds the optimized code of
// a call site's closures weakly; a tick's closures are gone by the next tick, so their
// code is compiled again every tick. On the tick path, callbacks run once per group or
// per partition are functions made once at module level, or loops. The same holds for a
// closure handed to an object a tick makes and called from its methods (a recording's
// "ended" callback): V8 inlines the call and holds its target weakly.
//
// A function that runs once a tick and loops over every group is optimized whole while it
// runs, with all it inlined, and thrown away again at some point of the next tick: its
// loops are functions of their own (src/kafka/sampler.ts), and it only awaits and calls.
// `node --trace-opt --trace-deopt` on bench/service shows what is compiled again each tick.

const held: object[] = [];

/**
 * Holds `instance` until the process exits, so that its class's hidden class outlives the
 * instances a tick makes. Call once per class, at module level, with an instance whose
 * fields hold values of the kinds real instances hold (null where they may be null).
 * Returns the instance.
 */
export function holdHiddenClass<T extends object>(instance: T): T {
  held.push(instance);
  return instance;
}
