// The fault test's victim: writes the state over and over, as lagwatch does after ticks,
// and prints each write's number once it is on disk. The parent kills it with SIGKILL at a
// random moment. Imports only the write path, so that fifty of them start quickly.
// usage: persist-loop.child.ts DIR FIRST_NUMBER
import type { Logger } from '../../../src/contract/logger.js';
import type { ClusterSnapshot } from '../../../src/contract/snapshot.js';
import { WindowStore } from '../../../src/window/store.js';
import { StateWriter } from '../../../src/state/state-writer.js';
import { lockStateDir } from '../../../src/state/state-lock.js';

const [dir, first] = process.argv.slice(2);
lockStateDir(dir!); // as lagwatch does: the lock of the one killed before is taken over
const silent = { info: () => undefined, error: () => undefined } as unknown as Logger;

/** 200 groups x 10 partitions, 10 ticks: a write of a few hundred KB. */
const store = new WindowStore({ intervals: 10, expireGroupAfterMs: 1e12, endOffsetHistory: 60 });
for (let t = 0; t < 10; t++) {
  const partitions = (g: number) =>
    Array.from({ length: 10 }, (_, p) => ({
      topic: `t${g % 20}`,
      partition: p,
      committedOffset: g * 1000 + t * 10 + p,
      logEndOffset: g * 1000 + t * 12 + 100,
      logStartOffset: 0,
      lag: 5,
      messagesLost: 0,
      consumerId: 'm',
      host: '/10.0.0.1',
      clientId: 'app',
      fault: null,
    }));
  const snap: ClusterSnapshot = {
    cluster: 'a',
    takenAt: 1000 + t * 1000,
    durationMs: 1,
    available: true,
    fault: null,
    groups: Array.from({ length: 200 }, (_, g) => ({
      group: `g${g}`,
      state: 'Stable',
      protocolType: 'consumer',
      members: 1,
      partitions: partitions(g),
      totalLag: 0,
      maxLag: null,
      fault: null,
    })),
    offsets: [],
    topics: Array.from({ length: 20 }, (_, i) => `t${i}`),
    maxLag: 0,
    requests: 0,
  };
  store.record(snap);
}
const windows = store.exportState();

let n = Number(first);
const writer = new StateWriter({
  dir: dir!,
  // Each write a different size, so a torn write could not pass for a whole one.
  capture: () => ({
    savedAt: n,
    windows,
    ticks: [],
    modules: { counter: n, pad: 'x'.repeat(n % 997) },
  }),
  minIntervalMs: 0,
  logger: silent,
});
for (;;) {
  n++;
  writer.request();
  await writer.flush();
  if (writer.stats.failures > 0) process.exit(3);
  process.stdout.write(`${n}\n`);
}
