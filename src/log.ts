// The one root logger. Modules take a child with their bindings
// (`cluster`, `group`, `sink`); secrets are redacted wherever they appear.
import { pino, type Logger } from 'pino';

export type { Logger };

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

/** The root logger; file descriptor 1 (stdout) by default, 2 where stdout is the output. */
export function createLogger(
  level: string = process.env.LAGWATCH_LOG_LEVEL ?? 'info',
  fd: 1 | 2 = 1,
): Logger {
  return pino(
    {
      name: 'lagwatch',
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    pino.destination({ fd, sync: true }),
  );
}
