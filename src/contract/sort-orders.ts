// The sort orders lagwatch lists things in, one function each, so every list agrees. They
// are functions made once, not callbacks written at each sort: V8 keeps their optimized
// code from tick to tick (src/contract/hidden-class.ts).

/** Sorts by UTF-16 code units: the same order everywhere, whatever the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Topic (by code unit), then partition number: how Kafka's tools list partitions. */
export function byTopicThenPartition(
  a: { readonly topic: string; readonly partition: number },
  b: { readonly topic: string; readonly partition: number },
): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}
