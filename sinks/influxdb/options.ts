// The InfluxDB sink's options: API v2 (token, org, bucket) or v1 (database, user), the
// schema it writes, and the delivery keys every sink takes.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { envVarName, filePath, httpUrl, name } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape } from '../delivery/options.js';

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

export const influxDbSinkSchema = z.discriminatedUnion('api', [influxV2Sink, influxV1Sink]);

export type InfluxDbSinkConfig = DeepReadonly<z.output<typeof influxDbSinkSchema>>;
export type InfluxDbV2SinkConfig = Extract<InfluxDbSinkConfig, { api: 'v2' }>;
export type InfluxDbV1SinkConfig = Extract<InfluxDbSinkConfig, { api: 'v1' }>;
