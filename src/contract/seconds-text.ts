// A duration in milliseconds written as the text of its seconds, `${ms / 1000}`, straight
// into a byte buffer without making a string: the sinks' encoders and /metrics write one
// for every partition of every tick (lag and catch-up in seconds).
// For an integer ms below 1e15 in size the text is the integer's digits with a point put
// in: ms / 1000 is then the double nearest to that decimal, and a decimal of at most 15
// significant digits is the shortest (and only such) text that reads back as that double,
// which is what JavaScript writes. Anything else is left to the caller (String(ms / 1000)).

/** Bytes `writeExactSeconds` may write: a sign, 12 digits, a point, 3 digits. */
export const EXACT_SECONDS_ROOM = 17;

const EXACT_MS_BELOW = 1e15;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;

/**
 * Writes `${ms / 1000}` into `buf` from `at` (which has EXACT_SECONDS_ROOM bytes free) and
 * returns where it ended; or returns -1, writing nothing, when `ms` is not an integer below
 * 1e15 in size (the caller writes String(ms / 1000) then). -0 is written 0, as `${}` does.
 */
export function writeExactSeconds(buf: Uint8Array, at: number, ms: number): number {
  if (!Number.isInteger(ms) || ms <= -EXACT_MS_BELOW || ms >= EXACT_MS_BELOW) return -1;
  let n = ms;
  if (n < 0) {
    buf[at++] = MINUS;
    n = -n;
  }
  const thousandths = n % 1000;
  // The whole seconds' digits, backwards, then turned round.
  let whole = (n - thousandths) / 1000;
  const first = at;
  do {
    buf[at++] = ZERO + (whole % 10);
    whole = Math.floor(whole / 10);
  } while (whole > 0);
  for (let i = first, j = at - 1; i < j; i++, j--) {
    const d = buf[i]!;
    buf[i] = buf[j]!;
    buf[j] = d;
  }
  if (thousandths === 0) return at;
  // Without trailing zeros: 1.5, not 1.500.
  const tens = Math.floor(thousandths / 10) % 10;
  const units = thousandths % 10;
  buf[at++] = POINT;
  buf[at++] = ZERO + Math.floor(thousandths / 100);
  if (tens === 0 && units === 0) return at;
  buf[at++] = ZERO + tens;
  if (units !== 0) buf[at++] = ZERO + units;
  return at;
}
