// Partition windows made at random (from a seeded generator): empty, partial, full and
// over-full windows, rewinds, unknown lags, owners or none, for the evaluator's tests that
// compare two ways of judging the same windows.
import type { PartitionSample, PartitionWindow } from '../../../src/contract/evaluation.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

/** The time the generated windows are judged at. */
export const NOW = T0 + 20 * 60_000;

export function generatedWindow(random: () => number, partition: number): PartitionWindow {
  const n = Math.floor(random() * 13); // 0 to 12 samples: empty, partial, full, over-full
  const samples: PartitionSample[] = [];
  let offset = Math.floor(random() * 5e12);
  for (let j = 0; j < n; j++) {
    if (random() < 0.1) offset -= Math.floor(random() * 1000);
    else if (random() < 0.7) offset += Math.floor(random() * 5000);
    const timestamp = T0 + j * 60_000 + Math.floor(random() * 999);
    const lag = random() < 0.15 ? null : Math.floor(random() * 20_000);
    samples.push(
      random() < 0.5
        ? { offset, timestamp, lag }
        : { offset, timestamp, lag, observedAt: timestamp },
    );
  }
  const maybe = (value: number): number | null => (random() < 0.3 ? null : value);
  return {
    topic: `topic-${partition % 3}`,
    partition,
    samples,
    brokerOffsets: samples.map((s) => s.offset + Math.floor(random() * 10_000)),
    currentLag: Math.floor(random() * 40_000),
    ...(random() < 0.5 ? { owner: `host-${partition}`, clientId: `client-${partition}` } : {}),
    timeLagMs: maybe(random() * 100_000),
    catchUpMs: maybe(Math.floor(random() * 1e9)),
    messagesLost: maybe(Math.floor(random() * 100)),
  };
}
