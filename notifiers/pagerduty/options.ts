// The PagerDuty notifier: Events API v2. An open or update is a `trigger`, a close a
// `resolve`, both with the same dedup_key (notifier and incident), so PagerDuty keeps one
// alert per incident. The routing key is a secret (routingKeyEnv or routingKeyFile).
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { envVarName, filePath, httpUrl } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape, policyShape } from '../options.js';
import { templateSource } from '../template.js';

export const pagerdutyNotifierSchema = z
  .strictObject({
    type: z.literal('pagerduty'),
    ...policyShape,
    ...deliveryShape,
    /** The Events API; another address only for a proxy (or a test receiver). */
    url: httpUrl.default('https://events.pagerduty.com/v2/enqueue'),
    routingKeyEnv: envVarName.optional(),
    routingKeyFile: filePath.optional(),
    summary: templateSource.default('{{summary}}'),
    /** PagerDuty's `source`: where the problem is. */
    source: templateSource.default('{{cluster}}'),
  })
  .superRefine((value, ctx) => checkSecretPair(value, 'routingKey', true, ctx));

export type PagerdutyNotifierConfig = DeepReadonly<z.output<typeof pagerdutyNotifierSchema>>;
