// The Elasticsearch sink's options: nodes, credentials, where documents go, and the
// delivery keys every sink takes.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import {
  envVarName,
  filePath,
  httpUrl,
  name,
  readableFile,
} from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape } from '../delivery/options.js';

export const elasticsearchSinkSchema = z
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

export type ElasticsearchSinkConfig = DeepReadonly<z.output<typeof elasticsearchSinkSchema>>;
