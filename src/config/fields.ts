// The small value types the config is built from. Every message set here starts with
// "expected" (zod-issues.ts turns it into "path: expected X, found Y"); a custom issue
// may carry `params.found` when the raw value alone would not say what is wrong.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { validate, validateDetailed } from 'node-cron';
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

const hostPattern = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;

/** "kafka-1:9092" -> {host: 'kafka-1', port: 9092}; "[::1]:80" -> {host: '::1', port: 80}. */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (colon <= 0 || !hostPattern.test(host) || !/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port > 65535) return undefined;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

export const brokerAddress = z
  .string()
  .refine(
    (text) => (splitHostPort(text)?.port ?? 0) > 0,
    expect('host:port with a port from 1 to 65535'),
  );

export const listenAddress = z
  .string()
  .refine(
    (text) => splitHostPort(text) !== undefined,
    expect('host:port with a port from 0 to 65535'),
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

/** A node-cron expression; six fields when seconds are given. */
export const cronExpression = z.string().superRefine((expression, ctx) => {
  if (validate(expression)) return;
  const why = validateDetailed(expression)
    .errors.map((e) => e.message)
    .join('; ');
  ctx.addIssue({
    code: 'custom',
    message: 'expected a node-cron expression "[second] minute hour day-of-month month weekday"',
    params: { found: `${JSON.stringify(expression)}${why === '' ? '' : ` (${why})`}` },
  });
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
