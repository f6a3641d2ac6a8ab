// The email notifier against the stack's real SMTP server (aiosmtpd): an open and a close
// of an incident arrive in the Maildir with the subject and body from the templates.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { createNotifiers, type Notification } from '../../../notifiers/index.js';
import { parseConfig } from '../../../src/config/index.js';
import type { Incident } from '../../../src/contract/incident.js';
import { alertStack } from '../../helpers/alert-receivers.js';
import { uniqueName } from '../../helpers/names.js';
import { waitFor } from '../../helpers/stack-control.js';

test('open and close reach the mailbox of a real SMTP server', { timeout: 60_000 }, async () => {
  const { smtpPort, smtpMailbox } = alertStack();
  const group = uniqueName('mail-group');
  const config = parseConfig(
    `clusters: [{name: local, brokers: ['127.0.0.1:9092']}]
notifiers:
  - {name: mail, type: email, host: 127.0.0.1, port: ${smtpPort}, from: lagwatch@example.invalid, to: [oncall@example.invalid]}
`,
    { env: {} },
  );
  const [mail] = createNotifiers(config.notifiers, { logger: pino({ level: 'silent' }), env: {} });
  assert.ok(mail);
  const incident: Incident = {
    id: `local/${group}`,
    notifier: 'mail',
    subject: 'group',
    cluster: 'local',
    group,
    status: 'ERR',
    totalLag: 77,
    worst: {
      topic: 't',
      partition: 0,
      status: 'STOP',
      currentLag: 77,
      timeLagMs: null,
      reason: 'no members',
    },
    fault: null,
    openedAt: Date.now(),
    updatedAt: Date.now(),
    closedAt: null,
    closeReason: null,
  };
  const open: Notification = { kind: 'open', incident, at: Date.now(), seq: 1, reminder: false };
  const close: Notification = {
    kind: 'close',
    incident: { ...incident, status: 'OK', closedAt: Date.now(), closeReason: 'healed' },
    at: Date.now(),
    seq: 2,
    reminder: false,
  };
  mail.send(open);
  mail.send(close);
  assert.deepEqual(await mail.close(20_000), { kind: 'ok' });
  const mails = (): string[] =>
    readdirSync(join(smtpMailbox, 'new'))
      .map((f) => readFileSync(join(smtpMailbox, 'new', f), 'utf8').replace(/\r?\n[ \t]+/g, ' ')) // unfold headers
      .filter((text) => text.includes(group));
  await waitFor('two mails in the mailbox', () => mails().length === 2, 10_000);
  const [first, second] = mails().sort((a, b) =>
    a.includes('X-Lagwatch-Kind: open') ? -1 : b.includes('X-Lagwatch-Kind: open') ? 1 : 0,
  );
  assert.match(first ?? '', new RegExp(`Subject: \\[ERR\\] group ${group} on cluster local`));
  assert.match(first ?? '', /Worst partition: t\/0 STOP, lag 77/);
  assert.match(first ?? '', /To: oncall@example\.invalid/);
  assert.match(
    second ?? '',
    new RegExp(`Subject: \\[RESOLVED\\] group ${group} on cluster local \\(healed\\)`),
  );
});
