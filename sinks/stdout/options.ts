// The stdout sink's options: a name and the delivery keys every sink takes.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { name } from '../../src/contract/option-fields.js';
import { deliveryShape } from '../delivery/options.js';

export const stdoutSinkSchema = z.strictObject({
  type: z.literal('stdout'),
  name: name.default('stdout'),
  ...deliveryShape,
});

export type StdoutSinkConfig = DeepReadonly<z.output<typeof stdoutSinkSchema>>;
