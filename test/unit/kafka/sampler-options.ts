// The sampler's options as the unit tests give them: no filter, four requests at once, a
// second's deadline, a silent logger; `extra` sets any of them.
import type { SamplerOptions } from '../../../src/kafka/sampler.js';
import { createLogger } from '../../../src/log.js';

export const samplerOptions = (extra: Partial<SamplerOptions> = {}): SamplerOptions => ({
  cluster: 'c',
  groups: { allow: [], deny: [] },
  topics: { allow: [], deny: [] },
  concurrency: 4,
  deadlineMs: 1000,
  logger: createLogger('silent'),
  ...extra,
});
