// Alerts with the demo load, on the real stack: `lagwatch demo-load` (a child process, as the
// Compose stack runs it) makes its groups misbehave on Kafka cluster a, while lagwatch (built
// in this process, ticking every second, windows of 5 samples) sends to five notifiers at
// once: a webhook, Slack (its URL from a file) and PagerDuty (its routing key from the
// environment), all three at local receivers, and the stack's Alertmanager and SMTP server.
// - demo-stopped (STOP), demo-stuck (STALL) and demo-rewind (REWIND) open an incident at all
//   five within two ticks of the first report that shows them ERR (ticks counted in the
//   reports); demo-healthy, judged all along, never opens anywhere;
// - demo-rewind, once its rewind has left the window, closes as "healed" everywhere, and
//   demo-stopped, deleted with the admin client (demo-load never deletes), as "deleted";
// - every Slack and PagerDuty body is application/json with the documented fields, equal to
//   what the report that opened the incident says.
// One scenario in one file (a little over 300 lines), so that its steps read in order.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { worstPartition } from '../../../src/alerts/worst-partition.js';
import { buildApp, type App } from '../../../src/app/app.js';
import { parseConfig } from '../../../src/config/index.js';
import type { EvaluationReport, GroupStatus } from '../../../src/contract/report.js';
import { createLogger } from '../../../src/log.js';
import { MemorySink, SinkFanout } from '../../../sinks/index.js';
import {
  alertStack,
  httpReceiver,
  maildirMails,
  watchAlertmanager,
} from '../../helpers/alert-receivers.js';
import { deleteDemoGroups, startDemoLoad, type DemoLoadProcess } from '../../helpers/demo-load.js';
import { kafkaFor } from '../../helpers/kafka.js';
import { uniqueName } from '../../helpers/names.js';
import { stackEnv } from '../../helpers/stack.js';
import { waitFor } from '../../helpers/stack-control.js';

const work = mkdtempSync(join(tmpdir(), 'lagwatch-alerts-demo-'));
after(() => rmSync(work, { recursive: true, force: true }));

const STOPPED = 'demo-stopped';
const STUCK = 'demo-stuck';
const REWIND = 'demo-rewind';
const HEALTHY = 'demo-healthy';
const OPENED_BY: Record<string, string> = {
  [STOPPED]: 'STOP',
  [STUCK]: 'STALL',
  [REWIND]: 'REWIND',
};
const NOTIFIERS = ['hook', 'am', 'mail', 'chat', 'pager'] as const;
type NotifierName = (typeof NOTIFIERS)[number];
type Body = Record<string, unknown>;
/** When each notifier's receiver got an incident's open and close (ms), where it has. */
type Arrivals = Record<NotifierName, { open?: number | undefined; close?: number | undefined }>;

const iso = (ms: number): string => new Date(ms).toISOString();
const groupIn = (report: EvaluationReport, group: string): GroupStatus | undefined =>
  report.groups.find((g) => g.group === group);
/** Slack's section fields by label: "*Total lag*\n120" -> { 'Total lag': '120' }. */
function slackFields(body: Body): Record<string, string> {
  const blocks = body.blocks as { type: string; fields?: { text: string }[] }[];
  const fields = blocks.find((b) => b.type === 'section' && b.fields)?.fields ?? [];
  return Object.fromEntries(
    fields.map((f): [string, string] => {
      const [, label = `(unlabelled) ${f.text}`, value = ''] =
        /^\*(.+?)\*\n([\s\S]*)$/.exec(f.text) ?? [];
      return [label, value];
    }),
  );
}

test(
  'demo-load: five notifiers open within two ticks, close healed and deleted groups, never the healthy one',
  { timeout: 240_000 },
  async (t) => {
    const { alertmanagerUrl, smtpPort, smtpMailbox } = alertStack();
    const brokers = stackEnv().kafkaClusters.a!.brokers;
    const [hook, chat, pager] = await Promise.all([
      httpReceiver('/hook'),
      httpReceiver('/services/T0/B0/secret'),
      httpReceiver('/v2/enqueue'),
    ]);
    writeFileSync(join(work, 'slack-url'), `${chat.url}\n`);
    const routingKey = `R${uniqueName('key').replace(/\W/g, '')}`;
    const run = uniqueName('alerts-demo');
    const mailsBefore = new Set(readdirSync(join(smtpMailbox, 'new')));
    // Where users reach this lagwatch (its links point there); the test reads the page itself.
    const lagwatchUrl = 'http://lagwatch.example:8000';

    const kafka = kafkaFor('a');
    const admin = kafka.admin();
    await admin.connect();
    const alertmanager = watchAlertmanager(alertmanagerUrl, { test: run });
    const sink = new MemorySink('memory');
    const reports = sink.reports;
    let demo: DemoLoadProcess | null = null;
    let app: App | null = null;
    try {
      await deleteDemoGroups(admin); // an earlier run's groups would not start afresh
      demo = await startDemoLoad(brokers);
      const notifier = `threshold: ERR, lagwatchUrl: '${lagwatchUrl}'`;
      const yaml = `clusters:
  - name: a
    brokers: [${brokers.join(', ')}]
    groups: { allow: ['^demo-'] }
schedule: '* * * * * *'
window: { intervals: 5 }
api: { listen: '127.0.0.1:0' }
state: { dir: '${join(work, 'state')}' }
notifiers:
  - { name: hook, type: webhook, url: '${hook.url}', ${notifier} }
  - { name: am, type: alertmanager, url: '${alertmanagerUrl}', interval: 30s, labels: { test: '${run}' }, ${notifier} }
  - { name: mail, type: email, host: 127.0.0.1, port: ${smtpPort}, from: lagwatch@example.invalid, to: [oncall@example.invalid], ${notifier} }
  - { name: chat, type: slack, urlFile: '${join(work, 'slack-url')}', ${notifier} }
  - { name: pager, type: pagerduty, url: '${pager.url}', routingKeyEnv: PD_ROUTING_KEY, ${notifier} }
`;
      const built = buildApp(parseConfig(yaml, { env: {} }), {
        logger: createLogger(process.env.LAGWATCH_TEST_LOG_LEVEL ?? 'silent', 2),
        env: { PD_ROUTING_KEY: routingKey },
        sinksFor: (_c, logger) => new SinkFanout([sink], logger),
      });
      assert.equal(built.kind, 'built', JSON.stringify(built));
      app = (built as { app: App }).app;
      const started = await app.start();
      assert.equal(started.kind, 'started', JSON.stringify(started));
      const apiUrl = (started as { apiUrl: string }).apiUrl;

      const hookOf = (g: string) => hook.requests.filter((r) => r.body.group === g);
      const chatOf = (g: string) => chat.requests.filter((r) => slackFields(r.body).Group === g);
      const pagerOf = (g: string) =>
        pager.requests.filter((r) => r.body.dedup_key === `lagwatch/pager/a/${g}`);
      const mailsOf = (g: string) =>
        maildirMails(smtpMailbox, mailsBefore).filter(
          (m) => m.headers.get('x-lagwatch-incident') === `a/${g}`,
        );
      const resolved = (r: { body: Body }) => slackFields(r.body).Status?.startsWith('resolved');
      const arrivals = (g: string): Arrivals => {
        const mails = mailsOf(g);
        const kindOf = (kind: string) =>
          mails.find((m) => m.headers.get('x-lagwatch-kind') === kind)?.at;
        return {
          hook: {
            open: hookOf(g).find((r) => r.body.kind === 'open')?.at,
            close: hookOf(g).find((r) => r.body.kind === 'close')?.at,
          },
          am: alertmanager.activeSpan(g),
          mail: { open: kindOf('open'), close: kindOf('close') },
          chat: {
            open: chatOf(g).find((r) => !resolved(r))?.at,
            close: chatOf(g).find(resolved)?.at,
          },
          pager: {
            open: pagerOf(g).find((r) => r.body.event_action === 'trigger')?.at,
            close: pagerOf(g).find((r) => r.body.event_action === 'resolve')?.at,
          },
        };
      };
      const everywhere = (g: string, what: 'open' | 'close') => () =>
        NOTIFIERS.every((n) => arrivals(g)[n][what] !== undefined);
      /** The tick under way at `at`: the index of the last report taken at or before it. */
      const tickAt = (at: number) => reports.filter((r) => r.takenAt <= at).length - 1;
      const firstErr = (g: string) => reports.findIndex((r) => groupIn(r, g)?.status === 'ERR');

      /** Opens: within two ticks of the first ERR report, each body true to that report. */
      const checkOpens = async (g: string) => {
        const k = firstErr(g);
        const latest = Math.max(...NOTIFIERS.map((n) => arrivals(g)[n].open!));
        // Every tick begun before the last arrival is in `reports`, so none goes uncounted.
        await waitFor('a report after the opens', () => reports.at(-1)!.takenAt > latest, 20_000);
        const lateBy = NOTIFIERS.map((n) => [n, tickAt(arrivals(g)[n].open!) - k] as const);
        t.diagnostic(
          `${g}: ERR at report #${k}; ticks until each open arrived: ${lateBy.map((x) => x.join(' ')).join(', ')}`,
        );
        for (const [n, late] of lateBy)
          assert.ok(late >= 0 && late <= 2, `${g} opened at ${n} ${late} ticks after report #${k}`);
        const report = reports[k]!;
        const group = groupIn(report, g)!;
        const worst = worstPartition(group)!;
        assert.equal(worst.status, OPENED_BY[g], `${g}'s worst partition when it turned ERR`);
        const summary = `[ERR] group ${g} on cluster a`;
        const link = `${lagwatchUrl}/?cluster=a&group=${g}`;
        const lagSeconds = worst.timeLagMs === null ? null : Math.round(worst.timeLagMs / 1000);

        const opened = hookOf(g)[0]!.body;
        assert.equal(opened.kind, 'open');
        assert.equal(opened.at, iso(report.takenAt), 'opened by the first ERR report');
        assert.equal(opened.totalLag, group.totallag);

        const slack = chatOf(g)[0]!;
        assert.equal(`${slack.method} ${slack.contentType}`, 'POST application/json');
        assert.equal(slack.path, '/services/T0/B0/secret');
        assert.equal(slack.body.text, summary);
        assert.deepEqual(slackFields(slack.body), {
          Status: 'ERR',
          Cluster: 'a',
          Group: g,
          'Total lag': String(group.totallag),
          'Lag seconds': lagSeconds === null ? 'unknown' : String(lagSeconds),
          'Worst partition': `${worst.topic}/${worst.partition} ${worst.status}`,
        });
        const blocks = JSON.stringify(slack.body.blocks);
        for (const wanted of [summary, worst.reason, `<${link}|the group in lagwatch>`])
          assert.ok(blocks.includes(JSON.stringify(wanted).slice(1, -1)), `${wanted} in ${blocks}`);

        const trigger = pagerOf(g)[0]!;
        assert.equal(`${trigger.method} ${trigger.contentType}`, 'POST application/json');
        assert.deepEqual(trigger.body, {
          routing_key: routingKey,
          dedup_key: `lagwatch/pager/a/${g}`,
          event_action: 'trigger',
          payload: {
            summary,
            source: 'a',
            severity: 'critical',
            timestamp: iso(report.takenAt),
            component: g,
            group: 'a',
            class: 'consumer-lag',
            custom_details: {
              status: 'ERR',
              totalLag: group.totallag,
              lagSeconds,
              worst,
              fault: null,
              extras: {},
            },
          },
          links: [{ href: link, text: 'the group in lagwatch' }],
        });

        const mail = mailsOf(g)[0]!;
        assert.equal(mail.headers.get('x-lagwatch-kind'), 'open');
        assert.equal(mail.headers.get('subject'), summary);
        assert.match(mail.body, new RegExp(`^Total lag: ${group.totallag}$`, 'm'));

        const alert = alertmanager.firstActive(g)!;
        assert.equal(alert.startsAt, iso(report.takenAt));
        assert.equal(alert.labels.severity, 'critical');
        assert.equal(alert.generatorURL, link);
      };

      /** Closes: decided by the first report without the group ERR, sent everywhere. */
      const checkCloses = async (g: string, reason: 'healed' | 'deleted') => {
        const k = firstErr(g);
        const c = reports.findIndex((r, i) => i > k && groupIn(r, g)?.status !== 'ERR');
        assert.equal(reason === 'deleted', groupIn(reports[c]!, g) === undefined, `${g} at #${c}`);
        const summary = `[RESOLVED] group ${g} on cluster a (${reason})`;
        const bodies = hookOf(g).map((r) => r.body);
        assert.deepEqual(bodies.at(-1), { ...bodies.at(-1), kind: 'close', closeReason: reason });
        assert.equal(bodies.at(-1)!.at, iso(reports[c]!.takenAt), 'closed by that report');
        assert.equal(bodies.at(-1)!.status, groupIn(reports[c]!, g)?.status ?? 'ERR');
        assert.equal(bodies.filter((b) => b.kind === 'open').length, 1, `${g}: one open`);
        assert.equal(chatOf(g).at(-1)!.body.text, summary);
        assert.equal(slackFields(chatOf(g).at(-1)!.body).Status, `resolved (${reason})`);
        assert.deepEqual(pagerOf(g).at(-1)!.body, {
          routing_key: routingKey,
          dedup_key: pagerOf(g)[0]!.body.dedup_key,
          event_action: 'resolve',
        });
        assert.equal(mailsOf(g).at(-1)!.headers.get('subject'), summary);
        // A receiver may see a message before its sender has the answer (the SMTP server files
        // the mail, then replies 250), so wait until no delivery is still queued.
        const closedOf = () =>
          app!.alerts.incidents('a').closed.filter((x) => x.incident.group === g);
        await waitFor(
          `${g}: every delivery answered`,
          () => closedOf().every((x) => x.sent.every((s) => s.result !== 'queued')),
          10_000,
        );
        const closed = closedOf();
        for (const n of NOTIFIERS) {
          const record = closed.find((x) => x.incident.notifier === n && x.incident.group === g);
          assert.equal(record?.incident.closeReason, reason, `${n}: ${g} closed`);
          assert.ok(
            record.sent.every((s) => s.result === 'sent'),
            `${n}: ${JSON.stringify(record.sent)}`,
          );
        }
      };

      // 1. The stopped group (no members, lag) is ERR from the first tick; then it is deleted.
      await waitFor(`${STOPPED} open at all five`, everywhere(STOPPED, 'open'), 30_000, 250);
      await checkOpens(STOPPED);
      await admin.deleteGroups([STOPPED]);
      await waitFor(`${STOPPED} closed at all five`, everywhere(STOPPED, 'close'), 30_000, 250);
      await checkCloses(STOPPED, 'deleted');

      // 2. The stuck group: ERR once a full window shows its offset unchanged.
      await waitFor(`${STUCK} open at all five`, everywhere(STUCK, 'open'), 30_000, 250);
      await checkOpens(STUCK);

      // 3. The rewinding group: ERR when it jumps back (30 s into the load), healed once the
      //    rewind has left its window (it keeps pace again).
      await waitFor(`${REWIND} open at all five`, everywhere(REWIND, 'open'), 90_000, 250);
      await checkOpens(REWIND);
      await waitFor(`${REWIND} closed at all five`, everywhere(REWIND, 'close'), 30_000, 250);
      await checkCloses(REWIND, 'healed');

      // The link in the messages is lagwatch's status page (the group's view).
      const page = await fetch(`${apiUrl}/?cluster=a&group=${STUCK}`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);

      // 4. The healthy group, judged all along, never opened anywhere; the stuck one is open.
      const judged = reports.filter((r) => groupIn(r, HEALTHY) !== undefined).length;
      assert.ok(judged >= reports.length / 2, `${HEALTHY} in ${judged}/${reports.length} reports`);
      for (const n of NOTIFIERS)
        assert.equal(arrivals(HEALTHY)[n].open, undefined, `${n}: ${HEALTHY}`);
      const sent = [hookOf, chatOf, pagerOf, mailsOf].map((of) => of(HEALTHY).length);
      assert.deepEqual(sent, [0, 0, 0, 0], `nothing at all about ${HEALTHY}`);
      const open = app.alerts.incidents('a').open.filter((x) => x.incident.group === STUCK);
      assert.deepEqual(open.map((x) => x.incident.notifier).sort(), [...NOTIFIERS].sort());
      assert.deepEqual(alertmanager.errors, [], 'every look at Alertmanager answered');
    } finally {
      await alertmanager.stop();
      await app?.stop();
      await demo?.stop();
      await deleteDemoGroups(admin).catch(() => undefined);
      await admin.disconnect();
    }
  },
);
