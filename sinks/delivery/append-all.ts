// target.push(...source) without the spread: a call's arguments live on the stack, and a
// backlog of a few hundred thousand items overflows it (RangeError), which at close lost a
// whole queue uncounted.
export function appendAll<T>(target: T[], source: readonly T[]): void {
  for (const item of source) target.push(item);
}
