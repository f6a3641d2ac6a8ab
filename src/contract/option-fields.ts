// The small value types every options schema is built from (the config's, each sink's).
// Every message starts with "expected" (src/config/zod-issues.ts turns it into "path:
// expected X, found Y"); a custom issue may carry `params.found` when the raw value alone
// would not say what is wrong.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseByteSize } from './byte-size.js';
import { parseDuration } from './duration.js';

export const expect = (text: string): { error: string } => ({ error: `expected ${text}` });

/** Cluster and sink names: they appear in URLs, metric labels and env var names. */
export const name = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    expect('a name of 1 to 64 letters, digits, "-" or "_", starting with a letter or digit'),
  );

/** An http(s) URL without credentials in it (those come from env or file only). */
export const httpUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an http:// or https:// URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'expected an http:// or https:// URL' });
  } else if (url.username !== '' || url.password !== '') {
    url.username = url.username === '' ? '' : '***';
    url.password = url.password === '' ? '' : '***';
    ctx.addIssue({
      code: 'custom',
      message: 'expected a URL without credentials (use username and passwordEnv/passwordFile)',
      params: { found: JSON.stringify(url.href) },
    });
  }
});

export const envVarName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    expect('the name of an environment variable (letters, digits and "_")'),
  );

/** A path, made absolute against the current directory. */
export const filePath = z
  .string()
  .min(1)
  .transform((path) => resolve(path));

function fileProblem(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'not a regular file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    return code ?? (err as Error).message;
  }
}

/** A file that must exist and be readable now (TLS material); made absolute. */
export const readableFile = filePath.transform((path, ctx) => {
  const problem = fileProblem(path);
  if (problem !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a readable file',
      params: { found: `${JSON.stringify(path)} (${problem})` },
    });
  }
  return path;
});

/** A duration in ms: a number of ms or a string like "30s", "7d"; at least `minMs`. */
export function durationMs(minMs: number) {
  const wanted = `a duration of at least ${minMs} ms: a number of milliseconds or a string like "30s", "5m", "7d"`;
  return z.union([z.number(), z.string()], expect(wanted)).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < minMs) {
      ctx.addIssue({ code: 'custom', message: `expected ${wanted}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A size in bytes: a number or a string like "512KiB", "100MB"; at least `minBytes`. */
export function byteSize(minBytes: number) {
  const wanted = `a size of at least ${minBytes} bytes: a number or a string like "512KiB", "100MB"`;
  return z.union([z.number(), z.string()], expect(wanted)).transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined || bytes < minBytes) {
      ctx.addIssue({ code: 'custom', message: `expected ${wanted}` });
      return z.NEVER;
    }
    return bytes;
  });
}
