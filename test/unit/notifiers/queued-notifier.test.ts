// The shared delivery of every notifier: order per incident, retries until the receiver
// takes it, what a full queue drops, and what shutdown keeps for the next start.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { QueuedNotifier, retryDelayMs } from '../../../notifiers/index.js';
import type { Notification, NotificationTransport } from '../../../notifiers/index.js';
import { ErrorCode } from '../../../src/contract/errors.js';
import type { Incident } from '../../../src/contract/incident.js';
import type { Outcome } from '../../../src/contract/outcome.js';

const logger = pino({ level: 'silent' });

function notification(id: string, seq: number, reminder = false): Notification {
  const incident = { id, notifier: 'ops', cluster: 'local', group: id } as unknown as Incident;
  return { kind: seq === 1 ? 'open' : 'update', incident, at: 0, seq, reminder };
}

const down: Outcome = {
  kind: 'retryable',
  code: ErrorCode.NOTIFIER_UNREACHABLE,
  error: 'connect ECONNREFUSED',
  retryAfterMs: null,
};

/** A receiver that answers with `script` first (one outcome per request), then ok. */
function receiver(script: Outcome[] = []) {
  const delivered: string[] = [];
  let requests = 0;
  const transport: NotificationTransport = {
    deliver(n) {
      requests += 1;
      const outcome = script.shift() ?? { kind: 'ok' };
      if (outcome.kind === 'ok') delivered.push(`${n.incident.id}#${n.seq}`);
      return Promise.resolve(outcome);
    },
  };
  return { transport, delivered, requests: () => requests };
}

const make = (
  transport: NotificationTransport,
  extra: Partial<ConstructorParameters<typeof QueuedNotifier>[0]> = {},
) =>
  new QueuedNotifier({
    name: 'ops',
    type: 'webhook',
    transport,
    queueSize: 10,
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    logger,
    ...extra,
  });

describe('QueuedNotifier', () => {
  test('a receiver that is down for a while loses nothing, and the order holds', async () => {
    const r = receiver([down, down, down]);
    const results: string[] = [];
    const n = make(r.transport, {
      onResult: (x, result) => results.push(`${x.incident.id}#${x.seq} ${result}`),
    });
    n.send(notification('a', 1));
    n.send(notification('b', 1));
    n.send(notification('a', 2));
    assert.deepEqual(await n.flush(2_000), { kind: 'ok' });
    assert.deepEqual(r.delivered, ['a#1', 'b#1', 'a#2']);
    assert.deepEqual(results, ['a#1 sent', 'b#1 sent', 'a#2 sent']);
    const health = n.health();
    assert.equal(health.sent, 3);
    assert.equal(health.retries, 3);
    assert.equal(health.queued, 0);
    assert.equal(r.requests(), 6);
  });

  test('a refusal for good is counted as failed and not sent again; the rest go on', async () => {
    const refused: Outcome = {
      kind: 'failed',
      code: ErrorCode.NOTIFIER_REJECTED,
      error: 'HTTP 400',
    };
    const r = receiver([refused]);
    const n = make(r.transport);
    n.send(notification('a', 1));
    n.send(notification('b', 1));
    await n.flush(2_000);
    assert.deepEqual(r.delivered, ['b#1']);
    assert.equal(n.health().failed, 1);
    assert.equal(n.health().lastError, 'HTTP 400');
    assert.equal(r.requests(), 2);
  });

  test('a full queue drops a reminder first, else the oldest waiting; each drop is counted', async () => {
    const r = receiver(Array.from({ length: 1000 }, () => down));
    const dropped: string[] = [];
    const n = make(r.transport, {
      queueSize: 3,
      backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      onResult: (x, result) => result === 'dropped' && dropped.push(`${x.incident.id}#${x.seq}`),
    });
    n.send(notification('a', 1));
    n.send(notification('b', 2, true));
    n.send(notification('c', 1));
    n.send(notification('d', 1)); // drops the reminder b#2
    n.send(notification('e', 1)); // drops c#1 (the oldest waiting; a#1 is in flight)
    assert.deepEqual(dropped, ['b#2', 'c#1']);
    assert.deepEqual(
      n.pending().map((x) => `${x.incident.id}#${x.seq}`),
      ['a#1', 'd#1', 'e#1'],
    );
    assert.equal(n.health().dropped, 2);
    await n.close(0);
  });

  test('close keeps what was not delivered; a notifier built with it delivers it in order', async () => {
    const dead = receiver(Array.from({ length: 1000 }, () => down));
    const first = make(dead.transport, { backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    first.send(notification('a', 1));
    first.send(notification('a', 2));
    const outcome = await first.close(20);
    assert.equal(outcome.kind, 'retryable');
    const kept = JSON.parse(JSON.stringify(first.pending())) as Notification[];
    assert.equal(kept.length, 2);
    first.send(notification('a', 3));
    assert.equal(first.health().dropped, 1, 'a closed notifier takes nothing');

    const back = receiver();
    const second = make(back.transport, { restored: kept });
    await second.flush(2_000);
    assert.deepEqual(back.delivered, ['a#1', 'a#2']);
  });
});

describe('retryDelayMs', () => {
  const backoff = { initialDelayMs: 1_000, maxDelayMs: 60_000 };
  test("a receiver's Retry-After wins, capped at maxDelayMs", () => {
    assert.equal(
      retryDelayMs(1, 7_000, backoff, () => 0),
      7_000,
    );
    assert.equal(
      retryDelayMs(1, 600_000, backoff, () => 0),
      60_000,
    );
  });
  test('without one: doubling from initialDelayMs with equal jitter, capped', () => {
    assert.deepEqual(
      [1, 2, 3].map((f) => retryDelayMs(f, null, backoff, () => 1)),
      [1_000, 2_000, 4_000],
    );
    assert.equal(
      retryDelayMs(3, null, backoff, () => 0),
      2_000,
    );
    assert.equal(
      retryDelayMs(30, null, backoff, () => 1),
      60_000,
    );
  });
});
