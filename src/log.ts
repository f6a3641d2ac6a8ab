// The one root logger. Modules take a child with their bindings
// (`cluster`, `group`, `sink`); secrets are redacted wherever they appear.
// Lines are JSON for machines (piped, redirected, a file) and text for a person at a
// terminal: `log.format` auto (the default) picks by whether the output is a TTY.
// pino-pretty is loaded only when text lines are asked for: a service logging JSON (a
// container, a pipe) never loads it (src/contract/library.ts says why and how).
import { isatty } from 'node:tty';
import { pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import { loadLibrary } from './contract/library.js';
import type { Logger } from './contract/logger.js';

export type { Logger } from './contract/logger.js';

export type LogFormat = 'json' | 'text' | 'auto';

/** What the config's `log` section says. */
export interface LogSettings {
  readonly level: string;
  readonly format?: LogFormat | undefined;
}

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

/** `auto` is text on a terminal, JSON anywhere else (a pipe, a file, a log collector). */
export function resolveLogFormat(
  format: LogFormat,
  fd: 1 | 2 | string,
  isTerminal: (fd: number) => boolean = isatty,
): 'json' | 'text' {
  if (format !== 'auto') return format;
  return typeof fd === 'number' && isTerminal(fd) ? 'text' : 'json';
}

/**
 * The root logger; to stdout (1) by default, to stderr (2) where stdout is the output, or
 * to a file (a path) where the terminal is the output. `settings` is the config's `log`
 * section, or just a level (then the format is auto).
 */
export function createLogger(
  settings: string | LogSettings = process.env.LAGWATCH_LOG_LEVEL ?? 'info',
  fd: 1 | 2 | string = 1,
): Logger {
  const { level, format = 'auto' } = typeof settings === 'string' ? { level: settings } : settings;
  const options = {
    name: 'lagwatch',
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  if (resolveLogFormat(format, fd) === 'text') {
    const prettyStream = loadLibrary<typeof PinoPretty>('pino-pretty', 'log.format text');
    return pino(
      options,
      prettyStream({
        destination: fd,
        sync: true,
        mkdir: true,
        colorize: typeof fd === 'number' && isatty(fd),
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,name',
        singleLine: true,
      }),
    );
  }
  return pino(
    options,
    typeof fd === 'string'
      ? pino.destination({ dest: fd, sync: true, mkdir: true })
      : pino.destination({ fd, sync: true }),
  );
}
