// What bench/service prints about its sinks: items per tick and per second, write() and
// delivery time per tick, the backlog when the run ends, the drain at stop, and what the
// servers hold against what the sinks say they stored (a mismatch is printed loudly; a
// bench prints, it does not assert).
import type { NamedOutcome, SinkHealth } from '../../sinks/index.js';
import type { BenchSinkKind, MeasuredFanout } from './measured-sinks.js';

const pct = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const loud = (line: string): void => console.log(`!!!!!!!! ${line} !!!!!!!!`);

export interface SinkRun {
  readonly fanout: MeasuredFanout;
  /** The timed run's wall time (s), and when it ended (performance.now()). */
  readonly wallS: number;
  readonly endedAt: number;
  /** health() when the timed run ended, before stop. */
  readonly atEnd: readonly SinkHealth[];
  /** Reports each sink had not delivered when the timed run ended. */
  readonly undeliveredAtEnd: readonly number[];
  /** app.stop(): its wall time, this process's CPU during it, the sinks' close outcomes. */
  readonly stop: {
    readonly seconds: number;
    readonly cpuS: number;
    readonly outcomes: readonly NamedOutcome[];
  };
}

export function printSinkFigures(run: SinkRun): void {
  const { fanout, wallS } = run;
  fanout.settleEncoded();
  const final = fanout.health();
  fanout.sinks.forEach((sink, i) => {
    const deliveries = fanout.deliveries[i]!;
    const items = deliveries.map((d) => d.items);
    const writeMs = deliveries.map((d) => d.writeMs);
    const writeCpuMs = deliveries.map((d) => d.writeCpuMs);
    const encodedMs = deliveries.flatMap((d) => (d.encodedMs === null ? [] : [d.encodedMs]));
    const lastWrittenAt = deliveries.findLast((d) => d.writtenAt <= run.endedAt)?.writtenAt;
    const lastWrittenS = (run.endedAt - (lastWrittenAt ?? NaN)) / 1000;
    const delivered = deliveries.flatMap((d) => (d.deliveryMs === null ? [] : [d.deliveryMs]));
    const end = run.atEnd[i]!;
    const last = final[i]!;
    const outcome = run.stop.outcomes.find((o) => o.sink === sink.name)?.outcome;
    console.log(
      `sink ${sink.name}: ${deliveries.length} reports written, ${sum(items)} items; per tick ` +
        `p50 ${pct(items, 0.5)} (min ${Math.min(...items)}, max ${Math.max(...items)}); ` +
        `${(sum(items) / wallS).toFixed(0)} items/s written; ` +
        `stored in the run ${end.delivered} = ${(end.delivered / wallS).toFixed(0)} items/s`,
    );
    console.log(
      `  write() itself (on the event loop; a large report is encoded in parts after it) per tick: ` +
        `wall p50 ${pct(writeMs, 0.5).toFixed(0)} ms, max ${Math.max(...writeMs).toFixed(0)} ms; ` +
        `CPU p50 ${pct(writeCpuMs, 0.5).toFixed(0)} ms, max ${Math.max(...writeCpuMs).toFixed(0)} ms`,
    );
    console.log(
      `  write() to encoded and queued, per tick (wall, the event loop free between parts): ` +
        `p50 ${pct(encodedMs, 0.5).toFixed(0)} ms, max ${Math.max(...encodedMs).toFixed(0)} ms`,
    );
    console.log(
      `  delivery per tick (write to last item stored): p50 ${(pct(delivered, 0.5) / 1000).toFixed(2)} s, ` +
        `p95 ${(pct(delivered, 0.95) / 1000).toFixed(2)} s, max ${(Math.max(...delivered) / 1000).toFixed(2)} s; ` +
        `each: ${delivered.map((ms) => (ms / 1000).toFixed(1)).join(' ')}`,
    );
    console.log(
      `  when the run ended: ${end.queued} queued, ${end.spooled} spooled, ` +
        `${run.undeliveredAtEnd[i]} reports not yet stored, the last written ${lastWrittenS.toFixed(1)} s before ` +
        `(state ${end.state}` +
        `${end.lastError === null ? '' : `, last error ${end.lastError}`})`,
    );
    console.log(
      `  after stop (${run.stop.seconds.toFixed(1)} s, ${run.stop.cpuS.toFixed(2)} s CPU, close ${outcome?.kind ?? '?'}` +
        `${outcome?.kind === 'ok' || outcome === undefined ? '' : `: ${outcome.error}`}): ` +
        `${last.delivered} stored, ${last.queued} queued, ${last.spooled} spooled, ${last.dropped} dropped, ` +
        `${last.rejected} rejected, ${last.retries} retries, ${fanout.throwingWrites[i]} write errors`,
    );
    if (
      last.queued + last.spooled + last.dropped + last.rejected > 0 ||
      last.delivered !== sum(items)
    )
      loud(`sink ${sink.name}: ${sum(items)} items written, ${last.delivered} stored`);
  });
}

export function printStored(
  fanout: MeasuredFanout,
  stored: ReadonlyMap<BenchSinkKind, { total: number; detail: string }>,
): void {
  const health = fanout.health();
  for (const [kind, { total, detail }] of stored) {
    const delivered = health.find((h) => h.sink === kind)?.delivered ?? NaN;
    console.log(`${kind} holds ${total} (${detail}); the sink says it stored ${delivered}`);
    if (total !== delivered)
      loud(`MISMATCH: ${kind} holds ${total}, the sink says it stored ${delivered}`);
  }
}
