// The Elasticsearch template guard: the template is checked before the first send, after
// a failed send (a reconnect) and every checkEveryMs; missing, it is reinstalled when the
// sink may (setupOnStart), else the batch is held as blocked with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorCode } from '../../../src/contract/errors.js';
import { OK } from '../../../src/contract/sink.js';
import type { SinkOutcome } from '../../../src/contract/sink.js';
import { TemplateGuardedTransport } from '../../../sinks/elasticsearch/template-guard.js';
import type { TemplateCheck } from '../../../sinks/elasticsearch/setup.js';
import { FakeTransport, delivered, down } from './helpers/fake-transport.js';
import { captureLogger } from './helpers/logger.js';
import { ItemPart } from '../../../sinks/delivery/item-part.js';

const MISSING: SinkOutcome = {
  kind: 'failed',
  code: ErrorCode.SINK_TARGET_MISSING,
  error: 'index template "lw" is not installed',
};

const OUTDATED: TemplateCheck = {
  kind: 'outdated',
  installedVersion: 2,
  error:
    'index template "lw" is version 2, older than this lagwatch\'s 3 (adds lagwatch.group_type)',
};

function guarded(options: { install?: boolean; checkEveryMs?: number } = {}) {
  const inner = new FakeTransport();
  let clock = 1_000_000;
  let templateThere = true;
  let outdated = false;
  const calls = { verify: 0, install: 0 };
  const log = captureLogger();
  const transport = new TemplateGuardedTransport(inner, {
    verify: () => {
      calls.verify++;
      return Promise.resolve(outdated ? OUTDATED : templateThere ? OK : MISSING);
    },
    install:
      options.install === true
        ? () => {
            calls.install++;
            templateThere = true;
            outdated = false;
            return Promise.resolve(OK);
          }
        : undefined,
    templateName: 'lw',
    logger: log.logger,
    checkEveryMs: options.checkEveryMs ?? 60_000,
    now: () => clock,
  });
  const send = () => transport.send(ItemPart.of(['doc']), new AbortController().signal);
  return {
    inner,
    calls,
    log,
    send,
    advance: (ms: number) => (clock += ms),
    deleteTemplate: () => (templateThere = false),
    /** An older lagwatch's template (its indices lack the newer fields). */
    downgradeTemplate: () => (outdated = true),
  };
}

describe('Elasticsearch template guard', () => {
  test('checks before the first send, then only every checkEveryMs while sends succeed', async () => {
    const g = guarded({ checkEveryMs: 60_000 });
    assert.deepEqual(await g.send(), delivered);
    assert.equal(g.calls.verify, 1);
    g.advance(59_000);
    await g.send();
    assert.equal(g.calls.verify, 1);
    g.advance(1_000);
    await g.send();
    assert.equal(g.calls.verify, 2);
    assert.equal(g.inner.requests.length, 3);
  });

  test('checks again before the first send after a failed one (a reconnect)', async () => {
    const g = guarded();
    await g.send();
    g.inner.script = [down];
    assert.equal((await g.send()).kind, 'retryable');
    assert.equal(g.calls.verify, 1);
    g.deleteTemplate(); // the server came back rebuilt
    const held = await g.send();
    assert.equal(g.calls.verify, 2);
    assert.equal(held.kind, 'retryable');
    assert.equal(g.inner.requests.length, 2, 'nothing sent while the template is missing');
  });

  test('missing and not allowed to install: held as blocked, with the reason, checked at every retry', async () => {
    const g = guarded();
    g.deleteTemplate();
    for (let i = 1; i <= 3; i++) {
      const held = await g.send();
      assert.equal(held.kind, 'retryable');
      if (held.kind !== 'retryable') return;
      assert.equal(held.blocked, true);
      assert.equal(held.code, ErrorCode.SINK_TARGET_MISSING);
      assert.match(held.error, /index template "lw" is missing/);
      assert.equal(g.calls.verify, i);
    }
    assert.equal(g.inner.requests.length, 0);
  });

  test('missing and allowed to install (setupOnStart): installed again, logged, then sent', async () => {
    const g = guarded({ install: true });
    await g.send();
    g.advance(60_000);
    g.deleteTemplate();
    assert.deepEqual(await g.send(), delivered);
    assert.equal(g.calls.install, 1);
    assert.equal(g.inner.requests.length, 2);
    const warned = g.log.lines().filter((l) => l.level === 40);
    assert.equal(warned.length, 1);
    assert.match(String(warned[0]?.msg), /index template was missing/);
  });

  test('an older template of lagwatch, allowed to install: upgraded before anything is sent, logged', async () => {
    const g = guarded({ install: true });
    g.downgradeTemplate();
    assert.deepEqual(await g.send(), delivered);
    assert.equal(g.calls.install, 1);
    assert.equal(g.inner.requests.length, 1);
    const warned = g.log.lines().filter((l) => l.level === 40);
    assert.equal(warned.length, 1);
    assert.equal(warned[0]?.from, 2);
    assert.match(String(warned[0]?.msg), /index template was version 2: upgraded it/);
  });

  test('an older template of lagwatch, not allowed to install: held as blocked, saying so', async () => {
    const g = guarded();
    g.downgradeTemplate();
    const held = await g.send();
    assert.equal(held.kind, 'retryable');
    if (held.kind !== 'retryable') return;
    assert.equal(held.blocked, true);
    assert.equal(held.code, ErrorCode.SINK_TARGET_MISSING);
    assert.match(held.error, /is version 2, older than this lagwatch's 3 .*documents are held/);
    assert.equal(g.inner.requests.length, 0, 'nothing sent into indices that would refuse it');
    assert.equal(g.calls.install, 0);
  });

  test('the check cannot reach the server: retryable, not blocked, nothing sent', async () => {
    const inner = new FakeTransport();
    const transport = new TemplateGuardedTransport(inner, {
      verify: () =>
        Promise.resolve({
          kind: 'retryable',
          code: ErrorCode.SINK_UNREACHABLE,
          error: 'ECONNREFUSED',
          retryAfterMs: null,
        }),
      templateName: 'lw',
      logger: captureLogger().logger,
    });
    const outcome = await transport.send(ItemPart.of(['doc']), new AbortController().signal);
    assert.equal(outcome.kind, 'retryable');
    if (outcome.kind === 'retryable') assert.equal(outcome.blocked, false);
    assert.equal(inner.requests.length, 0);
  });
});
