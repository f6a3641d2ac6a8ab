// Every kind of sink lagwatch has. The config's `sinks:` list is validated against the
// union of their schemas, and each entry is built by the adapter of its `type`.
// A new sink: a folder with options.ts, the sink and adapter.ts, and one line in each
// list below.
import { z } from 'zod';
import type { Sink } from '../src/contract/sink.js';
import type { SinkContext } from './adapter.js';
import { elasticsearchAdapter } from './elasticsearch/adapter.js';
import { elasticsearchSinkSchema } from './elasticsearch/options.js';
import { influxDbAdapter } from './influxdb/adapter.js';
import { influxDbSinkSchema } from './influxdb/options.js';
import { stdoutAdapter } from './stdout/adapter.js';
import { stdoutSinkSchema } from './stdout/options.js';
import type { DeepReadonly } from '../src/contract/freeze.js';

/** One entry of the config's `sinks:` list, told apart by `type`. */
export const sinkSchema = z.discriminatedUnion('type', [
  stdoutSinkSchema,
  influxDbSinkSchema,
  elasticsearchSinkSchema,
]);

export type SinkConfig = DeepReadonly<z.output<typeof sinkSchema>>;
export type SinkType = SinkConfig['type'];

const adapters = [stdoutAdapter, influxDbAdapter, elasticsearchAdapter] as const;

/** Builds one sink with the adapter of its type. */
export function buildSink(config: SinkConfig, context: SinkContext): Sink {
  const adapter = adapters.find((a) => a.type === config.type);
  if (adapter === undefined) throw new TypeError(`no sink adapter for type ${config.type}`);
  // The schema's union and the adapters' list are kept in step above: the adapter found
  // for config.type takes that type's config.
  return (adapter.create as (c: SinkConfig, x: SinkContext) => Sink)(config, context);
}
