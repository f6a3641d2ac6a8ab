// kafkajs' own log lines (every failed connection at ERROR, with a stack) become debug.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logLevel } from 'kafkajs';
import { kafkajsLogCreator } from '../../../src/kafka/kafka-client.js';
import { captureLogger } from '../sinks/helpers/logger.js';

const entry = (message: string) => ({
  namespace: 'Connection',
  label: 'ERROR',
  log: {
    timestamp: '',
    logger: 'kafkajs',
    message,
    broker: '127.0.0.1:1',
    stack: 'Error: x\n    at y',
  },
});

test('kafkajs ERROR, WARN and INFO are debug, DEBUG is trace: nothing at info while a cluster is down', () => {
  const atInfo = captureLogger('info');
  const log = kafkajsLogCreator(atInfo.logger)(logLevel.INFO);
  for (const level of [logLevel.ERROR, logLevel.WARN, logLevel.INFO, logLevel.DEBUG])
    log({ ...entry('Connection error: connect ECONNREFUSED'), level });
  assert.equal(atInfo.text(), '');

  const atTrace = captureLogger('trace');
  const traced = kafkajsLogCreator(atTrace.logger)(logLevel.INFO);
  for (const level of [logLevel.ERROR, logLevel.WARN, logLevel.INFO, logLevel.DEBUG])
    traced({ ...entry(`at ${level}`), level });
  assert.deepEqual(
    atTrace.lines().map((l) => [l.level, l.msg]),
    [
      [20, `at ${logLevel.ERROR}`],
      [20, `at ${logLevel.WARN}`],
      [20, `at ${logLevel.INFO}`],
      [10, `at ${logLevel.DEBUG}`],
    ],
  );
  assert.equal(atTrace.lines()[0]!.broker, '127.0.0.1:1');
});
