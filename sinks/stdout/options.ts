// The stdout sink's options: a name, nothing else. It writes each report at once to a
// local stream, so the delivery keys of the network sinks (batch, retry, queue, spool)
// would mean nothing here; given, they are config errors rather than silently ignored.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { name } from '../../src/contract/option-fields.js';

/** A key the stdout sink refuses, with the reason in the message. */
const refused = (key: string) =>
  z
    .never({
      error: `expected no ${key}: the stdout sink writes each report at once (no batch, retry, queue or spool)`,
    })
    .optional();

export const stdoutSinkSchema = z.strictObject({
  type: z.literal('stdout'),
  name: name.default('stdout'),
  batch: refused('batch'),
  retry: refused('retry'),
  queue: refused('queue'),
  spool: refused('spool'),
});

export type StdoutSinkConfig = DeepReadonly<z.output<typeof stdoutSinkSchema>>;
