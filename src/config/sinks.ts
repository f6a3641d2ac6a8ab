// Where evaluations go: a list of sinks, told apart by `type`. Each sink has a name (its
// type unless given; names must be unique) and the shared delivery settings.
import { z } from 'zod';
import { deliveryShape } from './delivery.js';
import { envVarName, filePath, httpUrl, name, readableFile } from './fields.js';
import { checkSecretPair } from './secrets.js';

const stdoutSink = z.strictObject({
  type: z.literal('stdout'),
  name: name.default('stdout'),
  ...deliveryShape,
});

const influxCommon = {
  type: z.literal('influxdb'),
  name: name.default('influxdb'),
  url: httpUrl,
  /** `telegraf-burrow` writes what Telegraf's inputs.burrow writes. */
  schema: z.enum(['default', 'telegraf-burrow']).default('default'),
  ...deliveryShape,
};

/** InfluxDB 2.x, 3.x and 1.8+ through /api/v2/write. */
const influxV2Sink = z
  .strictObject({
    ...influxCommon,
    api: z.literal('v2').default('v2'),
    org: z.string().min(1),
    bucket: z.string().min(1),
    tokenEnv: envVarName.optional(),
    tokenFile: filePath.optional(),
  })
  .superRefine((sink, ctx) => checkSecretPair(sink, 'token', true, ctx));

/** InfluxDB 1.x through /write. */
const influxV1Sink = z
  .strictObject({
    ...influxCommon,
    api: z.literal('v1'),
    database: z.string().min(1),
    retentionPolicy: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    passwordEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
  })
  .superRefine((sink, ctx) => {
    checkSecretPair(sink, 'password', sink.username !== undefined, ctx);
    if (sink.username === undefined && (sink.passwordEnv ?? sink.passwordFile) !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'expected a username with the password',
      });
    }
  });

const influxSink = z.discriminatedUnion('api', [influxV2Sink, influxV1Sink]);

const elasticsearchSink = z
  .strictObject({
    type: z.literal('elasticsearch'),
    name: name.default('elasticsearch'),
    nodes: z.array(httpUrl).min(1),
    username: z.string().min(1).optional(),
    passwordEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
    apiKeyEnv: envVarName.optional(),
    apiKeyFile: filePath.optional(),
    indexPrefix: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]*$/,
        'expected an index name prefix: lower-case letters, digits, ".", "_" or "-"',
      )
      .default('lagwatch'),
    /** daily indices behind an alias, or a data stream where the cluster has them. */
    indexMode: z.enum(['daily', 'data-stream']).default('daily'),
    /** Install the index template when lagwatch starts (else: `lagwatch setup`). */
    setupOnStart: z.boolean().default(false),
    /** CA certificate for https nodes with a private CA. */
    caFile: readableFile.optional(),
    ...deliveryShape,
  })
  .superRefine((sink, ctx) => {
    const hasPassword = (sink.passwordEnv ?? sink.passwordFile) !== undefined;
    checkSecretPair(sink, 'password', sink.username !== undefined, ctx);
    checkSecretPair(sink, 'apiKey', false, ctx);
    if (sink.username === undefined && hasPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'expected a username with the password',
      });
    }
    if (sink.username !== undefined && (sink.apiKeyEnv ?? sink.apiKeyFile) !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [sink.apiKeyEnv === undefined ? 'apiKeyFile' : 'apiKeyEnv'],
        message: 'expected one kind of authentication: username + password, or an API key',
        params: { found: 'both' },
      });
    }
  });

export const sinkSchema = z.discriminatedUnion('type', [stdoutSink, influxSink, elasticsearchSink]);
