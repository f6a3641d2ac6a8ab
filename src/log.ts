// The one root logger. Modules take a child with their bindings
// (`cluster`, `group`, `sink`); secrets are redacted wherever they appear.
import { pino } from 'pino';
import type { Logger } from './contract/logger.js';

export type { Logger } from './contract/logger.js';

const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'sasl.password',
  '*.sasl.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
];

/**
 * The root logger; to stdout (1) by default, to stderr (2) where stdout is the output, or
 * to a file (a path) where the terminal is the output.
 */
export function createLogger(
  level: string = process.env.LAGWATCH_LOG_LEVEL ?? 'info',
  fd: 1 | 2 | string = 1,
): Logger {
  return pino(
    {
      name: 'lagwatch',
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    typeof fd === 'string'
      ? pino.destination({ dest: fd, sync: true, mkdir: true })
      : pino.destination({ fd, sync: true }),
  );
}
