import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import { Delivery } from '../../../sinks/delivery/delivery.js';
import type { DeliveryOptions } from '../../../sinks/delivery/delivery.js';
import {
  FakeTransport,
  delivered,
  down,
  refusing,
  unauthorized,
} from './helpers/fake-transport.js';
import { captureLogger } from './helpers/logger.js';

const root = mkdtempSync(join(tmpdir(), 'lagwatch-delivery-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const spoolDir = (): string => join(root, `spool-${dirs++}`);

const items = (count: number, from = 0): string[] =>
  Array.from({ length: count }, (_, i) => `item-${String(from + i).padStart(4, '0')}`);

interface Overrides {
  batch?: Partial<DeliveryOptions['batch']>;
  retry?: Partial<DeliveryOptions['retry']>;
  queueMaxItems?: number;
  spool?: string;
  spoolMaxBytes?: number;
  spoolFlushIntervalMs?: number;
}

function make(transport: FakeTransport, o: Overrides = {}) {
  const log = captureLogger();
  const delivery = new Delivery({
    name: 'test',
    batch: { maxItems: 10, maxBytes: 1_000_000, flushIntervalMs: 10_000, ...o.batch },
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetryTimeMs: 60_000, ...o.retry },
    queue: { maxItems: o.queueMaxItems ?? 10_000 },
    spool: {
      dir: o.spool,
      maxBytes: o.spoolMaxBytes ?? 1_000_000,
      flushIntervalMs: o.spoolFlushIntervalMs ?? 60_000,
    },
    transport,
    logger: log.logger,
    random: () => 0.5,
  });
  return { delivery, log };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await wait(5);
  }
}

describe('batching', () => {
  test('by count: full batches go at once, the rest waits for the interval or a flush', async () => {
    const transport = new FakeTransport();
    const { delivery } = make(transport);
    delivery.enqueue(items(25));
    await until(() => transport.requests.length === 2);
    await wait(50);
    assert.deepEqual(
      transport.requests.map((r) => r.length),
      [10, 10],
    );
    assert.deepEqual(await delivery.flush(1000), { kind: 'ok' });
    assert.deepEqual(
      transport.requests.map((r) => r.length),
      [10, 10, 5],
    );
    assert.deepEqual(transport.stored, items(25));
    await delivery.close(100);
  });

  test('by bytes', async () => {
    const transport = new FakeTransport();
    const { delivery } = make(transport, { batch: { maxItems: 1000, maxBytes: 50 } });
    delivery.enqueue(items(12)); // 10 bytes each with the newline
    assert.deepEqual(await delivery.flush(1000), { kind: 'ok' });
    assert.deepEqual(
      transport.requests.map((r) => r.length),
      [5, 5, 2],
    );
    await delivery.close(100);
  });

  test('by interval: a partial batch goes once its oldest item has waited flushIntervalMs', async () => {
    const transport = new FakeTransport();
    const { delivery } = make(transport, { batch: { flushIntervalMs: 40 } });
    delivery.enqueue(items(3));
    await wait(10);
    assert.equal(transport.requests.length, 0);
    await until(() => transport.requests.length === 1);
    assert.deepEqual(transport.requests[0], items(3));
    await delivery.close(100);
  });
});

describe('requests in flight', () => {
  test('two requests at once when there is enough to send, and never more', async () => {
    const transport = new FakeTransport();
    let inFlight = 0;
    let most = 0;
    const send = transport.send.bind(transport);
    transport.send = async (batch, signal) => {
      most = Math.max(most, ++inFlight);
      await wait(10);
      inFlight--;
      return send(batch, signal);
    };
    const { delivery } = make(transport);
    delivery.enqueue(items(95));
    await delivery.flush(5000);
    assert.equal(most, 2);
    assert.deepEqual(transport.stored, items(95));
    await delivery.close(100);
  });

  test('with concurrency 1, one request at a time, in order', async () => {
    const transport = new FakeTransport();
    let inFlight = 0;
    let most = 0;
    const send = transport.send.bind(transport);
    transport.send = async (batch, signal) => {
      most = Math.max(most, ++inFlight);
      await wait(5);
      inFlight--;
      return send(batch, signal);
    };
    const log = captureLogger();
    const delivery = new Delivery({
      name: 'one',
      batch: { maxItems: 10, maxBytes: 1_000_000, flushIntervalMs: 10_000 },
      retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetryTimeMs: 60_000 },
      queue: { maxItems: 1000 },
      spool: { maxBytes: 1000 },
      transport,
      logger: log.logger,
      concurrency: 1,
    });
    delivery.enqueue(items(35));
    await delivery.flush(5000);
    assert.equal(most, 1);
    assert.deepEqual(transport.requests.flat(), items(35));
    await delivery.close(100);
  });
});

describe('retries', () => {
  test('network errors are retried with backoff; every item is stored exactly once', async () => {
    const transport = new FakeTransport();
    transport.script = [down, down, down];
    const { delivery, log } = make(transport);
    delivery.enqueue(items(10));
    await until(() => transport.stored.length === 10);
    assert.equal(transport.requests.length, 4);
    assert.deepEqual(transport.stored, items(10));
    const health = delivery.health();
    assert.equal(health.retries, 3);
    assert.equal(health.delivered, 10);
    assert.equal(health.state, 'ok');
    assert.equal(log.lines().filter((l) => l.msg === 'sending failed; will retry').length, 1);
    await delivery.close(100);
  });

  test('while failing, health says retrying and keeps the last error', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, { retry: { initialDelayMs: 50, maxDelayMs: 50 } });
    delivery.enqueue(items(10));
    await until(() => transport.requests.length >= 1);
    const health = delivery.health();
    assert.equal(health.state, 'retrying');
    assert.equal(health.healthy, true);
    assert.equal(health.queued, 10);
    assert.equal(health.lastError, 'connect ECONNREFUSED');
    transport.otherwise = delivered;
    await delivery.flush(2000);
    assert.equal(delivery.health().state, 'ok');
    await delivery.close(100);
  });

  test('credentials refused: items are kept, the sink is down, retried at the longest delay', async () => {
    const transport = new FakeTransport();
    transport.otherwise = unauthorized;
    const { delivery } = make(transport, { retry: { initialDelayMs: 1, maxDelayMs: 80 } });
    delivery.enqueue(items(10));
    await until(() => transport.requests.length >= 1);
    await wait(40);
    assert.equal(transport.requests.length, 1, 'the second try waits maxDelayMs');
    assert.equal(delivery.health().state, 'down');
    assert.equal(delivery.health().dropped, 0);
    transport.otherwise = delivered;
    await until(() => transport.stored.length === 10);
    assert.equal(delivery.health().state, 'ok');
    await delivery.close(100);
  });
});

describe('refused content', () => {
  test('a refused batch is split until the items at fault are found; only they are rejected', async () => {
    const transport = new FakeTransport();
    const bad = new Set(['item-0007', 'item-0012']);
    transport.otherwise = refusing((item) => bad.has(item));
    const { delivery, log } = make(transport, { batch: { maxItems: 16 } });
    delivery.enqueue(items(16));
    await delivery.flush(2000);
    // Parts go two at a time, so the order within the batch may change.
    assert.deepEqual(
      [...transport.stored].sort(),
      items(16).filter((i) => !bad.has(i)),
    );
    const health = delivery.health();
    assert.equal(health.rejected, 2);
    assert.equal(health.delivered, 14);
    assert.equal(health.retries, 0, 'a refusal is not retried as it is');
    const logged = log.lines().filter((l) => l.msg === 'item rejected by the server');
    assert.deepEqual(logged.map((l) => l.item).sort(), [...bad]);
    assert.equal(logged[0]?.code, ErrorCode.SINK_REJECTED);
    await delivery.close(100);
  });

  test('item-by-item answers: rejected items are counted, retried items sent again alone', async () => {
    const transport = new FakeTransport();
    transport.script = [
      {
        kind: 'partial',
        rejected: [{ index: 2, reason: 'mapping conflict' }],
        retry: [5, 6],
        error: 'busy',
        retryAfterMs: null,
      },
    ];
    const { delivery } = make(transport);
    delivery.enqueue(items(10));
    await delivery.flush(2000);
    assert.deepEqual(transport.requests[1], ['item-0005', 'item-0006']);
    assert.deepEqual(
      [...transport.stored].sort(),
      items(10).filter((i) => i !== 'item-0002'),
    );
    assert.equal(delivery.health().rejected, 1);
    assert.equal(delivery.health().delivered, 9);
    await delivery.close(100);
  });
});

describe('bounds', () => {
  test('without a spool, a full queue drops the oldest waiting items: counted and logged', async () => {
    const transport = new FakeTransport();
    transport.hang = true;
    const { delivery, log } = make(transport, { queueMaxItems: 20 });
    delivery.enqueue(items(10)); // taken as the first batch, hangs
    await until(() => transport.requests.length === 1);
    delivery.enqueue(items(30, 10));
    await wait(20);
    const health = delivery.health();
    assert.equal(health.dropped, 10);
    assert.equal(health.state, 'down');
    const dropped = log.lines().filter((l) => l.msg === 'items dropped');
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]?.items, 10);
    assert.equal(dropped[0]?.code, ErrorCode.SINK_DROPPED);
    transport.hang = false;
    const outcome = await delivery.close(100);
    assert.equal(outcome.kind, 'failed');
  });

  test('without a spool, a batch not delivered within maxRetryTimeMs is dropped and counted', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, { retry: { maxRetryTimeMs: 30 } });
    delivery.enqueue(items(10));
    await until(() => delivery.health().dropped === 10);
    assert.equal(delivery.health().queued, 0);
    await delivery.close(50);
  });

  test('with a spool, a full queue moves the oldest items to disk; all arrive, in order, once', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, {
      queueMaxItems: 15,
      spool: spoolDir(),
      retry: { initialDelayMs: 30, maxDelayMs: 30 },
    });
    for (let tick = 0; tick < 10; tick++) {
      delivery.enqueue(items(10, tick * 10));
      await wait(5);
    }
    await wait(10);
    const health = delivery.health();
    assert.ok(health.spooled > 0, JSON.stringify(health));
    assert.ok(health.queued <= 15 + 10, JSON.stringify(health));
    assert.equal(health.state, 'spooling');
    assert.equal(health.dropped, 0);
    transport.otherwise = delivered;
    assert.deepEqual(await delivery.flush(5000), { kind: 'ok' });
    assert.deepEqual(transport.stored, items(100));
    assert.equal(delivery.health().spooled, 0);
    assert.equal(delivery.health().spoolBytes, 0);
    await delivery.close(100);
  });

  test('while sends fail, everything waiting moves to the spool within spool.flushIntervalMs; a new Delivery (after a crash) delivers it in order, once', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const dir = spoolDir();
    const { delivery } = make(transport, {
      spool: dir,
      spoolFlushIntervalMs: 40,
      batch: { flushIntervalMs: 5 },
      retry: { initialDelayMs: 1000, maxDelayMs: 1000, maxRetryTimeMs: 300_000 },
    });
    delivery.enqueue(items(5));
    await until(() => transport.requests.length === 1);
    delivery.enqueue(items(25, 5));
    // Not yet: the items have waited less than spool.flushIntervalMs.
    assert.equal(delivery.health().spooled, 0);
    await until(() => delivery.health().spooled === 30, 1000);
    assert.equal(delivery.health().queued, 0);
    delivery.enqueue(items(10, 30));
    await until(() => delivery.health().spooled === 40, 1000);
    assert.equal(delivery.health().queued, 0);
    assert.equal(transport.requests.length, 1, 'the batch is retried at its backoff, not sooner');
    // A crash (kill -9) now: what is on disk is all the next start finds. A copy of the
    // folder as it is (without the lock) stands for it, the crashed process still running.
    const copy = spoolDir();
    cpSync(dir, copy, { recursive: true, filter: (from) => basename(from) !== 'lock' });
    const after = new FakeTransport();
    const next = make(after, { spool: copy }).delivery;
    assert.equal(next.health().spooled, 40);
    assert.deepEqual(await next.flush(2000), { kind: 'ok' });
    assert.deepEqual(after.stored, items(40));
    await next.close(100);
    transport.otherwise = delivered;
    await delivery.close(100);
  });

  test('a spool line failing its checksum is quarantined, counted and logged once, never sent', async () => {
    const dir = spoolDir();
    const away = new FakeTransport();
    away.otherwise = down;
    const first = make(away, { spool: dir }).delivery;
    first.enqueue(items(3));
    await first.close(50); // the server is away: the three items go to the spool
    const segment = readdirSync(dir).find((f) => f.endsWith('.seg'))!;
    appendFileSync(join(dir, segment), 'garbage-index {"create":{}}\n');
    const transport = new FakeTransport();
    const { delivery, log } = make(transport, { spool: dir });
    assert.deepEqual(await delivery.flush(2000), { kind: 'ok' });
    assert.deepEqual(transport.stored, items(3));
    assert.ok(!transport.requests.flat().some((item) => item.includes('garbage')));
    const health = delivery.health();
    assert.equal(health.quarantined, 1);
    assert.equal(health.spooled, 0);
    const logged = log
      .lines()
      .filter((l) => l.msg === 'a spool record failed its check: quarantined, not sent');
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.preview, 'garbage-index {"create":{}}');
    assert.equal(readFileSync(join(dir, 'quarantine'), 'utf8'), 'garbage-index {"create":{}}\n');
    await delivery.close(100);
  });

  test('with a spool, a batch retried for maxRetryTimeMs moves to disk and is retried from there', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, { spool: spoolDir(), retry: { maxRetryTimeMs: 30 } });
    delivery.enqueue(items(10));
    await until(() => delivery.health().spooled === 10);
    assert.equal(delivery.health().dropped, 0);
    transport.otherwise = delivered;
    await delivery.flush(2000);
    assert.deepEqual(transport.stored, items(10));
    await delivery.close(100);
  });

  test('when the spool is full too, what does not fit is dropped and counted', async () => {
    const transport = new FakeTransport();
    transport.hang = true;
    const { delivery } = make(transport, {
      queueMaxItems: 10,
      spool: spoolDir(),
      spoolMaxBytes: 190,
    });
    delivery.enqueue(items(10));
    await until(() => transport.requests.length === 1);
    delivery.enqueue(items(40, 10));
    await wait(20);
    const health = delivery.health();
    // The batch in flight (10 records of 19 bytes with their checksums) fills the spool;
    // 30 more had to go.
    assert.equal(health.spooled, 10);
    assert.equal(health.dropped, 30);
    assert.equal(health.queued, 10);
    transport.hang = false;
    await delivery.close(100);
  });
});

describe('flush and close', () => {
  test('flush with nothing waiting is ok at once', async () => {
    const { delivery } = make(new FakeTransport());
    assert.deepEqual(await delivery.flush(10), { kind: 'ok' });
    await delivery.close(10);
  });

  test('flush returns before its deadline when the next retry is after it', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, { retry: { initialDelayMs: 5000, maxDelayMs: 5000 } });
    delivery.enqueue(items(3));
    const started = Date.now();
    const outcome = await delivery.flush(3000);
    assert.ok(Date.now() - started < 1000);
    assert.equal(outcome.kind, 'retryable');
    assert.ok(outcome.kind === 'retryable');
    assert.match(outcome.error, /3 items not delivered yet: connect ECONNREFUSED/);
    await delivery.close(10);
  });

  test('close delivers what it can, spools the rest; a new Delivery replays it in order, once', async () => {
    const dir = spoolDir();
    const transport = new FakeTransport();
    transport.otherwise = down;
    const first = make(transport, { spool: dir });
    first.delivery.enqueue(items(25));
    await until(() => transport.requests.length >= 1);
    const outcome = await first.delivery.close(50);
    assert.equal(outcome.kind, 'retryable');
    assert.ok(outcome.kind === 'retryable');
    assert.match(outcome.error, /25 items kept in the spool/);
    assert.ok(transport.closed);

    const after = new FakeTransport();
    const second = make(after, { spool: dir });
    assert.equal(second.delivery.health().spooled, 25);
    second.delivery.enqueue(items(5, 25));
    assert.deepEqual(await second.delivery.flush(2000), { kind: 'ok' });
    assert.deepEqual(after.stored, items(30));
    assert.ok(
      second.log
        .lines()
        .some((l) => l.msg === 'items left in the spool by an earlier run will be delivered first'),
    );
    await second.delivery.close(100);
  });

  test('close aborts a request that does not answer and keeps its items', async () => {
    const dir = spoolDir();
    const transport = new FakeTransport();
    transport.hang = true;
    const first = make(transport, { spool: dir });
    first.delivery.enqueue(items(10));
    await until(() => transport.requests.length === 1);
    const started = Date.now();
    await first.delivery.close(100);
    assert.ok(Date.now() - started < 2000);
    const after = new FakeTransport();
    const second = make(after, { spool: dir });
    await second.delivery.flush(1000);
    assert.deepEqual(after.stored, items(10));
    await second.delivery.close(10);
  });

  test('without a spool, close counts what it could not deliver as dropped', async () => {
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport);
    delivery.enqueue(items(7));
    const outcome = await delivery.close(30);
    assert.deepEqual(outcome, {
      kind: 'failed',
      code: ErrorCode.SINK_DROPPED,
      error: '7 items dropped on close',
    });
    assert.equal(delivery.health().dropped, 7);
  });

  test('a backlog of 300,000 items at close: every one spooled or counted, none lost', async () => {
    // A spread of that many arguments overflows the call stack: close once threw here with
    // the queue already emptied, and the items were gone uncounted.
    const backlog = 300_000;
    const transport = new FakeTransport();
    transport.otherwise = down;
    const { delivery } = make(transport, { queueMaxItems: 1_000_000 });
    delivery.enqueue(items(backlog));
    const outcome = await delivery.close(30);
    assert.deepEqual(outcome, {
      kind: 'failed',
      code: ErrorCode.SINK_DROPPED,
      error: `${backlog} items dropped on close`,
    });
    assert.equal(delivery.health().dropped, backlog);

    const dir = spoolDir();
    const spooling = make(transport, { queueMaxItems: 1_000_000, spool: dir, spoolMaxBytes: 1e9 });
    spooling.delivery.enqueue(items(backlog));
    const kept = await spooling.delivery.close(30);
    assert.equal(kept.kind, 'retryable', JSON.stringify(kept));
    const after = new FakeTransport();
    const next = make(after, {
      queueMaxItems: 1_000_000,
      spool: dir,
      spoolMaxBytes: 1e9,
      batch: { maxItems: 50_000 },
    });
    await next.delivery.flush(60_000);
    assert.equal(after.stored.length, backlog, 'the next start delivers the whole backlog');
    await next.delivery.close(100);
  });

  test('a write larger than queue.maxItems is named once in a warning, with the key to raise', async () => {
    const transport = new FakeTransport();
    transport.hang = true;
    const { delivery, log } = make(transport, { queueMaxItems: 50 });
    delivery.enqueue(items(80));
    delivery.enqueue(items(80));
    const warnings = log
      .lines()
      .filter((l) => /more items than queue.maxItems/.test(String(l.msg)));
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]?.msg), /sinks\.test\.queue\.maxItems above 80/);
    await until(() => delivery.health().dropped > 0);
    await delivery.close(10);
  });

  test('close when everything is delivered is ok; after it, items are refused and counted', async () => {
    const transport = new FakeTransport();
    const { delivery } = make(transport);
    delivery.enqueue(items(4));
    assert.deepEqual(await delivery.close(1000), { kind: 'ok' });
    assert.deepEqual(transport.stored, items(4));
    delivery.enqueue(items(2));
    assert.equal(delivery.health().dropped, 2);
    assert.deepEqual(await delivery.close(10), { kind: 'ok' }, 'closing twice is harmless');
  });

  test('a transport that throws (it should not) is treated as a failure to retry', async () => {
    const transport = new FakeTransport();
    transport.script = [
      () => {
        throw new Error('bug');
      },
    ];
    const { delivery } = make(transport);
    delivery.enqueue(items(3));
    await delivery.flush(1000);
    assert.deepEqual(transport.stored, items(3));
    assert.equal(delivery.health().retries, 1);
    await delivery.close(10);
  });
});
