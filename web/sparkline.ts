// The overview's trend column: a group's total lag over the window as an SVG polyline's
// points, scaled to a box (y grows downwards; the line's lowest value sits on the bottom).
// Ticks without a value break the line into runs.

export interface SparklineBox {
  readonly width: number;
  readonly height: number;
}

/** One `points` attribute per run of known values; [] with fewer than two values. */
export function sparklineRuns(values: readonly (number | null)[], box: SparklineBox): string[] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min;
  const step = values.length > 1 ? box.width / (values.length - 1) : 0;
  const runs: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run.join(' '));
      run = [];
      return;
    }
    const y = span === 0 ? box.height / 2 : box.height - ((v - min) / span) * box.height;
    run.push(`${round(i * step)},${round(y)}`);
  });
  if (run.length > 0) runs.push(run.join(' '));
  return runs;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** Words for a screen reader: how the lag moved over the window. */
export function describeTrend(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return 'not enough samples for a trend';
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const way = last > first ? 'rising' : last < first ? 'falling' : 'flat';
  return `lag ${way}, from ${first} to ${last} over ${known.length} ticks`;
}
