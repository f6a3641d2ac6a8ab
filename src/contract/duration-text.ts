// Durations for people: the largest unit that keeps the number readable, one decimal at most.
// In the contract because a reason's sentence is made of them (reason-text.ts), and the
// sinks write sentences themselves.

const units: readonly (readonly [limitMs: number, sizeMs: number, name: string])[] = [
  [1_000, 1, 'ms'],
  [60_000, 1_000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Infinity, 86_400_000, 'd'],
];

/** 450000 -> '7.5 min', 14041 -> '14 s', 0 -> '0 ms'. */
export function formatDuration(ms: number): string {
  const size = Math.abs(ms);
  for (const [limitMs, sizeMs, name] of units) {
    if (size < limitMs) return `${String(Math.round((ms / sizeMs) * 10) / 10)} ${name}`;
  }
  return `${ms} ms`;
}
