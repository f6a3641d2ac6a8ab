import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SinkFanout } from '../../../sinks/fanout.js';
import { MemorySink, failedOutcome } from '../../../sinks/memory-sink.js';
import { buildReport } from '../../helpers/reports.js';
import { captureLogger } from './helpers/logger.js';

const report = buildReport('a', Date.UTC(2026, 10, 26, 9), [
  { group: 'g', partitions: [{ topic: 't', partition: 0, committed: [1, 2, 3] }] },
]);

describe('SinkFanout', () => {
  test('every sink gets every report', () => {
    const a = new MemorySink('a');
    const b = new MemorySink('b');
    const fanout = new SinkFanout([a, b], captureLogger().logger);
    fanout.write(report);
    fanout.write(report);
    assert.equal(a.reports.length, 2);
    assert.equal(b.reports.length, 2);
  });

  test('a sink that throws on write is logged and counted; the others still get the report', () => {
    const log = captureLogger();
    const broken = new MemorySink('broken', { throwOnWrite: true });
    const after = new MemorySink('after');
    const fanout = new SinkFanout([broken, after], log.logger);
    fanout.write(report);
    assert.equal(after.reports.length, 1);
    assert.equal(fanout.writeErrors.get('broken'), 1);
    const line = log.lines().find((l) => l.msg === 'a sink threw on write');
    assert.equal(line?.sink, 'broken');
  });

  test('flush and close run in parallel; a sink that hangs is reported late, not waited for', async () => {
    const slow = new MemorySink('slow', { delayMs: Infinity });
    const fine = new MemorySink('fine', { delayMs: 20 });
    const fanout = new SinkFanout([slow, fine], captureLogger().logger);
    const started = Date.now();
    const outcomes = await fanout.close(100);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `took ${elapsed} ms`);
    assert.deepEqual(outcomes[1], { sink: 'fine', outcome: { kind: 'ok' } });
    assert.equal(outcomes[0]?.sink, 'slow');
    assert.equal(outcomes[0]?.outcome.kind, 'retryable');
    assert.ok(fine.closed);
  });

  test('outcomes are reported per sink, in the order of the sinks', async () => {
    const ok = new MemorySink('ok');
    const bad = new MemorySink('bad', { outcome: failedOutcome('no such database') });
    const fanout = new SinkFanout([ok, bad], captureLogger().logger);
    assert.deepEqual(
      (await fanout.start(100)).map((o) => [o.sink, o.outcome.kind]),
      [
        ['ok', 'ok'],
        ['bad', 'failed'],
      ],
    );
    assert.deepEqual(
      fanout.health().map((h) => [h.sink, h.healthy, h.lastError]),
      [
        ['ok', true, null],
        ['bad', false, 'no such database'],
      ],
    );
    await fanout.close(10);
  });
});
