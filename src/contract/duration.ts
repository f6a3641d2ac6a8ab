// Durations in the config: a number of milliseconds, or a string of one or more
// number-unit pairs such as "500ms", "30s", "1.5m", "1h30m", "7d". Normalised to whole ms.

const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const whole = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

export const durationUnits = Object.keys(unitMs);

/**
 * "30s" -> 30000, "1h30m" -> 5400000, "250" -> 250 (a bare number is ms); undefined for
 * anything else (negative, empty, unknown unit, not a whole number of ms when given as ms).
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return parseDuration(Number(text));
  if (!whole.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(part)) {
    ms += Number(amount) * (unitMs[unit ?? ''] ?? Number.NaN);
  }
  const rounded = Math.round(ms);
  return Number.isSafeInteger(rounded) ? rounded : undefined;
}
