// The email notifier: SMTP through nodemailer, subject and body from templates. The
// password is a secret (passwordEnv or passwordFile), with `username`.
import { z } from 'zod';
import type { DeepReadonly } from '../../src/contract/freeze.js';
import { envVarName, expect, filePath } from '../../src/contract/option-fields.js';
import { checkSecretPair } from '../../src/contract/secrets.js';
import { deliveryShape, policyShape } from '../options.js';
import { templateSource } from '../template.js';

const address = z.string().regex(/^[^\s@]+@[^\s@]+$/, expect('an email address (name@domain)'));

export const DEFAULT_EMAIL_BODY = `{{summary}}

Status: {{status}}{{#if closeReason}} (closed: {{closeReason}}){{/if}}
Cluster: {{cluster}}
{{#if group}}Group: {{group}}
Total lag: {{totalLag}}
{{/if}}{{#if worst}}Worst partition: {{worst.topic}}/{{worst.partition}} {{worst.status}}, lag {{worst.currentLag}}
Why: {{worst.reason}}
{{/if}}{{#if fault}}Why: {{fault}}
{{/if}}Opened: {{openedAt}}
{{#if closedAt}}Closed: {{closedAt}}
{{/if}}{{#if link}}
{{link}}
{{/if}}`;

export const emailNotifierSchema = z
  .strictObject({
    type: z.literal('email'),
    ...policyShape,
    ...deliveryShape,
    host: z.string().min(1),
    port: z.int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    username: z.string().min(1).optional(),
    passwordEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
    from: address,
    to: z.array(address).min(1),
    subject: templateSource.default('{{summary}}'),
    body: templateSource.default(DEFAULT_EMAIL_BODY),
  })
  .superRefine((value, ctx) =>
    checkSecretPair(value, 'password', value.username !== undefined, ctx),
  );

export type EmailNotifierConfig = DeepReadonly<z.output<typeof emailNotifierSchema>>;
