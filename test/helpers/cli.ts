// The command line two ways: in-process (src/cli/program.ts's runCli with strings for
// stdin/stdout/stderr and an environment), which unit tests use, and as the real binary
// (src/cli.ts through tsx) in a child process, for the few end-to-end tests of exit codes
// and output through a real process, and for integration tests.
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { runCli as runProgram } from '../../src/cli/program.js';
import { repoRoot } from './stack.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A Writable that keeps what is written to it as text. */
export function textSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs `lagwatch <args>` in this process; `env` replaces the environment it sees. */
export async function callCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const stdout = textSink();
  const stderr = textSink();
  const code = await runProgram(args, {
    stdin: Readable.from([options.stdin ?? '']),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? process.env,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the real binary as a child process. */
export function runCli(
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
