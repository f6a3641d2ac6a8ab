// Sizes in the config: a number of bytes, or a string such as "512KiB", "1MB", "100 MB".
// KB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024; units are case-insensitive.

const unitBytes: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const sizePattern = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

/** "1MB" -> 1000000, "1MiB" -> 1048576, "4096" -> 4096; undefined for anything else. */
export function parseByteSize(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  const match = sizePattern.exec(value.trim());
  if (!match || (match[2] === undefined && match[1]?.includes('.'))) return undefined;
  const factor = unitBytes[(match[2] ?? 'b').toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
