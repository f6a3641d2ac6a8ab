// What a command reads and writes, injected: the real process's streams and environment
// in the binary, strings in tests (which then call commands in-process).
import type { Readable, Writable } from 'node:stream';
import type { ExitCode } from './exit-codes.js';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Where LAGWATCH_* overrides and secrets are read from. */
  readonly env: NodeJS.ProcessEnv;
}

/** A command's I/O, and where it hands its exit code. */
export interface CliRuntime {
  readonly io: CliIo;
  exit(code: ExitCode): void;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
}

/** The real process: its streams, and process.exitCode. */
export function processRuntime(): CliRuntime {
  return {
    io: processIo(),
    exit: (code) => {
      process.exitCode = code;
    },
  };
}
