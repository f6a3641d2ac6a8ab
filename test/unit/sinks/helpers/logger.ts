// A pino logger that keeps its lines in memory, for tests that check what was logged
// (and that no secret was).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../../../src/contract/logger.js';

export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: () => Record<string, unknown>[];
  readonly text: () => string;
}

export function captureLogger(level = 'debug'): CapturedLogger {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const logger = pino({ level }, out);
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
