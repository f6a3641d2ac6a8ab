// The webhook notifier: any URL, method and headers for open and close (Burrow's url-open,
// url-close, method-open, method-close), the body from a template. The smallest config is
// `{name: ops, type: webhook, url: http://...}`: open, update and close all POST the
// notification as JSON to `url`.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { envVarName, filePath, httpUrl } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape, policyShape } from '../options.js';
import { templateSource } from '../template.js';

/** The whole notification as JSON (see README "Alerts" for its fields). */
export const DEFAULT_WEBHOOK_BODY = '{{json this}}';

const method = z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']);

export const webhookNotifierSchema = z
  .strictObject({
    type: z.literal('webhook'),
    ...policyShape,
    ...deliveryShape,
    url: httpUrl,
    /** Where closes go; absent: `url`. */
    urlClose: httpUrl.optional(),
    methodOpen: method.default('POST'),
    methodClose: method.default('POST'),
    headers: z.record(z.string(), z.string()).default({}),
    contentType: z.string().min(1).default('application/json'),
    body: templateSource.default(DEFAULT_WEBHOOK_BODY),
    /** Sent as `Authorization: Bearer <token>`. */
    tokenEnv: envVarName.optional(),
    tokenFile: filePath.optional(),
  })
  .superRefine((value, ctx) => checkSecretPair(value, 'token', false, ctx));

export type WebhookNotifierConfig = DeepReadonly<z.output<typeof webhookNotifierSchema>>;
