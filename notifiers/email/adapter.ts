// Builds the email transport: one mail per notification through nodemailer's SMTP client.
// A 4xx reply or no connection is worth trying again; a 5xx reply refuses the mail.
// nodemailer (~14 MiB of RSS) is loaded when the first email notifier is built, so a
// config without one never loads it (src/contract/library.ts says how and why).
import type * as Nodemailer from 'nodemailer';
import { ErrorCode } from '../../src/contract/errors.js';
import { loadLibrary } from '../../src/contract/library.js';
import type { NotificationTransport } from '../../src/contract/notifier.js';
import type { Outcome } from '../../src/contract/outcome.js';
import type { NotifierAdapter } from '../adapter.js';
import { notifierSecret } from '../notifier-secret.js';
import { compileTemplate } from '../template.js';
import { templateContext } from '../template-context.js';
import { emailNotifierSchema, type EmailNotifierConfig } from './options.js';

function smtpOutcome(error: unknown): Outcome {
  const e = error as { responseCode?: number; message?: string };
  const text = e.message ?? String(error);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return { kind: 'failed', code: ErrorCode.NOTIFIER_REJECTED, error: text };
  }
  return {
    kind: 'retryable',
    code: ErrorCode.NOTIFIER_UNREACHABLE,
    error: text,
    retryAfterMs: null,
  };
}

export const emailAdapter: NotifierAdapter<'email', EmailNotifierConfig> = {
  type: 'email',
  schema: emailNotifierSchema,
  create(config, context): NotificationTransport {
    const password = notifierSecret(config.name, config, 'password', context.env);
    const nodemailer = loadLibrary<typeof Nodemailer>('nodemailer', 'an email notifier');
    const smtp = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      ...(config.username === undefined
        ? {}
        : { auth: { user: config.username, pass: password ?? '' } }),
    });
    const subject = compileTemplate(config.subject);
    const body = compileTemplate(config.body);
    return {
      async deliver(notification) {
        const c = templateContext(notification, config);
        try {
          await smtp.sendMail({
            from: config.from,
            to: [...config.to],
            subject: subject(c).replace(/[\r\n]+/g, ' '),
            text: body(c),
            headers: {
              'X-Lagwatch-Incident': notification.incident.id,
              'X-Lagwatch-Kind': notification.kind,
            },
          });
          return { kind: 'ok' };
        } catch (error) {
          return smtpOutcome(error);
        }
      },
    };
  },
};
