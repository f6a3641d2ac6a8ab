// One Kafka cluster: where it is, how to reach it (TLS, SASL), what to watch.
import { z } from 'zod';
import {
  durationMs,
  envVarName,
  expect,
  filePath,
  name,
  readableFile,
} from '../contract/option-fields.js';
import { brokerAddress } from './fields.js';
import { nameFilterSchema } from './name-filter.js';
import { checkSecretPair } from '../contract/secrets.js';

const sslFiles = z
  .strictObject({
    ca: readableFile.optional(),
    cert: readableFile.optional(),
    key: readableFile.optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .superRefine((ssl, ctx) => {
    if ((ssl.cert === undefined) !== (ssl.key === undefined)) {
      const missing = ssl.cert === undefined ? 'cert' : 'key';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'expected cert and key together (a client certificate needs its key)',
      });
    }
  });

/** `true` -> TLS with the system CAs; a mapping -> TLS with these files; false/absent -> none. */
const ssl = z
  .union(
    [z.boolean(), sslFiles],
    expect('true, false, or a mapping of ca, cert, key, rejectUnauthorized'),
  )
  .optional()
  .transform((value) =>
    value === true ? sslFiles.parse({}) : value === false ? undefined : value,
  );

const sasl = z
  .strictObject({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
    username: z.string().min(1),
    passwordEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
  })
  .superRefine((value, ctx) => checkSecretPair(value, 'password', true, ctx));

export const clusterSchema = z.strictObject({
  name,
  brokers: z.array(brokerAddress).min(1),
  clientId: z.string().min(1).default('lagwatch'),
  requestTimeoutMs: durationMs(1).default(10_000),
  connectionTimeoutMs: durationMs(1).default(3_000),
  ssl,
  sasl: sasl.optional(),
  groups: nameFilterSchema,
  topics: nameFilterSchema,
  /**
   * Where samples come from: `poll` (one per tick, the committed offset the tick reads) or
   * `commits` (one per commit read from __consumer_offsets, at the commit's own time:
   * Burrow's input). `commits` falls back to `poll` where the topic cannot be read.
   */
  offsets: z.enum(['poll', 'commits']).default('poll'),
  /** Commits mode: Burrow's min-distance, the least time between two samples kept. */
  commitMinDistanceMs: durationMs(0).default(1000),
});
