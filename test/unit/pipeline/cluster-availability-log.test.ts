// A cluster going down and coming back is logged once each, with the cause; the ticks in
// between log at debug only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FaultCode } from '../../../src/contract/errors.js';
import { ClusterAvailabilityLog } from '../../../src/pipeline/cluster-availability-log.js';
import { captureLogger } from '../sinks/helpers/logger.js';

const refused = {
  code: FaultCode.CLUSTER_UNAVAILABLE,
  message: 'connect ECONNREFUSED 127.0.0.1:1',
};
const up = (takenAt: number) => ({ cluster: 'a', takenAt, available: true, fault: null });
const down = (takenAt: number) => ({ cluster: 'a', takenAt, available: false, fault: refused });

describe('cluster availability log', () => {
  test('up, down for four ticks, up again: one warn with the cause, one info, debug between', () => {
    const { logger, lines } = captureLogger('debug');
    const log = new ClusterAvailabilityLog();
    for (const snapshot of [
      up(0),
      up(30_000),
      down(60_000),
      down(90_000),
      down(120_000),
      down(150_000),
      up(180_000),
      up(210_000),
    ])
      log.observe(snapshot, logger);
    const seen = lines().map((l) => [l.level, l.msg]);
    assert.deepEqual(seen, [
      [40, 'cluster a unavailable (CLUSTER_UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:1)'],
      [20, 'cluster still unavailable'],
      [20, 'cluster still unavailable'],
      [20, 'cluster still unavailable'],
      [30, 'cluster a available again after 120 s'],
    ]);
    const back = lines().at(-1)!;
    assert.equal(back.downForMs, 120_000);
    assert.equal(back.ticksDown, 4);
    assert.deepEqual(lines()[0]!.fault, refused);
  });

  test('down at the first tick is said at once; at info level nothing more until it is back', () => {
    const { logger, lines } = captureLogger('info');
    const log = new ClusterAvailabilityLog();
    for (let n = 0; n < 10; n++) log.observe(down(n * 1000), logger);
    assert.equal(lines().length, 1);
    assert.equal(lines()[0]!.level, 40);
    log.observe(up(10_000), logger);
    assert.equal(lines().length, 2);
    assert.equal(lines()[1]!.msg, 'cluster a available again after 10 s');
  });
});
