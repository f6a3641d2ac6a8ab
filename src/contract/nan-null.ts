// Numbers kept in typed arrays (the window store's rings and columns, the evaluator's packed
// partition numbers, the state file) stand for "unknown" with NaN, which no offset, lag or
// time is. These two convert at the edge, for every such store alike.

/** A number to keep, NaN for null or absent. */
export const orNaN = (value: number | null | undefined): number => value ?? NaN;

/** A kept number read back: null where NaN was kept. */
export const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);
