// The whole config: one schema, every default written here or in the schemas it uses
// (cluster.ts; each sink's in its folder under sinks/). Parsing it normalises: durations to ms, regexes
// compiled, paths absolute, `ssl: true` to a mapping, sinks named.
import { z } from 'zod';
import { clusterSchema } from './cluster.js';
import { durationMs, envVarName, filePath, readableFile } from '../contract/option-fields.js';
import { cronExpression, listenAddress } from './fields.js';
import { namedLists } from './schema-walk.js';
import { checkSecretPair } from '../contract/secrets.js';
import { sinkSchema } from '../../sinks/index.js';
import { notifierSchema } from '../../notifiers/index.js';

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

const windowSchema = z
  .strictObject({
    /** Samples kept per group-partition (Burrow's storage intervals). */
    intervals: z.int().min(1).default(10),
    /** Drop a group not seen for this long. `expireGroupAfterMs` is the same, for round trips. */
    expireGroupAfter: durationMs(1).optional(),
    expireGroupAfterMs: durationMs(1).optional(),
    /** (log-end offset, time) points kept per topic-partition, for lag in seconds. */
    endOffsetHistory: z.int().min(2).default(60),
  })
  .superRefine((window, ctx) => {
    if (window.expireGroupAfter !== undefined && window.expireGroupAfterMs !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expireGroupAfterMs'],
        message: 'expected expireGroupAfter or expireGroupAfterMs, not both',
      });
    }
  })
  .transform(({ intervals, expireGroupAfter, expireGroupAfterMs, endOffsetHistory }) => ({
    intervals,
    expireGroupAfterMs: expireGroupAfterMs ?? expireGroupAfter ?? SEVEN_DAYS_MS,
    endOffsetHistory,
  }))
  .prefault({});

const evaluatorSchema = z
  .strictObject({
    /** Lag in messages that still counts as caught up (Burrow's allowed-lag). */
    allowedLag: z.int().min(0).default(0),
    /** Windows less full than this are not judged (Burrow's minimum-complete). */
    minimumComplete: z.number().min(0).max(1).default(0),
    /** lagwatch's rules for polled samples, or Burrow's case for case (src/status/RULES.md). */
    rules: z.enum(['lagwatch', 'burrow']).default('lagwatch'),
    /** lagwatch's rules: samples a window needs before it can be WARN or STALL. */
    minimumSamples: z.int().min(1).default(5),
  })
  .prefault({});

const samplerSchema = z
  .strictObject({
    /** Broker requests in flight at once per cluster. */
    concurrency: z.int().min(1).default(8),
    /**
     * Groups per batched request (FindCoordinator v4+, OffsetFetch v8+, DescribeGroups,
     * ConsumerGroupDescribe): a tick costs about groups / this requests per coordinator.
     */
    groupsPerRequest: z.int().min(1).max(10_000).default(1000),
  })
  .prefault({});

/** HTTPS instead of HTTP: the certificate (chain) and its key, PEM files read at start. */
const apiTlsSchema = z.strictObject({
  certFile: readableFile,
  keyFile: readableFile,
});

const apiSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    listen: listenAddress.default('127.0.0.1:8000'),
    tls: apiTlsSchema.optional(),
    /** Without an admin token, DELETE and POST answer 403. */
    adminTokenEnv: envVarName.optional(),
    adminTokenFile: filePath.optional(),
    /** With a read token, reads need it (or the admin token) too; the probes do not. */
    readTokenEnv: envVarName.optional(),
    readTokenFile: filePath.optional(),
    requestTimeoutMs: durationMs(1).default(10_000),
  })
  .superRefine((api, ctx) => {
    checkSecretPair(api, 'adminToken', false, ctx);
    checkSecretPair(api, 'readToken', false, ctx);
  })
  .prefault({});

const stateSchema = z
  .strictObject({
    /** Where windows, latest evaluations and incidents survive a restart; absent: not kept. */
    dir: filePath.optional(),
    /** Least time between two writes of the state; 0: after every tick. */
    persistIntervalMs: durationMs(0).default(0),
  })
  .prefault({});

const logSchema = z
  .strictObject({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
    /** auto: text on a terminal, JSON when piped or redirected. */
    format: z.enum(['auto', 'json', 'text']).default('auto'),
  })
  .prefault({});

const clusterList = z.array(clusterSchema).min(1);
namedLists.add(clusterList, { itemKey: 'name' });

const sinkList = z.array(sinkSchema);
namedLists.add(sinkList, { itemKey: 'name', fallbackKey: 'type' });

const notifierList = z.array(notifierSchema);
namedLists.add(notifierList, { itemKey: 'name' });

/** Issues for names used twice in a list; runs even when other values are wrong. */
function checkUniqueNames(list: unknown, what: string, ctx: z.core.$RefinementCtx, key: string) {
  if (!Array.isArray(list)) return;
  const firstIndex = new Map<string, number>();
  list.forEach((item: unknown, index) => {
    const value = (item as Record<string, unknown> | null)?.name;
    if (typeof value !== 'string') return;
    const first = firstIndex.get(value);
    if (first === undefined) firstIndex.set(value, index);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [key, index, 'name'],
        message: `expected a name no other ${what} has (${key}[${first}] is also named "${value}")`,
        params: { found: JSON.stringify(value) },
      });
    }
  });
}

export const configSchema = z
  .strictObject({
    clusters: clusterList,
    /** When ticks run: node-cron, with a seconds field. */
    schedule: cronExpression.default('*/30 * * * * *'),
    /** Deadline of one cluster's tick. */
    tickTimeoutMs: durationMs(1).default(25_000),
    sampler: samplerSchema,
    window: windowSchema,
    evaluator: evaluatorSchema,
    /** Absent: one stdout sink. An empty list is allowed (no sinks). */
    sinks: sinkList.prefault([{ type: 'stdout' }]),
    /** Where incidents are sent (src/alerts/); absent or []: no alerts. */
    notifiers: notifierList.default([]),
    api: apiSchema,
    state: stateSchema,
    log: logSchema,
  })
  .superRefine(
    (config, ctx) => {
      const raw = config as Partial<Record<string, unknown>>;
      checkUniqueNames(raw.clusters, 'cluster', ctx, 'clusters');
      checkUniqueNames(raw.sinks, 'sink', ctx, 'sinks');
      checkUniqueNames(raw.notifiers, 'notifier', ctx, 'notifiers');
    },
    { when: () => true },
  );

/** What the YAML file holds, before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
/** The parsed config, before freezing (see types.ts for the frozen types). */
export type ParsedConfig = z.output<typeof configSchema>;
