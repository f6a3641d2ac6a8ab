// What each notifier sends for a notification: the documented fields of Alertmanager's
// API v2, PagerDuty's Events API v2 and Slack's blocks, and a webhook's default JSON body.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  alertOf,
  compileTemplate,
  dedupKey,
  pagerdutyEvent,
  slackMessage,
  templateContext,
  type AlertmanagerNotifierConfig,
  type Notification,
  type PagerdutyNotifierConfig,
  type SlackNotifierConfig,
} from '../../../notifiers/index.js';
import { parseConfig } from '../../../src/config/index.js';
import type { Incident } from '../../../src/contract/incident.js';

const T = Date.UTC(2026, 10, 30, 8, 0, 0);
const incident: Incident = {
  id: 'local/orders',
  notifier: 'x',
  subject: 'group',
  cluster: 'local',
  group: 'orders',
  status: 'ERR',
  totalLag: 120,
  worst: {
    topic: 't',
    partition: 3,
    status: 'STALL',
    currentLag: 100,
    timeLagMs: 42_000,
    reason: 'no progress',
  },
  fault: null,
  openedAt: T,
  updatedAt: T,
  closedAt: null,
  closeReason: null,
};
const open: Notification = { kind: 'open', incident, at: T, seq: 1, reminder: false };
const close: Notification = {
  kind: 'close',
  incident: { ...incident, status: 'OK', closedAt: T + 60_000, closeReason: 'healed' },
  at: T + 60_000,
  seq: 2,
  reminder: false,
};

function notifier<C>(yaml: string): C {
  const config = parseConfig(
    `clusters: [{name: local, brokers: ['127.0.0.1:9092']}]\nnotifiers:\n  - ${yaml}\n`,
    {
      env: {},
    },
  );
  return config.notifiers[0] as C;
}

describe('notifier payloads', () => {
  test('alertmanager: the same labels open and close; endsAt later while open, the close time after', () => {
    const config = notifier<AlertmanagerNotifierConfig>(
      '{name: x, type: alertmanager, url: http://am:9093, threshold: ERR, labels: {team: data}, lagwatchUrl: http://lw:8000}',
    );
    const annotations = new Map(
      Object.entries(config.annotations).map(([k, v]) => [k, compileTemplate(v)]),
    );
    const a = alertOf(open, config, annotations);
    const b = alertOf(close, config, annotations);
    assert.deepEqual(a.labels, {
      team: 'data',
      alertname: 'KafkaConsumerGroupLag',
      cluster: 'local',
      group: 'orders',
      severity: 'critical',
      lagwatch_notifier: 'x',
    });
    assert.deepEqual(b.labels, a.labels);
    assert.equal(a.startsAt, new Date(T).toISOString());
    assert.equal(a.endsAt, new Date(T + 4 * 60_000).toISOString());
    assert.equal(b.endsAt, new Date(T + 60_000).toISOString());
    assert.equal(a.annotations.summary, '[ERR] group orders on cluster local');
    assert.match(a.annotations.description ?? '', /worst partition t\/3 STALL: no progress/);
    assert.equal(a.generatorURL, 'http://lw:8000/?cluster=local&group=orders');
  });

  test('pagerduty: trigger then resolve with one dedup_key', () => {
    const config = notifier<PagerdutyNotifierConfig>(
      '{name: x, type: pagerduty, routingKeyEnv: PD_KEY, lagwatchUrl: http://lw:8000/}',
    );
    const render = {
      summary: compileTemplate(config.summary),
      source: compileTemplate(config.source),
    };
    const trigger = pagerdutyEvent(open, config, 'KEY', render) as Record<string, unknown>;
    const resolve = pagerdutyEvent(close, config, 'KEY', render) as Record<string, unknown>;
    assert.equal(trigger.event_action, 'trigger');
    assert.equal(resolve.event_action, 'resolve');
    assert.equal(trigger.dedup_key, 'lagwatch/x/local/orders');
    assert.equal(resolve.dedup_key, trigger.dedup_key);
    assert.equal(dedupKey(open), dedupKey(close));
    assert.equal(trigger.routing_key, 'KEY');
    const payload = trigger.payload as Record<string, unknown>;
    assert.equal(payload.severity, 'critical');
    assert.equal(payload.summary, '[ERR] group orders on cluster local');
    assert.equal(payload.source, 'local');
    assert.equal(payload.timestamp, new Date(T).toISOString());
    assert.deepEqual(payload.custom_details, {
      status: 'ERR',
      totalLag: 120,
      lagSeconds: 42,
      worst: incident.worst,
      fault: null,
      extras: {},
    });
    assert.deepEqual(trigger.links, [
      { href: 'http://lw:8000/?cluster=local&group=orders', text: 'the group in lagwatch' },
    ]);
    assert.deepEqual(Object.keys(resolve).sort(), ['dedup_key', 'event_action', 'routing_key']);
    assert.equal(config.url, 'https://events.pagerduty.com/v2/enqueue');
  });

  test('slack: blocks with status, group, cluster, total lag, lag seconds, worst partition and reason', () => {
    const config = notifier<SlackNotifierConfig>(
      "{name: x, type: slack, urlEnv: SLACK_URL, lagwatchUrl: 'http://lw:8000'}",
    );
    const message = slackMessage(open, config, compileTemplate(config.text));
    const text = JSON.stringify(message.blocks);
    for (const wanted of [
      '*Status*\\nERR',
      '*Group*\\norders',
      '*Cluster*\\nlocal',
      '*Total lag*\\n120',
      '*Lag seconds*\\n42',
      't/3 STALL',
      'no progress',
      '<http://lw:8000/?cluster=local&group=orders|the group in lagwatch>',
    ]) {
      assert.ok(text.includes(wanted), `${wanted} in ${text}`);
    }
    assert.equal(message.text, '[ERR] group orders on cluster local');
    assert.match(
      JSON.stringify(slackMessage(close, config, compileTemplate(config.text)).blocks),
      /resolved \(healed\)/,
    );
  });

  test("webhook's default body is the whole notification as JSON", () => {
    const body = JSON.parse(
      compileTemplate('{{json this}}')(templateContext(close, { extras: { team: 'data' } })),
    ) as Record<string, unknown>;
    assert.equal(body.kind, 'close');
    assert.equal(body.closeReason, 'healed');
    assert.equal(body.group, 'orders');
    assert.equal(body.seq, 2);
    assert.deepEqual(body.extras, { team: 'data' });
  });
});
