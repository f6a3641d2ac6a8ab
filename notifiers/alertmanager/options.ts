// The Alertmanager notifier: Alertmanager's API v2 (`POST <url>/api/v2/alerts`). An
// incident is one alert whose labels never change while it lasts (alertname, cluster,
// group, severity from the threshold, the notifier's `labels`); its annotations come from
// templates. Open and update post it with endsAt = now + 4 x interval, re-posted every
// `interval` (Prometheus' own habit), so an alert resolves by itself if lagwatch stops;
// a close posts endsAt = the close time.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { durationMs, envVarName, filePath, httpUrl } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape, policyShape } from '../options.js';
import { templateSource } from '../template.js';

export const DEFAULT_ANNOTATIONS = {
  summary: '{{summary}}',
  description:
    '{{#if fault}}{{fault}}{{else}}status {{status}}, total lag {{totalLag}}{{#if worst}}; worst partition {{worst.topic}}/{{worst.partition}} {{worst.status}}: {{worst.reason}}{{/if}}{{/if}}',
};

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, {
  error: 'expected a Prometheus label name (letters, digits and "_", not starting with a digit)',
});

export const alertmanagerNotifierSchema = z
  .strictObject({
    type: z.literal('alertmanager'),
    ...policyShape,
    /** Re-posted this often while open: keep it well below Alertmanager's resolve_timeout. */
    interval: durationMs(1_000).default(60_000),
    /** An alert must be re-posted to stay firing: one post per incident cannot work. */
    sendOnce: z
      .literal(false, { error: 'expected false: Alertmanager needs alerts re-posted' })
      .default(false),
    ...deliveryShape,
    /** Alertmanager's base address, e.g. http://alertmanager:9093. */
    url: httpUrl,
    alertname: z.string().min(1).default('KafkaConsumerGroupLag'),
    labels: z.record(labelName, z.string()).default({}),
    annotations: z.record(labelName, templateSource).default(DEFAULT_ANNOTATIONS),
    /** Sent as `Authorization: Bearer <token>` (a proxy in front of Alertmanager). */
    tokenEnv: envVarName.optional(),
    tokenFile: filePath.optional(),
  })
  .superRefine((value, ctx) => checkSecretPair(value, 'token', false, ctx));

export type AlertmanagerNotifierConfig = DeepReadonly<z.output<typeof alertmanagerNotifierSchema>>;
