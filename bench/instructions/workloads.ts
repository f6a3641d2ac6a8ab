// The work bench/instructions counts, one kind per process, run under valgrind by it:
// `tick`: a whole service's tick path on the synthetic cluster (sampling, window, judging,
//   read model) and one /metrics rendering after each tick, `rounds` ticks after the
//   windows were filled;
// `line-protocol` / `telegraf-burrow` / `bulk`: the sinks' encoders (line protocol in the
//   default schema and in the telegraf-burrow one, bulk NDJSON) over `rounds` passes of
//   bench/encoders' reports, each written into a sink's queue (bench/encoders/queued.ts).
// Everything but the rounds (start, module loading, filling) is the same for any `rounds`,
// so the difference between two counts is the rounds' own.
import { takeStateMetricsInput, writeStateMetrics } from '../../src/api/state-metrics.js';
import { StateLabels } from '../../src/api/state-labels.js';
import { ChunkPool } from '../../src/api/metrics-chunk-pool.js';
import { buildApp } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log.js';
import { QueuedEncoder } from '../encoders/queued.js';
import { encoderReports } from '../encoders/reports.js';
import { SyntheticCluster } from '../service/synthetic-cluster.js';

export type Workload = 'tick' | 'line-protocol' | 'telegraf-burrow' | 'bulk';
export const WORKLOADS: readonly Workload[] = ['tick', 'line-protocol', 'telegraf-burrow', 'bulk'];

/** How many units one round is (the count is divided by them): run once, uncounted. */
export function unitsPerRound(work: Workload, groups: number): number {
  if (work === 'tick') return groups * PARTITIONS;
  const queued = new QueuedEncoder(work);
  return encoderReports().reduce((n, r) => n + queued.encode(r), 0);
}

const PARTITIONS = 10;

async function ticks(groups: number, rounds: number): Promise<void> {
  // No deadline may cut a tick short: valgrind runs code about fifty times slower.
  const config = parseConfig(
    `clusters:
  - name: bench
    brokers: ['127.0.0.1:9']
    groups: { allow: ['^bench-'] }
schedule: '*/10 * * * * *'
tickTimeoutMs: 3600000
api: { listen: '127.0.0.1:0' }
sinks: []
`,
    { env: {} },
  );
  // A clock of its own, 10 s a tick: the counts do not depend on how slow valgrind is.
  let clock = Date.UTC(2026, 11, 1, 12, 0, 0);
  const now = (): number => clock;
  const built = buildApp(config, {
    logger: createLogger('warn', 2),
    clientFor: () => new SyntheticCluster({ groups, partitions: PARTITIONS, latencyMs: 0, now }),
    now,
  });
  if (built.kind !== 'built') throw new Error(`the app was not built: ${built.kind}`);
  const { app } = built;
  const labels = new StateLabels();
  const chunks = new ChunkPool();
  const sink = { write: (): Promise<void> => Promise.resolve() };
  const tick = async (): Promise<void> => {
    clock += 10_000;
    const [report] = await app.tickAll();
    if (!report?.available) throw new Error(`a tick failed: ${JSON.stringify(report?.fault)}`);
    await writeStateMetrics(takeStateMetricsInput(app.latest), sink, labels, chunks);
  };
  // Windows filled, and then some, so that every round is a steady one.
  for (let i = 0; i < config.window.intervals + 2; i++) await tick();
  for (let i = 0; i < rounds; i++) await tick();
}

function encoders(work: Exclude<Workload, 'tick'>, rounds: number): void {
  const reports = encoderReports();
  const queued = new QueuedEncoder(work);
  let items = 0;
  for (let k = 0; k < rounds; k++) for (const r of reports) items += queued.encode(r);
  if (rounds > 0 && items === 0) throw new Error('the encoders wrote nothing');
}

/** Runs `rounds` rounds of `work` in this process. */
export async function runWorkload(work: Workload, groups: number, rounds: number): Promise<void> {
  if (work === 'tick') await ticks(groups, rounds);
  else encoders(work, rounds);
}
