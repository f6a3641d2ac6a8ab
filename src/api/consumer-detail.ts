// Burrow's consumer detail (`GET /v3/kafka/(cluster)/consumer/(group)`): per topic, an
// array indexed by partition id, each entry the partition's ring of samples (oldest first,
// `intervals` long, unfilled slots null and first), its owner and its `current-lag`
// (hyphenated, unlike the status objects). Partitions of the topic the group has no entry
// for are Burrow's empty entries, so that the index stays the partition id.
import { toBurrowConsumerOffset, type BurrowConsumerOffset } from '../status/burrow-json.js';
import type { GroupWindow } from '../status/index.js';

export interface BurrowConsumerPartition {
  offsets: (BurrowConsumerOffset | null)[];
  owner: string;
  client_id: string;
  'current-lag': number;
}

const empty = (): BurrowConsumerPartition => ({
  offsets: [],
  owner: '',
  client_id: '',
  'current-lag': 0,
});

/**
 * `partitionCount(topic)`: how many partitions the topic has (0 when unknown); the array is
 * at least that long, and long enough for every partition the group has.
 */
export function consumerTopics(
  window: GroupWindow,
  intervals: number,
  partitionCount: (topic: string) => number,
): Record<string, BurrowConsumerPartition[]> {
  const topics: Record<string, BurrowConsumerPartition[]> = {};
  // The window's partitions are sorted by topic, then partition.
  for (const p of window.partitions) {
    let list = topics[p.topic];
    if (!list) {
      list = [];
      topics[p.topic] = list;
      for (let i = 0; i < partitionCount(p.topic); i++) list.push(empty());
    }
    while (list.length <= p.partition) list.push(empty());
    const samples = p.samples.slice(-intervals);
    list[p.partition] = {
      offsets:
        samples.length === 0
          ? []
          : [
              ...new Array<null>(intervals - samples.length).fill(null),
              ...samples.map(toBurrowConsumerOffset),
            ],
      owner: p.owner ?? '',
      client_id: p.clientId ?? '',
      'current-lag': p.currentLag,
    };
  }
  return topics;
}
