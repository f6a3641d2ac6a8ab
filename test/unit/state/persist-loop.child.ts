// The fault test's victim: writes the state over and over, as lagwatch does after ticks,
// and prints each write's number once it is on disk. The parent kills it with SIGKILL at a
// random moment. Imports only the write path, so that fifty of them start quickly.
// usage: persist-loop.child.ts DIR FIRST_NUMBER
import type { Logger } from '../../../src/contract/logger.js';
import type { GroupExport } from '../../../src/window/store-export.js';
import { StateWriter } from '../../../src/state/state-writer.js';
import { lockStateDir } from '../../../src/state/state-lock.js';

const [dir, first] = process.argv.slice(2);
lockStateDir(dir!); // as lagwatch does: the lock of the one killed before is taken over
const silent = { info: () => undefined, error: () => undefined } as unknown as Logger;

/** 200 groups x 10 partitions x 10 samples: a write of a few hundred KB. */
const groups: GroupExport[] = Array.from({ length: 200 }, (_, g) => ({
  group: `g${g}`,
  lastSeen: 1000,
  state: 'Stable',
  members: 1,
  partitions: Array.from({ length: 10 }, (_, p) => ({
    topic: `t${g % 20}`,
    partition: p,
    committedOffset: g * 1000 + p,
    currentLag: 5,
    messagesLost: 0,
    host: '/10.0.0.1',
    clientId: 'app',
    samples: Float64Array.from({ length: 30 }, (_, i) => g + p + i),
  })),
}));

let n = Number(first);
const writer = new StateWriter({
  dir: dir!,
  // Each write a different size, so a torn write could not pass for a whole one.
  capture: () => ({
    savedAt: n,
    windows: { clusters: [{ cluster: 'a', lastTakenAt: 1000, topicPartitions: [], groups }] },
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
