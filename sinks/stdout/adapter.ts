// The stdout sink as sinks/adapters.ts lists it.
import type { SinkAdapter } from '../adapter.js';
import { stdoutSinkSchema, type StdoutSinkConfig } from './options.js';
import { StdoutSink } from './stdout-sink.js';

export const stdoutAdapter: SinkAdapter<'stdout', StdoutSinkConfig> = {
  type: 'stdout',
  schema: stdoutSinkSchema,
  create: (config, context) => new StdoutSink({ name: config.name, out: context.stdout }),
};
