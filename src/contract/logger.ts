// The logger every module takes (a pino child with its bindings). Only the type lives
// here; src/log.ts makes the root logger.
export type { Logger } from 'pino';
