// The Slack notifier: an incoming webhook (its URL is a secret: urlEnv or urlFile) and a
// message in blocks — status, group, cluster, total lag, lag seconds, the worst partition
// and its reason, a link to the group in lagwatch — with `text` as the notification's
// fallback line (a template).
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { envVarName, filePath } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape, policyShape } from '../options.js';
import { templateSource } from '../template.js';

export const slackNotifierSchema = z
  .strictObject({
    type: z.literal('slack'),
    ...policyShape,
    ...deliveryShape,
    /** The incoming webhook's URL holds its credential: from env or a file only. */
    urlEnv: envVarName.optional(),
    urlFile: filePath.optional(),
    text: templateSource.default('{{summary}}'),
  })
  .superRefine((value, ctx) => checkSecretPair(value, 'url', true, ctx));

export type SlackNotifierConfig = DeepReadonly<z.output<typeof slackNotifierSchema>>;
