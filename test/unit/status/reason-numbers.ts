// Numbers a reason's detail may hold, awkward ones included: zero and minus zero, one (the
// "1 sample" case), fractions, the edges of the duration units, integers past 2^53, numbers
// String writes with an exponent, NaN and the infinities. Shared by the tests of the
// sentences (test/unit/status/reason-text.test.ts) and of the sinks' writing of them
// (test/unit/sinks/reason-text.test.ts).
export const REASON_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  2,
  1.5,
  -2.25,
  999,
  59_999,
  60_000,
  3_599_999,
  86_400_000,
  2 ** 53 - 1,
  2 ** 53 + 2,
  -(2 ** 60),
  1e21,
  1e-7,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];
