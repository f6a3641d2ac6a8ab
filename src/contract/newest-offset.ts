// The offset of a judged partition's newest sample, read without making the sample: the
// evaluator's statuses have it as `endOffset` (a getter over their packed numbers), while
// `end` builds a new object on every read (80 MB a minute at 100,000 group-partitions for
// one reader). A status made elsewhere may leave `endOffset` out; then `end` says it.
import type { PartitionStatus } from './evaluation.js';

/** The newest judged sample's committed offset; null with no samples. */
export function newestOffset(p: PartitionStatus): number | null {
  const offset = p.endOffset;
  if (offset !== undefined) return offset;
  const end = p.end;
  return end ? end.offset : null;
}
