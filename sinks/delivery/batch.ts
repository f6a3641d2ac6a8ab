// The batch the delivery loop works on, and how the next one is made: from the spool
// first (its items are the oldest), else from memory once a batch is due (full, its
// oldest item has waited batch.flushIntervalMs, or someone is flushing or closing).
import type { BufferPool } from './buffer-pool.js';
import { ItemPart } from './item-part.js';
import { splitParts } from './item-queue.js';
import type { ItemQueue } from './item-queue.js';
import type { Spool, SpoolRead } from './spool.js';

/**
 * Up to `concurrency` requests' worth of items, split in parts of one request each.
 * `pending` parts wait to be sent (split halves and retries go back here), `sending`
 * parts are in flight.
 */
export interface Batch {
  from: 'memory' | 'spool';
  /** Set once the batch is in the spool: acknowledging it moves the spool's head. */
  read: SpoolRead | null;
  pending: ItemPart[];
  sending: ItemPart[];
  /** When its oldest item was queued (for a memory batch: how long it has been held). */
  oldestAt: number;
  /** The parts' Buffers from the pool, to give back once the batch is done with. */
  readonly buffers: Buffer[];
}

export interface BatchLimits {
  readonly maxItems: number;
  readonly maxBytes: number;
  readonly flushIntervalMs: number;
}

/** The next batch to send, or null when nothing is due. */
export function nextBatch(
  memory: ItemQueue,
  spool: Spool | null,
  limits: BatchLimits,
  concurrency: number,
  hurry: boolean,
  pool: BufferPool,
): Batch | null {
  const { maxItems, maxBytes, flushIntervalMs } = limits;
  if (spool !== null && spool.items > 0) {
    const read = spool.read(maxItems * concurrency, maxBytes * concurrency);
    if (read !== null) {
      const pending = splitParts(read.items, maxItems, maxBytes).map((part) => ItemPart.of(part));
      return { from: 'spool', read, pending, sending: [], oldestAt: Date.now(), buffers: [] };
    }
  }
  const full = (): boolean => memory.length >= maxItems || memory.bytes >= maxBytes;
  const due = hurry || full() || Date.now() - (memory.oldestAt ?? 0) >= flushIntervalMs;
  if (memory.length === 0 || !due) return null;
  const oldestAt = memory.oldestAt ?? Date.now();
  // The first part as it is; more parts only when full (or in a hurry), to keep batches big.
  const buffers: Buffer[] = [];
  const allocate = (bytes: number): Buffer => {
    const buf = pool.take(bytes);
    buffers.push(buf);
    return buf;
  };
  const pending = [memory.takePart(maxItems, maxBytes, allocate)];
  while (pending.length < concurrency && memory.length > 0 && (hurry || full())) {
    pending.push(memory.takePart(maxItems, maxBytes, allocate));
  }
  return { from: 'memory', read: null, pending, sending: [], oldestAt, buffers };
}

/** Items of a batch not yet stored or rejected: in flight, then waiting. */
export function remaining(batch: Batch): string[] {
  return [...batch.sending, ...batch.pending].flatMap((part) => part.strings());
}

/** Items of the batch still to deliver, if it came from `from`. */
export function countPending(batch: Batch | null, from: Batch['from']): number {
  if (batch === null || batch.from !== from) return 0;
  let n = 0;
  for (const part of batch.sending) n += part.length;
  for (const part of batch.pending) n += part.length;
  return n;
}
