// `lagwatch setup kibana [--url URL] [--file FILE] [--space ID] [--wait-ms MS]`: imports
// lagwatch's Kibana saved objects (config/kibana/lagwatch.ndjson: two data views, the
// visualisations and the overview dashboard) through Kibana's saved-objects import API,
// replacing earlier copies (overwrite=true), so running it again is harmless. With
// --wait-ms it retries while Kibana is still starting (no answer, or a status worth retrying:
// 408, 429, 5xx, the list every lagwatch client shares).
// Credentials, where Kibana has security on, come from the environment only:
// LAGWATCH_KIBANA_API_KEY, or LAGWATCH_KIBANA_USERNAME with LAGWATCH_KIBANA_PASSWORD.
// Exit 0: imported. 1: Kibana refused the import, reported errors, or could not be reached
// in time. 2: a wrong URL or an unreadable file.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { ExitCode } from './exit-codes.js';
import { processRuntime, type CliRuntime } from './io.js';
import { ErrorCode } from '../contract/errors.js';
import { isRetryableStatus, parseRetryAfter } from '../contract/http-status.js';
import type { Outcome } from '../contract/outcome.js';

export const DEFAULT_KIBANA_URL = 'http://localhost:5601';
/** Between two attempts while Kibana is starting. */
export const KIBANA_RETRY_DELAY_MS = 2000;
/** One request's deadline: an import of a few objects takes well under a second. */
export const KIBANA_REQUEST_TIMEOUT_MS = 30_000;

export interface SetupKibanaOptions {
  readonly url?: string | undefined;
  /** The NDJSON to import; default the saved objects shipped with lagwatch. */
  readonly file?: string | undefined;
  /** A Kibana space other than the default one. */
  readonly space?: string | undefined;
  /** How long to keep retrying while Kibana is not ready; 0: one attempt. */
  readonly waitMs?: number | undefined;
  readonly retryDelayMs?: number | undefined;
}

export interface SetupKibanaIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** The saved objects shipped with lagwatch, from src/cli (tsx) or dist/src/cli (built). */
export function bundledSavedObjectsPath(): string {
  for (const rel of [
    '../../config/kibana/lagwatch.ndjson',
    '../../../config/kibana/lagwatch.ndjson',
  ]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fileURLToPath(new URL('../../config/kibana/lagwatch.ndjson', import.meta.url));
}

/** Kibana's import endpoint for a base URL and an optional space. */
export function importUrl(base: string, space?: string): URL {
  const root = base.replace(/\/+$/, '');
  const prefix = space === undefined || space === '' ? '' : `/s/${encodeURIComponent(space)}`;
  return new URL(`${root}${prefix}/api/saved_objects/_import?overwrite=true`);
}

/** kbn-xsrf (Kibana refuses API writes without it) and credentials from the environment. */
export function importHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = { 'kbn-xsrf': 'true' };
  const apiKey = env.LAGWATCH_KIBANA_API_KEY;
  const user = env.LAGWATCH_KIBANA_USERNAME;
  if (apiKey !== undefined && apiKey !== '') headers.authorization = `ApiKey ${apiKey}`;
  else if (user !== undefined && user !== '') {
    const basic = Buffer.from(`${user}:${env.LAGWATCH_KIBANA_PASSWORD ?? ''}`).toString('base64');
    headers.authorization = `Basic ${basic}`;
  }
  return headers;
}

interface ImportError {
  readonly id: string;
  readonly type: string;
  readonly title?: string;
  readonly error?: { readonly type?: string; readonly references?: readonly unknown[] };
}

interface ImportResponse {
  readonly success?: boolean;
  readonly successCount?: number;
  readonly errors?: readonly ImportError[];
}

/** An import's outcome (the contract's), with Kibana's answer when it gave one. */
type Attempt =
  | { readonly kind: 'ok'; readonly body: ImportResponse }
  | Exclude<Outcome, { readonly kind: 'ok' }>;

async function attemptImport(
  url: URL,
  headers: Record<string, string>,
  ndjson: string,
  fileName: string,
): Promise<Attempt> {
  // Kibana reads the multipart field "file" and wants a name ending in .ndjson.
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), fileName);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: form,
      signal: AbortSignal.timeout(KIBANA_REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    return {
      kind: 'retryable',
      code: ErrorCode.SINK_UNREACHABLE,
      error: `no answer (${networkReason(err)})`,
      retryAfterMs: null,
    };
  }
  const text = await response.text();
  if (isRetryableStatus(response.status)) {
    return {
      kind: 'retryable',
      code: ErrorCode.SINK_UNREACHABLE,
      error: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
  if (response.status !== 200) {
    return {
      kind: 'failed',
      code: ErrorCode.SINK_SETUP_FAILED,
      error: `HTTP ${response.status}: ${text.slice(0, 500)}`,
    };
  }
  try {
    return { kind: 'ok', body: JSON.parse(text) as ImportResponse };
  } catch {
    return {
      kind: 'failed',
      code: ErrorCode.SINK_SETUP_FAILED,
      error: `HTTP 200 without JSON: ${text.slice(0, 200)}`,
    };
  }
}

/** fetch's error says "fetch failed"; the system's reason is in its cause. */
function networkReason(err: unknown): string {
  const cause = (
    err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }
  ).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}

function describeError(e: ImportError): string {
  const what = e.error?.type ?? 'unknown';
  const refs = e.error?.references?.length ? ` ${JSON.stringify(e.error.references)}` : '';
  return `${e.type} ${e.id}${e.title === undefined ? '' : ` ("${e.title}")`}: ${what}${refs}`;
}

/** Runs the import; returns the exit code. */
export async function runSetupKibana(
  options: SetupKibanaOptions,
  io: SetupKibanaIo,
): Promise<ExitCode> {
  const base = options.url ?? DEFAULT_KIBANA_URL;
  let url: URL;
  try {
    url = importUrl(base, options.space);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    io.stderr.write(`lagwatch setup kibana: --url: expected an http(s) URL, found "${base}"\n`);
    return ExitCode.INVALID;
  }
  const file = options.file ?? bundledSavedObjectsPath();
  let ndjson: string;
  try {
    ndjson = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr.write(`lagwatch setup kibana: cannot read ${file}: ${(err as Error).message}\n`);
    return ExitCode.INVALID;
  }
  const fileName = basename(file).endsWith('.ndjson') ? basename(file) : 'lagwatch.ndjson';
  const headers = importHeaders(io.env ?? process.env);
  const deadline = Date.now() + (options.waitMs ?? 0);
  const delayMs = options.retryDelayMs ?? KIBANA_RETRY_DELAY_MS;
  let attempt = await attemptImport(url, headers, ndjson, fileName);
  // Kibana's Retry-After, when it sends one, is waited out (never less than delayMs).
  const waitMs = (a: Attempt): number =>
    Math.max(delayMs, a.kind === 'retryable' ? (a.retryAfterMs ?? 0) : 0);
  while (attempt.kind === 'retryable' && Date.now() + waitMs(attempt) < deadline) {
    await sleep(waitMs(attempt));
    attempt = await attemptImport(url, headers, ndjson, fileName);
  }
  const where = `Kibana at ${base}${options.space ? ` (space ${options.space})` : ''}`;
  if (attempt.kind !== 'ok') {
    io.stderr.write(`lagwatch setup kibana: ${where}: ${attempt.error}\n`);
    return ExitCode.FAILED;
  }
  const { success, successCount = 0, errors = [] } = attempt.body;
  if (success !== true || errors.length > 0) {
    io.stderr.write(
      `lagwatch setup kibana: ${where} imported ${successCount} saved objects and refused ${errors.length}:\n` +
        errors.map((e) => `  ${describeError(e)}\n`).join(''),
    );
    return ExitCode.FAILED;
  }
  io.stdout.write(`imported ${successCount} saved objects from ${file} into ${where}\n`);
  return ExitCode.OK;
}

function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected milliseconds (0 or more).');
  return n;
}

/** Adds `kibana` to the program's `setup` command (creating `setup` if it is not there). */
export function registerSetupKibana(program: Command, cli: CliRuntime = processRuntime()): void {
  const setup =
    program.commands.find((c) => c.name() === 'setup') ??
    program.command('setup').description('install what the sinks need on their servers');
  setup
    .command('kibana')
    .description("import lagwatch's Kibana data views, visualisations and dashboard")
    .option('--url <url>', "Kibana's base URL", DEFAULT_KIBANA_URL)
    .option('--file <ndjson>', 'saved objects to import (default: the ones lagwatch ships)')
    .option('--space <id>', 'a Kibana space other than the default one')
    .option('--wait-ms <ms>', 'keep retrying this long while Kibana is starting', nonNegativeInt, 0)
    .addHelpText(
      'after',
      '\nCredentials (Kibana with security on): LAGWATCH_KIBANA_API_KEY, or\n' +
        'LAGWATCH_KIBANA_USERNAME and LAGWATCH_KIBANA_PASSWORD.\n' +
        'Exit code 0: imported. 1: Kibana refused, reported errors or was not reached.\n' +
        '2: a wrong URL or an unreadable file.',
    )
    .action(async (options: { url: string; file?: string; space?: string; waitMs: number }) => {
      cli.exit(await runSetupKibana(options, cli.io));
    });
}
