// How every sink delivers, whatever its kind: batching, retry, the in-memory queue and
// the disk spool beyond it. Shared by all sink schemas so the defaults live only here.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { byteSize, durationMs, filePath } from '../../src/contract/option-fields.js';

export const batchSchema = z
  .strictObject({
    maxItems: z.int().min(1).default(5_000),
    maxBytes: byteSize(1).default(1_000_000),
    flushIntervalMs: durationMs(1).default(1_000),
  })
  .prefault({});

export const retrySchema = z
  .strictObject({
    initialDelayMs: durationMs(1).default(500),
    maxDelayMs: durationMs(1).default(30_000),
    /** Give up on a batch (spool it) after retrying this long. */
    maxRetryTimeMs: durationMs(0).default(300_000),
  })
  .superRefine((retry, ctx) => {
    if (retry.initialDelayMs > retry.maxDelayMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxDelayMs'],
        message: `expected at least initialDelayMs (${retry.initialDelayMs} ms)`,
        params: { found: `${retry.maxDelayMs} ms` },
      });
    }
  })
  .prefault({});

export const queueSchema = z
  .strictObject({
    maxItems: z.int().min(1).default(100_000),
  })
  .prefault({});

export const spoolSchema = z
  .strictObject({
    /** No dir: no spool; what the full queue cannot hold is dropped (and counted). */
    dir: filePath.optional(),
    maxBytes: byteSize(1).default(100_000_000),
    /**
     * While the server cannot be reached, items waiting in memory longer than this move to
     * the spool: a crash during an outage loses at most this much, never the backlog.
     */
    flushIntervalMs: durationMs(1).default(1_000),
  })
  .prefault({});

/** The delivery keys every sink takes. */
export const deliveryShape = {
  batch: batchSchema,
  retry: retrySchema,
  queue: queueSchema,
  spool: spoolSchema,
};

export type BatchConfig = DeepReadonly<z.output<typeof batchSchema>>;
export type RetryConfig = DeepReadonly<z.output<typeof retrySchema>>;
export type QueueConfig = DeepReadonly<z.output<typeof queueSchema>>;
export type SpoolConfig = DeepReadonly<z.output<typeof spoolSchema>>;
